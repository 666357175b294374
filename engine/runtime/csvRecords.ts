// The data rows of a CSV for prediction, a block at a time: csv-parse fed from the file in 16 KiB reads,
// so the caller can await between blocks (onnxruntime, a write) without the file running ahead and
// without a promise per record. Header checks, row numbering (blank lines skipped and not counted),
// field counts and CSV syntax errors are the data layer's own (engine/data/csv/readCsv.ts), so every
// message names the same file, row and column as training's reader would.
import * as fs from 'node:fs';
import type { CsvError } from 'csv-parse';
import { isSeqLabError } from '../errors';
import { csvError, csvParser, DATA_FILE_HINT, fieldCountError, headerNames, ioError, readSample } from '../data/csv/readCsv';
import { detectDelimiter, type Delimiter } from '../data/csv/delimiter';
import { statRegularFile } from '../io/files';
import { SeqLabError } from '../errors';

/** Bytes per read: small enough that the parser's garbage stays in V8's young generation. */
const READ_BYTES = 16 * 1024;

export interface CsvRows {
  file: string;
  delimiter: Delimiter;
  /** Column names, trimmed and checked (unique, non-empty). */
  header: string[];
  /** Blocks of data records in file order, each with as many fields as the header; row numbers run from 1. */
  blocks: AsyncGenerator<string[][], void, undefined>;
}

/** Opens `file` (a regular file), detects its delimiter and reads its header. */
export async function openCsvRows(file: string): Promise<CsvRows> {
  statRegularFile(file, { what: 'data file', notFoundHint: DATA_FILE_HINT });
  const delimiter = detectDelimiter(readSample(file), file);
  const records = rawRecordBlocks(file, delimiter);
  let header: string[] | null = null;
  let pending: string[][] = [];
  while (!header) {
    const next = await records.next();
    if (next.done) throw new SeqLabError('BAD_DATA', 'the file is empty', { file }, 'a CSV needs a header line and at least one data row');
    if (next.value.length === 0) continue;
    header = headerNames(next.value[0], file);
    pending = next.value.slice(1);
  }
  return { file, delimiter, header, blocks: dataBlocks(file, delimiter, header.length, pending, records) };
}

async function* dataBlocks(file: string, delimiter: Delimiter, columns: number, first: string[][], records: AsyncGenerator<string[][]>): AsyncGenerator<string[][], void, undefined> {
  let row = 0;
  let block: string[][] | null = first;
  let any = false;
  try {
    while (block) {
      const rows: string[][] = [];
      for (const record of block) {
        // A line of blanks is skipped like an empty line, and not counted (as readCsv does).
        if (record.length === 1 && columns > 1 && record[0].trim() === '') continue;
        row++;
        if (record.length !== columns) throw fieldCountError(record.length, columns, file, row, delimiter);
        rows.push(record);
      }
      if (rows.length > 0) {
        any = true;
        yield rows;
      }
      const next = await records.next();
      block = next.done ? null : next.value;
    }
  } finally {
    await records.return(undefined); // closes the file when the reader stops early
  }
  if (!any) throw new SeqLabError('BAD_DATA', 'has a header but no data rows', { file });
}

/** Every record of the file (header included), a read's worth at a time. */
async function* rawRecordBlocks(file: string, delimiter: Delimiter): AsyncGenerator<string[][], void, undefined> {
  const parser = csvParser(delimiter);
  let failure: unknown = null;
  parser.on('error', (error) => {
    failure ??= error;
  });
  // Synchronous reads: a CLI process has nothing else to do meanwhile, and an awaited read per block
  // (a thread-pool round trip each) cost more than the parsing on a busy machine.
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw ioError(error, file);
  }
  const drain = (): string[][] => {
    const out: string[][] = [];
    for (let record = parser.read() as string[] | null; record !== null; record = parser.read() as string[] | null) out.push(record);
    return out;
  };
  const check = (): void => {
    // csv-parse fails the stream at once (stream.errored) and emits 'error' on the next tick, having
    // counted the records before the bad one: its count says which record failed (the header is record 1).
    const error = failure ?? parser.errored;
    if (error) throw isSeqLabError(error) ? error : csvError(error as CsvError, file, Math.max(1, parser.info.records));
  };
  try {
    for (;;) {
      let bytesRead: number;
      const buffer = Buffer.allocUnsafe(READ_BYTES); // the parser may keep a reference to a partial record
      try {
        bytesRead = fs.readSync(fd, buffer, 0, READ_BYTES, null);
      } catch (error) {
        throw ioError(error, file);
      }
      check();
      if (bytesRead === 0) break;
      parser.write(bytesRead === READ_BYTES ? buffer : buffer.subarray(0, bytesRead));
      const records = drain();
      check();
      yield records;
    }
    parser.end();
    const last = drain();
    await new Promise((resolve) => setImmediate(resolve)); // let an error from the end of input arrive
    check();
    yield [...last, ...drain()];
  } finally {
    parser.destroy();
    fs.closeSync(fd);
  }
}

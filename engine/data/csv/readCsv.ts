// Streaming CSV reader: csv-parse turns bytes into records as they arrive, and each record goes straight
// into typed-array columns (column.ts), so a 100 MB file never becomes 100 MB of strings. Handles a BOM,
// CRLF, quoted fields; the delimiter is detected (delimiter.ts) or given. Every problem is a
// SeqLabError BAD_DATA naming the file, the 1-based data row (header excluded) and the column.
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { parse, type CsvError, type Parser } from 'csv-parse';
import { SeqLabError, isSeqLabError } from '../../errors';
import { statRegularFile } from '../../io/files';
import { isOsError, osError } from '../../io/osError';
import { ColumnAccumulator, type RawTable } from './column';
import { type Delimiter, detectDelimiter } from './delimiter';
import { type TimeFormat, timeFormat } from './timeFormats';

export type { RawColumn, RawTable, ColumnKind } from './column';

const SAMPLE_BYTES = 64 * 1024;

export interface CsvReadOptions {
  /** 'auto' detects from the first lines. */
  delimiter?: Delimiter | 'auto';
  /** The config's data.columns.time and timeFormat: a date format given there is the only one tried
   *  on the time column (on every column when the time column is "auto"). */
  time?: { columns: string | string[] | null; format: string };
}

/** A CSV line (or field) longer than this is refused: no table has one, and a file without line breaks
 *  (or an unclosed quote) would otherwise be held in memory whole before failing. */
export const MAX_LINE_CHARS = 4 << 20;
/** Columns a CSV may have: each column's typed arrays start at a few kilobytes, so a short file with a
 *  header of 200,000 names would otherwise take gigabytes before its first row. */
export const MAX_COLUMNS = 10_000;

export async function readCsvFile(file: string, options: CsvReadOptions = {}): Promise<RawTable> {
  statRegularFile(file, { what: 'data file', notFoundHint: DATA_FILE_HINT });
  let delimiter = options.delimiter ?? 'auto';
  if (delimiter === 'auto') delimiter = detectDelimiter(readSample(file), file);
  return readCsvStream(fs.createReadStream(file, { highWaterMark: 256 * 1024 }), file, delimiter, options.time);
}

/** Reads CSV from chunks (strings or bytes, split anywhere). `file` only names the source in messages. */
export async function readCsvChunks(chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>, file: string, options: CsvReadOptions = {}): Promise<RawTable> {
  let delimiter = options.delimiter ?? 'auto';
  const list: (string | Uint8Array)[] = [];
  if (delimiter === 'auto') {
    // Detection needs the head of the input; collect it (and keep every chunk for the parser).
    for await (const chunk of chunks) {
      list.push(chunk);
    }
    const head = Buffer.concat(list.map((c) => (typeof c === 'string' ? Buffer.from(c) : Buffer.from(c)))).subarray(0, SAMPLE_BYTES);
    delimiter = detectDelimiter(head.toString('utf8'), file);
    return readCsvStream(Readable.from(list.map(toBuffer), { objectMode: false }), file, delimiter, options.time);
  }
  return readCsvStream(Readable.from(toBuffers(chunks), { objectMode: false }), file, delimiter, options.time);
}

async function* toBuffers(chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) yield toBuffer(chunk);
}

function toBuffer(chunk: string | Uint8Array): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export const DATA_FILE_HINT = "data.file is relative to the config file's folder";

/** The head of a file, for delimiter detection: up to SAMPLE_BYTES, whole lines or not. */
export function readSample(file: string, bytes = SAMPLE_BYTES): string {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw ioError(error, file);
  }
  try {
    const buffer = Buffer.alloc(bytes);
    const read = fs.readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch (error) {
    throw ioError(error, file);
  } finally {
    fs.closeSync(fd);
  }
}

export function ioError(error: unknown, file: string): SeqLabError {
  if (!isOsError(error)) return new SeqLabError('IO', `cannot read the data file (${String(error)})`, { file });
  if (error.code === 'ENOENT') return new SeqLabError('IO', 'data file not found', { file }, DATA_FILE_HINT);
  return osError(error, { file, writing: false, what: 'the data file' });
}

/** The format forced on column `name` by the config, if any. */
function forcedFormat(time: CsvReadOptions['time'], name: string): TimeFormat | undefined {
  const format = time ? timeFormat(time.format) : undefined;
  if (!format || !time) return undefined;
  return time.columns === 'auto' || time.columns === name ? format : undefined;
}

async function readCsvStream(source: Readable, file: string, delimiter: Delimiter, time?: CsvReadOptions['time']): Promise<RawTable> {
  const parser = csvParser(delimiter);
  let sourceError: unknown;
  source.on('error', (error) => {
    sourceError = error;
    parser.destroy(error);
  });
  source.pipe(parser);
  let columns: ColumnAccumulator[] | undefined;
  let row = 0;
  const onRecord = (record: string[]): void => {
    if (!columns) {
      columns = headerColumns(record, file, time);
      return;
    }
    // A line of blanks is skipped like an empty line, and not counted: `row` numbers the rows the
    // columns hold (a counted blank line left the table one row longer than its columns).
    if (record.length === 1 && columns.length > 1 && record[0].trim() === '') return;
    row++;
    if (record.length !== columns.length) throw fieldCountError(record.length, columns.length, file, row, delimiter);
    for (let c = 0; c < columns.length; c++) columns[c].add(record[c], row);
  };
  try {
    // Records are taken as csv-parse emits them ('data'): an async iterator costs a promise per record,
    // a quarter of the reading time. (csv-parse's `info` option would give line numbers, but makes
    // parsing three times slower.)
    await new Promise<void>((resolve, reject) => {
      parser.on('data', (record: string[]) => {
        try {
          onRecord(record);
        } catch (error) {
          reject(error);
          parser.destroy();
        }
      });
      parser.on('end', resolve);
      parser.on('error', reject);
    });
  } catch (error) {
    source.destroy();
    if (isSeqLabError(error)) throw error;
    if (sourceError) throw ioError(sourceError, file);
    // The failing record is the one after those csv-parse counted (the header is record 1).
    throw csvError(error as CsvError, file, Math.max(1, parser.info.records));
  }
  if (!columns) throw new SeqLabError('BAD_DATA', 'the file is empty', { file }, 'a CSV needs a header line and at least one data row');
  if (row === 0) throw new SeqLabError('BAD_DATA', 'has a header but no data rows', { file });
  return { file, delimiter, rows: row, columns: columns.map((column) => column.finish()) };
}

/** The csv-parse stream every reader of data files uses (records as string arrays). */
export function csvParser(delimiter: Delimiter): Parser {
  return parse({ bom: true, delimiter, record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_LINE_CHARS });
}

/** A data row with more or fewer fields than the header. */
export function fieldCountError(fields: number, columns: number, file: string, row: number, delimiter: string): SeqLabError {
  return new SeqLabError('BAD_DATA', `has ${fields} field(s) but the header has ${columns}`, { file, row },
    fields > columns ? `a number with a thousands separator, or a text with a "${delimiter === '\t' ? 'tab' : delimiter}" in it? quote the field or remove the separator` : 'every row needs one field per header column (an empty field for a missing value)');
}

function headerColumns(record: string[], file: string, time: CsvReadOptions['time']): ColumnAccumulator[] {
  return headerNames(record, file).map((name, index) => new ColumnAccumulator(name, index, forcedFormat(time, name)));
}

/** The header's column names (trimmed); refuses too many columns, an empty name or a repeated one. */
export function headerNames(record: string[], file: string): string[] {
  if (record.length > MAX_COLUMNS) {
    throw new SeqLabError('BAD_DATA', `header: ${record.length.toLocaleString('en-US')} columns; SeqLab reads at most ${MAX_COLUMNS.toLocaleString('en-US')}`, { file },
      'a table with one column per time step or per series is the wrong way round: SeqLab reads one time step per row');
  }
  const seen = new Map<string, number>();
  return record.map((raw, index) => {
    const name = raw.trim();
    if (name === '') {
      throw new SeqLabError('BAD_DATA', `header: column ${index + 1} has no name`, { file, column: index + 1 }, 'give every column a name in the first line');
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new SeqLabError('BAD_DATA', `header: columns ${earlier + 1} and ${index + 1} are both named ${JSON.stringify(name)}`, { file, column: name }, 'column names must be unique');
    }
    seen.set(name, index);
    return name;
  });
}

export function csvError(error: CsvError, file: string, row: number): SeqLabError {
  const code = error?.code ?? '';
  const line = (error as unknown as { lines?: number })?.lines;
  const where = line !== undefined ? ` (line ${line})` : '';
  if (code === 'CSV_QUOTE_NOT_CLOSED') return new SeqLabError('BAD_DATA', `a quoted field is never closed${where}`, { file, row }, 'every " that opens a field needs a closing "');
  if (code === 'CSV_INVALID_CLOSING_QUOTE' || code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') {
    return new SeqLabError('BAD_DATA', `unexpected character after a closing quote${where}`, { file, row }, 'a " inside a quoted field is written ""');
  }
  if (code === 'CSV_MAX_RECORD_SIZE') {
    return new SeqLabError('BAD_DATA', `a line or field is longer than ${MAX_LINE_CHARS.toLocaleString('en-US')} characters${where}`, { file, row },
      'is this a CSV file? a quote that is never closed also makes the rest of the file one field');
  }
  if (code === 'INVALID_OPENING_QUOTE') return new SeqLabError('BAD_DATA', `a quote in the middle of an unquoted field${where}`, { file, row }, 'quote the whole field and write the inner " as ""');
  return new SeqLabError('BAD_DATA', `cannot be read as CSV: ${error?.message ?? String(error)}`, { file, row });
}

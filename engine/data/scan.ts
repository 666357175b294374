// The shape of a data file without preparing it: its header and first rows (the first 32 KiB, parsed as
// the reader parses the whole file, a few kilobytes per turn of the event loop), and its rows or
// characters counted by a streaming byte scan (quotes respected), or estimated from the file size.
// Nothing here blocks an event loop for long (stat, head and count are asynchronous; 256 KiB of work per
// turn), so the editor's host can call it. Enough for the memory estimate (engine/config/memory.ts) and
// the editor's diagnostics (a column not in the file, a window longer than a split) on files of any size.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveDataFile } from '../config/load';
import type { DataShape } from '../config/memory';
import type { SeqLabConfig } from '../config/schema.generated';
import { statRegularFileAsync } from '../io/files';
import { isOsError, osError } from '../io/osError';
import { readCsvChunks, type RawTable } from './csv/readCsv';
import { detectDelimiter } from './csv/delimiter';
import { resolveRoles, type ColumnRoles } from './roles';
import { chronologicalRanges } from './split';
import { SPLIT_NAMES, type Task } from './types';

export interface DataScan {
  file: string;
  bytes: number;
  /** CSV: the header's column names (empty for text). */
  header: string[];
  /** CSV: the first rows as the reader reads them (column kinds, levels); null when none fit the sample. */
  sample: RawTable | null;
  /** CSV data rows (header and blank lines excluded), or characters of a text (CRLF counted as one). */
  rows: number;
  /** Whether `rows` (and `distinctCharacters`) were counted over the whole file or estimated from its head. */
  counted: boolean;
  /** Text: distinct characters. */
  distinctCharacters: number;
}

export interface ScanOptions {
  /** Count rows (characters) over the whole file instead of estimating them from its size. */
  count?: boolean;
  delimiter?: ',' | ';' | '\t' | 'auto';
}

const SAMPLE_BYTES = 32 * 1024;
/** Bytes counted per turn of the event loop: a few milliseconds of work, so an editor's host stays responsive. */
const CHUNK_BYTES = 256 * 1024;
const cache = new Map<string, DataScan>();

export async function scanDataFile(file: string, task: Task, options: ScanOptions = {}): Promise<DataScan> {
  const { bytes, mtimeMs } = await statRegularFileAsync(file, { what: task === 'text' ? 'text file' : 'data file', notFoundHint: "data.file is relative to the config file's folder" });
  const key = JSON.stringify([file, bytes, mtimeMs, task, options.delimiter ?? 'auto', options.count ?? false]);
  const known = cache.get(key);
  if (known) return known;
  const head = await readHead(file, SAMPLE_BYTES);
  const scan = task === 'text' ? await scanText(file, bytes, head, options.count ?? false) : await scanCsv(file, bytes, head, options);
  if (cache.size > 32) cache.clear();
  cache.set(key, scan);
  return scan;
}

/** The first `bytes` bytes of a file as text (a character cut at the end becomes U+FFFD). */
async function readHead(file: string, bytes: number): Promise<string> {
  try {
    const handle = await fs.promises.open(file, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (isOsError(error)) throw osError(error, { file, writing: false, what: 'the data file' });
    throw error;
  }
}

async function scanCsv(file: string, bytes: number, head: string, options: ScanOptions): Promise<DataScan> {
  const delimiter = options.delimiter === undefined || options.delimiter === 'auto' ? detectDelimiter(head, file) : options.delimiter;
  const whole = Buffer.byteLength(head) >= bytes;
  // Whole lines only, unless the sample is the whole file.
  const cut = whole ? head : head.slice(0, Math.max(head.lastIndexOf('\n'), 0));
  // A sample that cannot be read (no whole row in it, a bad cell) leaves the column kinds unknown: the
  // whole-file read reports what is wrong, with the row.
  const sample = await readCsvChunks(yielding(cut), file, { delimiter }).catch(() => null);
  const header = sample ? sample.columns.map((column) => column.name) : headerOf(cut, delimiter);
  if (whole && sample) return { file, bytes, header, sample, rows: sample.rows, counted: true, distinctCharacters: 0 };
  if (options.count) return { file, bytes, header, sample, rows: Math.max(0, (await countRecords(file)) - 1), counted: true, distinctCharacters: 0 };
  const headerBytes = Buffer.byteLength(cut.split(/\r?\n|\r/, 1)[0]) + 1;
  const perRow = sample && sample.rows > 0 ? (Buffer.byteLength(cut) - headerBytes) / sample.rows : Math.max(1, headerBytes);
  return { file, bytes, header, sample, rows: Math.round((bytes - headerBytes) / perRow), counted: false, distinctCharacters: 0 };
}

/** The text in pieces, a turn of the event loop apart: parsing the sample never blocks for long. */
async function* yielding(text: string, piece = 4096): AsyncGenerator<string> {
  for (let start = 0; start < text.length; start += piece) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    yield text.slice(start, start + piece);
  }
}

function headerOf(text: string, delimiter: string): string[] {
  const first = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n|\r/, 1)[0] ?? '';
  return first.split(delimiter).map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
}

/** Records with content (csv-parse skips empty lines and the reader lines of blanks), quotes respected. */
async function countRecords(file: string): Promise<number> {
  let records = 0;
  let inQuotes = false;
  let content = false;
  await eachChunk(file, (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (inQuotes) {
        if (byte === 0x22) inQuotes = false;
      } else if (byte === 0x22) {
        inQuotes = true;
        content = true;
      } else if (byte === 0x0a || byte === 0x0d) {
        if (content) records++;
        content = false;
      } else if (byte !== 0x20 && byte !== 0x09) content = true;
    }
  });
  return content ? records + 1 : records;
}

async function scanText(file: string, bytes: number, head: string, count: boolean): Promise<DataScan> {
  if (!count && Buffer.byteLength(head) < bytes) {
    // Estimated: at most one character per byte; the head's distinct characters.
    return { file, bytes, header: [], sample: null, rows: bytes, counted: false, distinctCharacters: new Set(head.replace(/\r\n?/g, '\n')).size };
  }
  // Code points as readText (engine/data/text.ts) yields them: UTF-8 decoded, CRLF and lone CR as
  // LF, a leading BOM dropped; malformed bytes count one each (the decoder's U+FFFD).
  let characters = 0;
  const seen = new Set<number>();
  let code = 0;
  let needed = 0;
  let previousCR = false;
  let first = true;
  const emit = (cp: number) => {
    if (first && cp === 0xfeff) return;
    first = false;
    if (previousCR && cp === 0x0a) {
      previousCR = false;
      return;
    }
    previousCR = cp === 0x0d;
    characters++;
    seen.add(cp === 0x0d ? 0x0a : cp);
  };
  await eachChunk(file, (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (needed > 0 && (byte & 0xc0) === 0x80) {
        code = (code << 6) | (byte & 0x3f);
        if (--needed === 0) emit(code);
        continue;
      }
      if (needed > 0) {
        emit(0xfffd); // a sequence cut short
        needed = 0;
      }
      if (byte < 0x80) emit(byte);
      else if ((byte & 0xe0) === 0xc0) [code, needed] = [byte & 0x1f, 1];
      else if ((byte & 0xf0) === 0xe0) [code, needed] = [byte & 0x0f, 2];
      else if ((byte & 0xf8) === 0xf0) [code, needed] = [byte & 0x07, 3];
      else emit(0xfffd);
    }
  });
  if (needed > 0) emit(0xfffd);
  return { file, bytes, header: [], sample: null, rows: characters, counted: true, distinctCharacters: seen.size };
}

async function eachChunk(file: string, consume: (chunk: Buffer) => void): Promise<void> {
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) consume(chunk as Buffer);
  } catch (error) {
    if (isOsError(error)) throw osError(error, { file, writing: false, what: 'the data file' });
    throw error;
  }
}

/** The shape a config gives its data, from a scan: exact counts where the scan counted, else estimates. */
export function shapeFromScan(config: SeqLabConfig, scan: DataScan, configFile: string): DataShape {
  const { data } = config;
  const ranges = chronologicalRanges(scan.rows, data.split);
  const windowsIn = (T: number, after: number, step = 1) =>
    SPLIT_NAMES.map((split) => Math.max(0, Math.floor((ranges[split].end - ranges[split].start - T - after + step) / step)));
  if (data.task === 'text') {
    const [train, validation, test] = windowsIn(data.seqLength, 1, data.seqLength);
    const vocabulary = scan.distinctCharacters + 1; // + <unk>
    return { task: 'text', rows: scan.rows, columns: 0, inputSize: vocabulary, outputSize: vocabulary, targets: 0, window: data.seqLength, trainWindows: train, evalWindows: Math.max(validation, test), exact: false };
  }
  const roles = scan.sample ? rolesOrNull(scan.sample, config, configFile) : null;
  const timeColumns = Array.isArray(data.columns.time) ? data.columns.time.length : data.columns.time === null ? 0 : 1;
  const inputSize = roles ? roles.features.reduce((sum, f) => sum + (f.kind === 'onehot' ? f.levels.length : 1), 0)
    : Array.isArray(data.columns.features) ? data.columns.features.length : Math.max(1, scan.header.length - timeColumns);
  const targets = data.task === 'forecast' ? (roles ? roles.targets.length : Array.isArray(data.columns.targets) ? data.columns.targets.length : 1) : 0;
  const classes = Math.max(2, roles?.label?.classes.length ?? 2);
  const after = data.task === 'forecast' ? data.horizon : data.labelOffset;
  const [train, validation, test] = data.columns.sequenceId !== null ? [scan.rows, scan.rows, scan.rows] : windowsIn(data.window, after);
  return {
    task: data.task, rows: scan.rows, columns: scan.header.length, inputSize, outputSize: data.task === 'forecast' ? data.horizon * targets : classes,
    targets, window: data.window, trainWindows: train, evalWindows: Math.max(validation, test), exact: false,
  };
}

function rolesOrNull(sample: RawTable, config: SeqLabConfig, configFile: string): ColumnRoles | null {
  if (config.data.task === 'text') return null;
  try {
    return resolveRoles(sample, { task: config.data.task, columns: config.data.columns, labelOffset: config.data.labelOffset, configFile });
  } catch {
    return null;
  }
}

/** The data shape of a validated config, from a scan of its data file (see ScanOptions). */
export async function scanDataShape(config: SeqLabConfig, configFile: string, options: ScanOptions = {}): Promise<DataShape> {
  const file = resolveDataFile(config, path.resolve(configFile));
  const scan = await scanDataFile(file, config.data.task, { delimiter: config.data.delimiter, ...options });
  return shapeFromScan(config, scan, configFile);
}

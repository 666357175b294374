// `predict --rolling` as the rows arrive, for an input already in time order: nothing per row is kept,
// only the last window of features and a batch of windows for onnxruntime, so memory does not grow
// with the file. The rows must be exactly what the column path (inputTable.ts + predictTable.ts) would
// use unchanged: every input cell present and valid, within float32, and the time column (when there is
// one) strictly increasing by one constant step (or, for dates on one day of the month and time of day,
// a constant number of months), so that nothing is sorted, no gap row inserted and no cell filled. Each
// cell is read as the data layer's column reader reads it (csv/column.ts): numbers by
// parseTrimmedNumber, the time in the model's recorded format (DateReader, checked against luxon over
// the reader's sample), one-hot columns as trimmed text. The output is then that path's, byte for byte:
// the same row numbers, time cells, predicted cells and warnings. At the first row that breaks this the
// stream gives up (returns false) and the caller runs the column path on the whole file instead; so
// does a model whose time the reader decides only from the whole column (no recorded format, Unix
// times, a year + quarter pair).
import { isMissingCell, parseTrimmedNumber } from '../data/csv/cells';
import { MAX_LEVELS, SAMPLE_CELLS } from '../data/csv/column';
import { chooseDateFormats, DateReader } from '../data/csv/dateColumn';
import { libraryMillis, timeFormat, type TimeFormat } from '../data/csv/timeFormats';
import { timeCells } from '../data/time';
import type { SeqLabModelMetadata } from '../onnx/metadataTypes';
import type { CsvRows } from './csvRecords';
import { RangeWatch } from './inputRange';
import type { SeqLabModel } from './modelSession';
import type { CsvOutput } from './predictOutput';
import { CHUNK, predictedCells, rollingHeader, runWindows } from './predictTable';

/** Batches sent to the model before the oldest is written: one computing while the next is built. */
const IN_FLIGHT = 2;

/** How each model input is read from a record. */
type InputReader =
  | { kind: 'numeric'; index: number; feature: number; watch: number }
  | { kind: 'onehot'; index: number; feature: number; levels: Map<string, number>; width: number; seen: Set<string>; sawLevel: boolean };

/**
 * Streams the rolling predictions of `rows` into `out` (`file` names the input in warnings); false when
 * the column path must run instead (what was written to `out` is then to be restarted).
 */
export async function streamRolling(model: SeqLabModel, rows: CsvRows, file: string, out: CsvOutput, warn: (text: string) => void): Promise<boolean> {
  try {
    return await stream(model, rows, file, out, warn);
  } finally {
    await rows.blocks.return(undefined); // closes the file when the stream gave up early
  }
}

/**
 * Whether a model's rolling predictions can stream at all: windows over one series of tabular inputs,
 * a time (if any) that each cell gives on its own (numbers, or dates in a recorded one-column format),
 * and one-hot levels that the column reader could never take for numbers or dates.
 */
export function canStream(meta: SeqLabModelMetadata): boolean {
  if (meta.task === 'text' || meta.sequenceId || !meta.inputColumns || !meta.normalization) return false;
  if (meta.time && (meta.time.columns || (meta.time.kind === 'date' && !timeFormat(meta.time.format ?? 'auto')))) return false;
  return meta.inputColumns.every((input) => input.kind === 'numeric'
    || input.levels.every((level) => Number.isNaN(parseTrimmedNumber(level)) && chooseDateFormats([level]) === null));
}

async function stream(model: SeqLabModel, rows: CsvRows, file: string, out: CsvOutput, warn: (text: string) => void): Promise<boolean> {
  const meta = model.metadata;
  if (!canStream(meta) || !meta.inputColumns || !meta.normalization) return false;
  const position = new Map(rows.header.map((name, index) => [name, index]));
  if (meta.inputColumns.some((input) => !position.has(input.column))) return false; // the column path names it
  const watch = new RangeWatch(meta, file);
  let watched = 0;
  const inputs: InputReader[] = meta.inputColumns.map((input) => input.kind === 'numeric'
    ? { kind: 'numeric', index: position.get(input.column)!, feature: input.feature, watch: watched++ }
    : { kind: 'onehot', index: position.get(input.column)!, feature: input.feature, levels: new Map(input.levels.map((level, l) => [level, l])), width: input.levels.length, seen: new Set(), sawLevel: false });
  const timeIndex = meta.time ? position.get(meta.time.column) ?? -1 : -1;
  const time = timeIndex >= 0 ? new TimeCheck(meta.time!.kind === 'date' ? timeFormat(meta.time!.format!)! : null) : null;

  const T = meta.window;
  const F = meta.normalization.features.names.length;
  const lag = meta.task === 'classify' ? meta.labelOffset ?? 1 : 1;
  const first = T - 1 + lag; // the first row with a full window before it (0-based)
  // Rows [start, next) of the file: the features of the windows still to be predicted, their times.
  // A block of records is turned into these first and predicted after, so no record lives across an
  // onnxruntime call (records that survive two scavenges are promoted and fill the old generation).
  let capacity = CHUNK + T + lag + 2048;
  let features = new Float32Array(capacity * F);
  let times = new Float64Array(capacity);
  let start = 0;
  let next = 0;
  let pending = first; // the next row to predict
  // A model on a worker (LoadOptions.worker) computes one batch while this thread reads the next rows
  // and writes the last batch's: IN_FLIGHT batches are sent at a time, each from its own buffer (a
  // session on this thread reads its input when the run starts, not when it is sent).
  const xs = Array.from({ length: IN_FLIGHT }, () => new Float32Array(CHUNK * T * F));
  let sent = 0;
  let headerWritten = false;
  // The batches sent and not yet written, oldest first.
  const inFlight: { first: number; count: number; times: Float64Array | null; output: Promise<Float32Array> }[] = [];

  /** Sends rows [pending, pending + count) to the model, then drops rows no later window needs. */
  const submit = (count: number): void => {
    const x = xs[sent++ % IN_FLIGHT];
    for (let b = 0; b < count; b++) {
      const from = pending + b - lag - T + 1 - start;
      x.set(features.subarray(from * F, (from + T) * F), b * T * F);
    }
    const output = runWindows(model, count === CHUNK ? x : x.subarray(0, count * T * F), count);
    output.catch(() => undefined); // awaited in complete(), unless the stream gives up first
    inFlight.push({ first: pending, count, times: time ? times.slice(pending - start, pending - start + count) : null, output });
    pending += count;
    const keep = Math.max(start, pending - lag - T + 1);
    features.copyWithin(0, (keep - start) * F, (next - start) * F);
    times.copyWithin(0, keep - start, next - start);
    start = keep;
  };

  /** Writes the rows of the oldest batch in flight once its predictions are back. */
  const complete = async (): Promise<void> => {
    const batch = inFlight.shift()!;
    const output = await batch.output;
    if (!headerWritten) {
      out.header(rollingHeader(meta, time ? meta.time! : null));
      headerWritten = true;
    }
    const axis = time ? { kind: meta.time!.kind, grain: time.grain, format: meta.time!.format } : null;
    for (let b = 0; b < batch.count; b++) {
      out.row([String(batch.first + b + 1), ...(axis ? timeCells(axis, batch.times![b]) : []), ...predictedCells(meta, output, b)]);
    }
  };

  /** Submits `count` windows once fewer than IN_FLIGHT batches are out (writing the oldest first). */
  const send = async (count: number): Promise<void> => {
    if (inFlight.length === IN_FLIGHT) await complete();
    submit(count);
  };

  for await (const block of rows.blocks) {
    if (next - start + block.length > capacity) {
      capacity = 2 * (next - start + block.length);
      const grown = new Float32Array(capacity * F);
      grown.set(features.subarray(0, (next - start) * F));
      features = grown;
      const grownTimes = new Float64Array(capacity);
      grownTimes.set(times.subarray(0, next - start));
      times = grownTimes;
    }
    for (const record of block) {
      const at = next - start;
      const row = next + 1;
      if (time) {
        const value = time.add(record[timeIndex]);
        if (value === null) return false;
        times[at] = value;
      }
      features.fill(0, at * F, (at + 1) * F);
      for (const input of inputs) {
        const text = record[input.index];
        if (isMissingCell(text)) return false; // a missing value is filled (or refused) by the column path
        const trimmed = text.trim();
        if (input.kind === 'numeric') {
          const value = parseTrimmedNumber(trimmed);
          if (Number.isNaN(value) || !watch.add(input.watch, value, row)) return false;
          features[at * F + input.feature] = value;
        } else {
          // The column reader keeps a column as text (its codes the trimmed cells) when its sample is
          // neither all numbers nor all dates: a training level in the sample settles that.
          if (!Number.isNaN(parseTrimmedNumber(trimmed))) return false;
          const level = input.levels.get(trimmed);
          if (level !== undefined) {
            features[at * F + input.feature + level] = 1; // a level training never saw: all zeros
            input.sawLevel = true;
          } else if (!input.sawLevel && next >= SAMPLE_CELLS - 1) return false;
          // It codes at most MAX_LEVELS distinct texts and treats the rest as missing.
          if (!input.seen.has(trimmed)) {
            if (input.seen.size >= MAX_LEVELS) return false;
            input.seen.add(trimmed);
          }
        }
      }
      next++;
    }
    while (next - pending >= CHUNK) await send(CHUNK);
  }
  if (next <= first || (time && !time.regular())) return false; // too short, or irregular: the column path says so or fills
  if (next > pending) await send(next - pending);
  while (inFlight.length > 0) await complete();
  for (const warning of watch.warnings()) warn(warning);
  return true;
}

/**
 * The time column, a value at a time, read as the data layer's column reader reads it (numbers by
 * parseTrimmedNumber; dates in the model's format by DateReader, the reader's sample also by luxon,
 * which must agree), and whether the values so far need no sorting or gap filling: strictly increasing
 * by a constant step.
 */
class TimeCheck {
  readonly grain: TimeFormat['grain'];
  private readonly reader: DateReader | null;
  private count = 0;
  private previous = NaN;
  private step = NaN;
  private steady = true;
  // Dates all on the first one's day of the month and time of day: detectSpacing counts months then.
  private firstDay = 0;
  private firstTimeOfDay = 0;
  private sameDay = true;
  private previousMonth = 0;
  private monthStep = NaN;
  private monthSteady = true;

  /** `format`: the model's date format; null for a numeric time. */
  constructor(private readonly format: TimeFormat | null) {
    this.reader = format ? new DateReader([format]) : null;
    this.grain = format?.grain ?? 'day';
  }

  /** The value of `text`, or null when the rows cannot stream (missing, unreadable, out of order). */
  add(text: string): number | null {
    if (isMissingCell(text)) return null;
    const trimmed = text.trim();
    // A time cell that reads as a number: the reader would take the column for numbers (its sample all
    // numbers) or as text; either way the column path decides.
    const number = parseTrimmedNumber(trimmed);
    let value: number;
    if (this.reader) {
      if (!Number.isNaN(number)) return null;
      value = this.reader.readMillis(trimmed);
      if (Number.isNaN(value) || (this.count < SAMPLE_CELLS && value !== libraryMillis(this.format!, trimmed))) return null;
      if (this.sameDay) this.trackMonths(value);
    } else {
      if (Number.isNaN(number)) return null;
      value = number;
    }
    if (this.count > 0) {
      const diff = value - this.previous;
      if (!(diff > 0)) return null;
      if (this.count === 1) this.step = diff;
      else if (diff !== this.step) this.steady = false;
    }
    this.previous = value;
    this.count++;
    return this.steady || (this.sameDay && this.monthSteady) ? value : null;
  }

  /** Whether detectSpacing finds no gap: the step it will measure (months or the constant difference) is the only one. */
  regular(): boolean {
    if (this.count < 3) return true; // the column path does not look for gaps then
    return this.reader && this.sameDay ? this.monthSteady : this.steady;
  }

  private trackMonths(ms: number): void {
    const date = new Date(ms);
    const day = date.getUTCDate();
    const timeOfDay = ms - Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), day);
    const month = date.getUTCFullYear() * 12 + date.getUTCMonth();
    if (this.count === 0) {
      this.firstDay = day;
      this.firstTimeOfDay = timeOfDay;
    } else {
      if (day !== this.firstDay || timeOfDay !== this.firstTimeOfDay) this.sameDay = false;
      const months = month - this.previousMonth;
      if (this.count === 1) this.monthStep = months;
      else if (months !== this.monthStep) this.monthSteady = false;
    }
    this.previousMonth = month;
  }
}

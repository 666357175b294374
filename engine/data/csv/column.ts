// One CSV column as it streams in, kept in typed arrays (no per-cell strings): its numbers, its dates
// while every value is one in the column's format, and its distinct text values while there are few.
// The column's first cells are held back as a sample that decides how the rest is read: all numbers →
// the number path; all dates in one format (dateColumn.ts) → the date path; else text. A cell that
// breaks the path's rule moves the column to the text path (a typo in a numeric column is still found).
// After the file is read, `kind` says what the column is.
import { type DateOutcome, DateReader, chooseDateFormats } from './dateColumn';
import { parseTrimmedNumber } from './cells';
import { GrowableFloat64, GrowableInt32, MAX_LEVELS, defineLazyLevels } from './growable';

export { MAX_LEVELS };
import { type DateGrain, type TimeFormat, printTime } from './timeFormats';

/** Present cells in the sample that chooses a column's path (and its date format). */
export const SAMPLE_CELLS = 200;
/** …or this many rows, for a column that is mostly empty. */
const SAMPLE_ROWS = 4096;

export type ColumnKind = 'numeric' | 'date' | 'categorical' | 'mixed' | 'empty';

export interface CellRef {
  /** 1-based data row (header excluded). */
  row: number;
  text: string;
}

type Path = 'number' | 'date' | 'text';

export class ColumnAccumulator {
  private readonly numbers = new GrowableFloat64();
  private dates: GrowableFloat64 | null = null;
  private codes: GrowableInt32 | null = null;
  private readonly levelIndex = new Map<string, number>();
  /** Codes were given up (too many levels, or dates that turned out not to be). */
  private codesLost = false;
  private sample: { text: string; row: number }[] | null = [];
  private samplePresent = 0;
  private path: Path = 'text';
  private reader: DateReader | null = null;
  /** The format a column was read in as dates until a cell broke it. */
  private brokenFormat: TimeFormat | null = null;
  missing = 0;
  numericCount = 0;
  nonNumericCount = 0;
  firstNonNumeric: CellRef | undefined;
  firstNonDate: CellRef | undefined;
  firstNumeric: CellRef | undefined;

  /** `forcedFormat`: the config's timeFormat for this column (the only format tried). */
  constructor(readonly name: string, readonly index: number, private readonly forcedFormat?: TimeFormat) {}

  add(text: string, row: number): void {
    if (this.sample) {
      const trimmed = text.trim();
      this.sample.push({ text: trimmed, row });
      if (trimmed.length > 0) this.samplePresent++;
      if (this.samplePresent >= SAMPLE_CELLS || this.sample.length >= SAMPLE_ROWS) this.choosePath();
      return;
    }
    this.addCell(text.trim(), row);
  }

  /** Decides the path from the sample, then reads the sample through it. */
  private choosePath(): void {
    const sample = this.sample as { text: string; row: number }[];
    this.sample = null;
    const present = sample.filter((cell) => cell.text.length > 0);
    const allNumbers = present.length > 0 && present.every((cell) => !Number.isNaN(parseTrimmedNumber(cell.text)));
    const formats = present.length > 0 && !allNumbers ? chooseDateFormats(present.map((cell) => cell.text), this.forcedFormat) : null;
    if (formats) {
      this.path = 'date';
      this.reader = new DateReader(formats);
      this.dates = new GrowableFloat64();
    } else if (allNumbers) {
      this.path = 'number';
      this.firstNonDate = present[0];
    } else {
      this.path = 'text';
      this.codes = new GrowableInt32();
      const unreadable = firstUnreadable(present, this.forcedFormat);
      this.firstNonDate = unreadable?.cell;
      if (unreadable?.mostlyDates && unreadable.format) this.brokenFormat = unreadable.format;
    }
    for (const cell of sample) this.addCell(cell.text, cell.row);
  }

  private addCell(text: string, row: number): void {
    if (text.length === 0) {
      this.missing++;
      this.numbers.push(NaN);
      this.dates?.push(NaN);
      this.codes?.push(-1);
      return;
    }
    if (this.path === 'date') {
      const reader = this.reader as DateReader;
      const ms = reader.open ? reader.readOpen(text, row) : reader.readMillis(text);
      if (!Number.isNaN(ms)) {
        this.nonNumericCount++;
        this.firstNonNumeric ??= { row, text };
        this.numbers.push(NaN);
        (this.dates as GrowableFloat64).push(ms);
        return;
      }
      // Not a date in the column's format: the column is text from here on, its earlier codes unknown.
      this.firstNonDate = reader.open && reader.unreadable[0] && reader.unreadable[1] ? laterOf(reader.unreadable as CellRef[]) : { row, text };
      this.brokenFormat = reader.formats[0];
      this.leaveDates();
    }
    const value = parseTrimmedNumber(text);
    if (Number.isNaN(value)) {
      this.nonNumericCount++;
      this.firstNonNumeric ??= { row, text };
      if (this.path === 'number') this.numbersToText();
    } else {
      this.numericCount++;
      this.firstNumeric ??= { row, text };
    }
    this.numbers.push(value);
    if (this.codes) this.addCode(text);
  }

  private leaveDates(): void {
    this.path = 'text';
    this.dates = null;
    this.reader = null;
    this.codesLost = true;
  }

  /** A text cell in a numeric column: the codes of the rows so far are their numbers as text. */
  private numbersToText(): void {
    this.path = 'text';
    this.codes = new GrowableInt32();
    const numbers = this.numbers.view();
    for (let i = 0; i < numbers.length && this.codes; i++) {
      if (Number.isNaN(numbers[i])) this.codes.push(-1);
      else this.addCode(String(numbers[i]));
    }
  }

  private addCode(text: string): void {
    let code = this.levelIndex.get(text);
    if (code === undefined) {
      code = this.levelIndex.size;
      if (code >= MAX_LEVELS) {
        this.codes = null;
        this.codesLost = true;
        this.levelIndex.clear();
        return;
      }
      this.levelIndex.set(text, code);
    }
    (this.codes as GrowableInt32).push(code);
  }

  finish(): RawColumn {
    if (this.sample) this.choosePath();
    let outcome: DateOutcome | null = null;
    if (this.path === 'date') {
      const reader = this.reader as DateReader;
      const dates = (this.dates as GrowableFloat64).view();
      const result = reader.open ? reader.finishOpen(dates) : { format: reader.formats[0] };
      if ('unreadable' in result) {
        this.firstNonDate = result.unreadable;
        this.brokenFormat = reader.formats[0];
        this.leaveDates();
      } else outcome = result;
    }
    const present = this.numericCount + this.nonNumericCount;
    const datesOk = outcome !== null && present > 0;
    let kind: ColumnKind;
    if (present === 0) kind = 'empty';
    else if (datesOk) kind = 'date';
    else if (this.nonNumericCount === 0) kind = 'numeric';
    else if (this.numericCount === 0) kind = 'categorical';
    // A few text cells among numbers is a typo in a numeric column; a few numbers among text are labels.
    else kind = this.numericCount > this.nonNumericCount ? 'mixed' : 'categorical';
    const numbers = this.numbers.view();
    const dates = datesOk ? (this.dates as GrowableFloat64).view() : null;
    const column: RawColumn = {
      name: this.name,
      index: this.index,
      kind,
      numbers,
      dates,
      dateFormat: outcome?.format ?? null,
      dateGrain: outcome?.format.grain ?? 'day',
      ...(outcome?.note ? { dateNote: outcome.note } : {}),
      ...(this.brokenFormat ? { brokenDateFormat: this.brokenFormat } : {}),
      codes: null,
      levels: null,
      missing: this.missing,
      firstNonNumeric: this.firstNonNumeric,
      firstNumeric: this.firstNumeric,
      firstNonDate: this.firstNonDate,
    };
    if (this.codes) {
      column.codes = this.codes.view();
      column.levels = [...this.levelIndex.keys()];
    } else if (!this.codesLost && present > 0) {
      // Number and date columns find their distinct values only when something asks (a sequence id,
      // a numeric label): most never need them, and a Map of every cell's text is the slow part of reading.
      const format = outcome?.format;
      defineLazyLevels(column, dates ?? numbers, format ? (v) => printTime(format, v) : String);
    }
    return column;
  }
}

function laterOf(cells: CellRef[]): CellRef {
  return cells[0].row > cells[1].row ? cells[0] : cells[1];
}

/** For messages about a sample that is not all dates: the format of its first cell (if any), the first
 *  cell not in it, and whether most cells are (then the column is dates with a few bad cells). */
function firstUnreadable(present: CellRef[], forced?: TimeFormat): { cell: CellRef; format?: TimeFormat; mostlyDates: boolean } | undefined {
  if (present.length === 0) return undefined;
  const formats = chooseDateFormats([present[0].text], forced);
  if (!formats) return { cell: present[0], mostlyDates: false };
  const reader = new DateReader([formats[0]]);
  const unreadable = present.filter((cell) => Number.isNaN(reader.readMillis(cell.text)));
  return { cell: unreadable[0] ?? present[0], format: formats[0], mostlyDates: unreadable.length * 2 < present.length };
}

/** A column of a CSV file after reading. Arrays have one entry per data row, in file order. */
export interface RawColumn {
  name: string;
  /** 0-based position in the header. */
  index: number;
  kind: ColumnKind;
  /** The cell as a number; NaN where missing or not a number. */
  numbers: Float64Array;
  /** The cell as a date (ms since epoch, UTC); null unless every present cell is a date in one format. */
  dates: Float64Array | null;
  /** The format the dates are written in (null when the column is not dates). */
  dateFormat: TimeFormat | null;
  dateGrain: DateGrain;
  /** How an ambiguous day-month order was decided, for the report. */
  dateNote?: string;
  /** The format the column's first cells were dates in, when a later cell was not (firstNonDate). */
  brokenDateFormat?: TimeFormat;
  /** Index into `levels` per row (-1 missing); null when the column has more than MAX_LEVELS values. */
  codes: Int32Array | null;
  /** Distinct present values in order of first appearance. */
  levels: string[] | null;
  missing: number;
  firstNonNumeric: CellRef | undefined;
  firstNumeric: CellRef | undefined;
  /** The first present cell that is not a date (none when the column is all dates). */
  firstNonDate: CellRef | undefined;
}

export interface RawTable {
  file: string;
  delimiter: string;
  rows: number;
  columns: RawColumn[];
}

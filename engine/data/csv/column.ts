// One CSV column as it streams in, kept in typed arrays (no per-cell strings): its numbers, its dates
// while every value still looks like one, and its distinct text values while there are few of them.
// After the file is read, `kind` says what the column is.
import { type DateGrain, isMissingCell, parseDateCell, parseStrictNumber } from './cells';

/** Above this many distinct values a text column's values are not kept (its codes are dropped): enough
 *  for sequence ids, bounded for a free-text column. */
export const MAX_LEVELS = 100_000;

export type ColumnKind = 'numeric' | 'date' | 'categorical' | 'mixed' | 'empty';

class GrowableFloat64 {
  data = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

class GrowableInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

export interface CellRef {
  /** 1-based data row (header excluded). */
  row: number;
  text: string;
}

export class ColumnAccumulator {
  private readonly numbers = new GrowableFloat64();
  private dates: GrowableFloat64 | null = new GrowableFloat64();
  private codes: GrowableInt32 | null = new GrowableInt32();
  private readonly levelIndex = new Map<string, number>();
  private grain: DateGrain = 'month';
  missing = 0;
  numericCount = 0;
  nonNumericCount = 0;
  firstNonNumeric: CellRef | undefined;
  firstNonDate: CellRef | undefined;
  firstNumeric: CellRef | undefined;

  constructor(readonly name: string, readonly index: number) {}

  add(text: string, row: number): void {
    if (isMissingCell(text)) {
      this.missing++;
      this.numbers.push(NaN);
      this.dates?.push(NaN);
      this.codes?.push(-1);
      return;
    }
    const trimmed = text.trim();
    const value = parseStrictNumber(trimmed);
    if (value === undefined) {
      this.nonNumericCount++;
      this.firstNonNumeric ??= { row, text: trimmed };
    } else {
      this.numericCount++;
      this.firstNumeric ??= { row, text: trimmed };
    }
    this.numbers.push(value ?? NaN);
    if (this.dates) {
      const date = parseDateCell(trimmed);
      if (date) {
        this.dates.push(date.ms);
        if (date.grain === 'datetime' || (date.grain === 'day' && this.grain === 'month')) this.grain = date.grain;
      } else {
        this.firstNonDate = { row, text: trimmed };
        this.dates = null;
      }
    }
    if (this.codes) {
      let code = this.levelIndex.get(trimmed);
      if (code === undefined) {
        code = this.levelIndex.size;
        if (code >= MAX_LEVELS) {
          this.codes = null;
          this.levelIndex.clear();
          return;
        }
        this.levelIndex.set(trimmed, code);
      }
      this.codes.push(code);
    }
  }

  finish(): RawColumn {
    const present = this.numericCount + this.nonNumericCount;
    const datesOk = this.dates !== null && present > 0;
    let kind: ColumnKind;
    if (present === 0) kind = 'empty';
    else if (datesOk && this.nonNumericCount > 0) kind = 'date';
    else if (this.nonNumericCount === 0) kind = 'numeric';
    else if (this.numericCount === 0) kind = 'categorical';
    // A few text cells among numbers is a typo in a numeric column; a few numbers among text are labels.
    else kind = this.numericCount > this.nonNumericCount ? 'mixed' : 'categorical';
    return {
      name: this.name,
      index: this.index,
      kind,
      numbers: this.numbers.view(),
      dates: datesOk ? (this.dates as GrowableFloat64).view() : null,
      dateGrain: this.grain,
      codes: this.codes ? this.codes.view() : null,
      levels: this.codes ? [...this.levelIndex.keys()] : null,
      missing: this.missing,
      firstNonNumeric: this.firstNonNumeric,
      firstNumeric: this.firstNumeric,
      firstNonDate: this.firstNonDate,
    };
  }
}

/** A column of a CSV file after reading. Arrays have one entry per data row, in file order. */
export interface RawColumn {
  name: string;
  /** 0-based position in the header. */
  index: number;
  kind: ColumnKind;
  /** The cell as a number; NaN where missing or not a number. */
  numbers: Float64Array;
  /** The cell as a date (ms since epoch, UTC); null unless every present cell is an ISO-like date. */
  dates: Float64Array | null;
  dateGrain: DateGrain;
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

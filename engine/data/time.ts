// The time column: it orders the rows, its regular spacing (monthly, daily, every 0.5 …) is detected so
// gaps can be filled and predictions can continue it, and it is never a feature.
import { type DateGrain, formatIso, pairFormat, printPair, printTime, timeFormat } from './csv/timeFormats';

export type Spacing =
  | { unit: 'month'; step: number } // calendar months (12 = yearly), same day and time of day
  | { unit: 'ms'; step: number } // a fixed duration (86 400 000 = daily)
  | { unit: 'number'; step: number }; // a numeric time column (years as numbers, indices)

export interface TimeAxis {
  /** The time column; with a year + quarter or year + month time, the year column. */
  column: string;
  /** Both columns of a two-column time (absent for one column, and in models before it existed). */
  columns?: string[];
  kind: 'date' | 'number';
  /** For dates: how fine they are (month, day, or date and time). */
  grain: DateGrain;
  /** For dates: the file's format (data.columns.timeFormat), so that times are written back as the file
   *  writes them. Absent in models from before it was recorded: those write ISO forms by `grain`. */
  format?: string;
  /** Null when the spacing is irregular. */
  spacing: Spacing | null;
  first: string;
  last: string;
}

const DAY = 86_400_000;

export function describeSpacing(spacing: Spacing | null): string {
  if (!spacing) return 'irregular';
  const { unit, step } = spacing;
  if (unit === 'month') return step === 1 ? 'monthly' : step === 3 ? 'quarterly' : step === 12 ? 'yearly' : `every ${step} months`;
  if (unit === 'number') return `every ${step}`;
  if (step === DAY) return 'daily';
  if (step === 7 * DAY) return 'weekly';
  if (step === 3_600_000) return 'hourly';
  if (step === 60_000) return 'every minute';
  if (step % DAY === 0) return `every ${step / DAY} days`;
  if (step % 3_600_000 === 0) return `every ${step / 3_600_000} hours`;
  if (step % 60_000 === 0) return `every ${step / 60_000} minutes`;
  return `every ${step / 1000} s`;
}

type TimeStyle = Pick<TimeAxis, 'kind' | 'grain' | 'format'>;

/** A time as the file writes it, one cell per time column (two for year + quarter or month). */
export function timeCells(axis: TimeStyle, value: number): string[] {
  if (axis.kind === 'number') return [String(value)];
  if (axis.format === 'unix-s') return [String(value / 1000)];
  if (axis.format === 'unix-ms') return [String(value)];
  const pair = pairFormat(axis.format);
  if (pair) return printPair(pair, value);
  const format = axis.format ? timeFormat(axis.format) : undefined;
  return [format ? printTime(format, value) : formatIso(value, axis.grain)];
}

/** A time as one text, for reports: as the file writes it (a two-column time as "2020 Q1"/"2020-01";
 *  a Unix time with its date beside it). */
export function formatTimeValue(axis: TimeStyle, value: number): string {
  if (axis.kind === 'date' && axis.format?.startsWith('unix-')) return `${timeCells(axis, value)[0]} (${formatIso(value, 'datetime')})`;
  const pair = axis.kind === 'date' ? pairFormat(axis.format) : undefined;
  if (!pair) return timeCells(axis, value)[0];
  const [year, part] = printPair({ ...pair, written: pair.part === 'quarter' ? 'Qq' : 'number' }, value);
  return pair.part === 'quarter' ? `${year} ${part}` : `${year}-${part.padStart(2, '0')}`;
}

/** The value `steps` spacings after `value` (steps may be 0 or negative). */
export function advanceTime(spacing: Spacing, value: number, steps: number): number {
  if (spacing.unit !== 'month') return value + steps * spacing.step;
  const date = new Date(value);
  const months = date.getUTCFullYear() * 12 + date.getUTCMonth() + steps * spacing.step;
  return Date.UTC(Math.floor(months / 12), months % 12, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
}

/** The next `count` times after `last`, each as its cells written like the file: for `seqlab predict`. */
export function continueTime(axis: TimeAxis, last: number, count: number): string[][] {
  if (!axis.spacing) return [];
  const spacing = axis.spacing;
  return Array.from({ length: count }, (_, i) => timeCells(axis, advanceTime(spacing, last, i + 1)));
}

/** The time column names of an axis (two for a year + quarter or month time). */
export function timeColumnNames(axis: Pick<TimeAxis, 'column' | 'columns'>): string[] {
  return axis.columns ?? [axis.column];
}

/** Stable order of rows by time (NaN times are not allowed here; the caller checks them first). */
export function timeOrder(times: Float64Array): { order: Int32Array; wasSorted: boolean } {
  const order = new Int32Array(times.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  let wasSorted = true;
  for (let i = 1; i < times.length; i++) {
    if (times[i] < times[i - 1]) {
      wasSorted = false;
      break;
    }
  }
  if (!wasSorted) order.sort((a, b) => times[a] - times[b] || a - b);
  return { order, wasSorted };
}

function mostCommon(values: ArrayLike<number>): number {
  // A regular axis without gaps has one step: no need to count (a Map over a million steps shows).
  let same = 0;
  while (same < values.length && values[same] === values[0]) same++;
  if (same === values.length) return values[0];
  const counts = new Map<number, number>();
  let best = values[0];
  let bestCount = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (count > bestCount || (count === bestCount && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

export interface SpacingResult {
  spacing: Spacing | null;
  /** Rows a regular axis is missing between its first and last value. */
  gapRows: number;
}

/** Detects the spacing of sorted, distinct time values. */
export function detectSpacing(sorted: Float64Array, kind: 'date' | 'number'): SpacingResult {
  if (sorted.length < 3) return { spacing: null, gapRows: 0 };
  const diffs = new Float64Array(sorted.length - 1);
  let smallest = Infinity;
  for (let i = 0; i < diffs.length; i++) {
    diffs[i] = sorted[i + 1] - sorted[i];
    if (diffs[i] < smallest) smallest = diffs[i];
  }
  // Calendar months only when every step is at least a month long (28 days): a Date per row otherwise.
  if (kind === 'date' && smallest >= 28 * DAY && sameDayAndTime(sorted)) {
    const months = Array.from(sorted, (ms) => {
      const d = new Date(ms);
      return d.getUTCFullYear() * 12 + d.getUTCMonth();
    });
    const monthDiffs = months.slice(1).map((m, i) => m - months[i]);
    const result = regular(monthDiffs, mostCommon(monthDiffs), 0);
    if (result) return { spacing: { unit: 'month', step: result.step }, gapRows: result.gapRows };
  }
  const step = mostCommon(diffs);
  const result = regular(diffs, step, kind === 'number' ? 1e-9 : 0);
  if (!result) return { spacing: null, gapRows: 0 };
  return { spacing: { unit: kind === 'date' ? 'ms' : 'number', step: result.step }, gapRows: result.gapRows };
}

function regular(diffs: ArrayLike<number>, step: number, tolerance: number): { step: number; gapRows: number } | null {
  if (!(step > 0)) return null;
  let gapRows = 0;
  for (let i = 0; i < diffs.length; i++) {
    const ratio = diffs[i] / step;
    const whole = Math.round(ratio);
    if (whole < 1 || Math.abs(ratio - whole) > tolerance * Math.max(1, ratio)) return null;
    gapRows += whole - 1;
  }
  return { step, gapRows };
}

function sameDayAndTime(sorted: Float64Array): boolean {
  const first = new Date(sorted[0]);
  const day = first.getUTCDate();
  const timeOfDay = sorted[0] - Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), day);
  for (const ms of sorted) {
    const d = new Date(ms);
    if (d.getUTCDate() !== day || ms - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), day) !== timeOfDay) return false;
  }
  return true;
}

/**
 * Positions of every row of a regular axis with its gaps filled: for each filled row, the index of the
 * original (sorted) row it comes from, or -1 for an inserted row; and its time value.
 */
export function fillGaps(sorted: Float64Array, spacing: Spacing): { source: Int32Array; times: Float64Array } {
  const source: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0) {
      for (let k = 1; ; k++) {
        const expected = advanceTime(spacing, sorted[i - 1], k);
        if (expected >= sorted[i] - Math.abs(spacing.step) * 1e-9) break;
        source.push(-1);
        times.push(expected);
      }
    }
    source.push(i);
    times.push(sorted[i]);
  }
  return { source: Int32Array.from(source), times: Float64Array.from(times) };
}

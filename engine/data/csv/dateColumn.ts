// Dates in one CSV column: the format is chosen on a sample of the column's first cells, where luxon and
// the fast path must read every cell to the same instant; then the fast path reads the whole column.
// Dates written day-month (01/02/2020) may stay open in the sample (every number ≤ 12): the column then
// keeps both numbers of each cell and the order is decided from the whole column at the end — by a cell
// that only one order can read (13/01/2020), else by which reading gives the more regular series, else
// by the separator's custom ('/' month first, '.' and '-' day first) — and the choice is reported.
import { detectSpacing } from '../time';
import { type CompiledFormat, type Fields, compileTokens, isCalendarDate, parseIsoDateTime, readFields, utcMillis } from './fastDate';
import { type TimeFormat, ISO_DATE_TIME, TIME_FORMATS, libraryMillis } from './timeFormats';

/** Formats that read every sampled cell, luxon and the fast path agreeing: one format, or the two
 *  orders of a day-month format. Null when no format reads them all. `forced` (the config's
 *  timeFormat) is the only candidate when given. */
export function chooseDateFormats(sample: string[], forced?: TimeFormat): TimeFormat[] | null {
  if (sample.length === 0) return null;
  const candidates = forced ? [forced] : TIME_FORMATS.filter((format) => !format.order || isPaddingOf(format, sample));
  const fits = candidates.filter((format) => {
    const reader = new DateReader([format]);
    return sample.every((text) => {
      const ms = reader.readMillis(text);
      return !Number.isNaN(ms) && ms === libraryMillis(format, text);
    });
  });
  if (fits.length === 0) return null;
  const first = fits[0];
  const other = first.swapped ? fits.find((format) => format.name === first.swapped) : undefined;
  return other ? [first, other] : [first];
}

/** Zero-padded names (MM/DD) when every sampled day and month has two digits; M/D otherwise. */
function isPaddingOf(format: TimeFormat, sample: string[]): boolean {
  const padded = sample.every((text) => /^\d\d\D\d\d\D/.test(text));
  return format.name.startsWith('MM') || format.name.startsWith('DD') ? padded : !padded;
}

/** A day-month cell readable with this order (the day exists in that month of that year)? */
function validOrder(fields: Fields, dayFirst: boolean): boolean {
  return dayFirst ? isCalendarDate(fields.year, fields.second, fields.first) : isCalendarDate(fields.year, fields.first, fields.second);
}

const DAY = 86_400_000;

export interface DateOutcome {
  format: TimeFormat;
  /** Why the day-month order was chosen, when the column allowed both. */
  note?: string;
}

/** Reads the cells of one column in the chosen format(s). */
export class DateReader {
  private readonly compiled: CompiledFormat | null;
  private readonly fields: Fields = { year: 0, first: 0, second: 0, timeOfDay: 0 };
  /** The first cell each order cannot read (day-month pairs only). */
  readonly unreadable: ({ row: number; text: string } | undefined)[] = [undefined, undefined];

  constructor(readonly formats: TimeFormat[]) {
    this.compiled = formats[0].name === ISO_DATE_TIME ? null : compileTokens(formats[0].parse);
  }

  /** True while both orders of a day-month format are still open. */
  get open(): boolean {
    return this.formats.length === 2;
  }

  /** The cell's instant (ms since 1970 UTC) in the one format; NaN when it is not a date in it. */
  readMillis(text: string): number {
    if (!this.compiled) return parseIsoDateTime(text);
    const f = this.fields;
    if (!readFields(this.compiled, text, f)) return NaN;
    const dayFirst = this.formats[0].order === 'day-first';
    return utcMillis(f.year, dayFirst ? f.second : f.first, dayFirst ? f.first : f.second, f.timeOfDay);
  }

  /** For an open day-month pair: the cell's numbers packed into one exact float (decoded by finish),
   *  noting the first cell each order cannot read; NaN when it matches neither. */
  readOpen(text: string, row: number): number {
    const f = this.fields;
    if (!readFields(this.compiled as CompiledFormat, text, f)) return NaN;
    for (let o = 0; o < 2; o++) {
      if (!this.unreadable[o] && !validOrder(f, this.formats[o].order === 'day-first')) this.unreadable[o] = { row, text };
    }
    if (this.unreadable[0] && this.unreadable[1]) return NaN;
    // year·10⁴ + first·10² + second days, plus the time of day: below 2⁵³ for years up to 9999.
    return ((f.year * 100 + f.first) * 100 + f.second) * DAY + f.timeOfDay;
  }

  /** Decodes an open pair's packed values in place once the whole column is read, choosing the order.
   *  Returns the format used, or the first cell neither order can read as a whole column. */
  finishOpen(packed: Float64Array): DateOutcome | { unreadable: { row: number; text: string } } {
    const readable = [0, 1].filter((o) => !this.unreadable[o]);
    if (readable.length === 0) {
      const [a, b] = this.unreadable as { row: number; text: string }[];
      return { unreadable: a.row > b.row ? a : b };
    }
    const decode = (o: number) => Float64Array.from(packed, (v) => (Number.isNaN(v) ? NaN : unpack(v, this.formats[o].order === 'day-first')));
    if (readable.length === 1) {
      packed.set(decode(readable[0]));
      return { format: this.formats[readable[0]] };
    }
    const readings = [decode(0), decode(1)];
    const skipped = readings.map(skippedSteps);
    const custom = this.formats[0].name.includes('/') ? this.formats.findIndex((f) => f.order === 'month-first') : this.formats.findIndex((f) => f.order === 'day-first');
    const chosen = skipped[0] === skipped[1] ? custom : skipped[0] < skipped[1] ? 0 : 1;
    const other = 1 - chosen;
    packed.set(readings[chosen]);
    const [format, alternative] = [this.formats[chosen], this.formats[other]];
    const why = skipped[0] === skipped[1]
      ? `as is usual for dates written with "${format.name.includes('/') ? '/' : format.name.includes('.') ? '.' : '-'}"`
      : Number.isFinite(skipped[other])
        ? `it gives a regular series (read ${orderWords(alternative)} the times would skip ${skipped[other]} step(s))`
        : `it gives a regular series (read ${orderWords(alternative)} they are irregular)`;
    return {
      format,
      note: `every date's first two numbers are 12 or less, so they could be day or month: read as ${format.name} (${orderWords(format)}) because ${why}; if they are ${orderWords(alternative)}, set data.columns.timeFormat to "${alternative.name}"`,
    };
  }
}

function orderWords(format: TimeFormat): string {
  return format.order === 'day-first' ? 'day first' : 'month first';
}

function unpack(value: number, dayFirst: boolean): number {
  const timeOfDay = value % DAY;
  const key = (value - timeOfDay) / DAY;
  const second = key % 100;
  const first = Math.floor(key / 100) % 100;
  const year = Math.floor(key / 10_000);
  return utcMillis(year, dayFirst ? second : first, dayFirst ? first : second, timeOfDay);
}

/** Steps a reading's distinct times skip on a regular axis; Infinity when they are irregular. */
function skippedSteps(times: Float64Array): number {
  const sorted = Float64Array.from(new Set(times.filter((t) => !Number.isNaN(t)))).sort();
  const { spacing, gapRows } = detectSpacing(sorted, 'date');
  return spacing ? gapRows : Infinity;
}

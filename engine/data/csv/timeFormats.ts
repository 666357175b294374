// The time formats SeqLab reads, by the name `data.columns.timeFormat` and the model's metadata use.
// Each is written in luxon's format tokens, and luxon (strict, UTC, month names, quarters) is the
// authority: a format is chosen for a column only when luxon reads every sampled cell of it to the same
// instant as the fast path (fastDate.ts, the same tokens compiled once), and luxon writes times back.
// luxon takes 4–5 µs a cell, which would be 5 s for a 1,000,000-row column; the fast path well under
// 0.3 µs. test/unit/data/timeFormats.test.ts checks that the two agree on random dates in every format.
import { DateTime, Info } from 'luxon';

/** How fine the times of a format are (reports and older models format by it). */
export type DateGrain = 'month' | 'day' | 'datetime';

export interface TimeFormat {
  /** The name in data.columns.timeFormat, the model's metadata and the reports, e.g. "MM/DD/YYYY". */
  name: string;
  example: string;
  grain: DateGrain;
  /** luxon tokens that read the format (lenient about zero padding: "M" reads 1 and 01). */
  parse: string;
  /** luxon tokens that write it as the file does (continued times, reports). */
  print: string;
  /** Day-month formats: which field comes first, and the name of the other reading of the same digits. */
  order?: 'month-first' | 'day-first';
  swapped?: string;
}

const LUXON = { zone: 'utc', locale: 'en-US' } as const;
const DAY = 86_400_000;

function dayMonthFormats(): TimeFormat[] {
  const formats: TimeFormat[] = [];
  const times = [
    { name: '', parse: '', print: '', grain: 'day' as const, example: '' },
    { name: ' hh:mm', parse: ' H:mm', print: ' HH:mm', grain: 'datetime' as const, example: ' 13:45' },
    { name: ' hh:mm:ss', parse: ' H:mm:ss', print: ' HH:mm:ss', grain: 'datetime' as const, example: ' 13:45:00' },
  ];
  for (const sep of ['/', '.', '-']) {
    for (const padded of [true, false]) {
      for (const time of times) {
        const [M, D, m, d] = padded ? ['MM', 'DD', 'MM', 'dd'] : ['M', 'D', 'M', 'd'];
        const monthFirst = `${M}${sep}${D}${sep}YYYY${time.name}`;
        const dayFirst = `${D}${sep}${M}${sep}YYYY${time.name}`;
        const ex = (a: string, b: string) => `${a}${sep}${b}${sep}2020${time.example}`;
        formats.push(
          { name: monthFirst, example: ex(padded ? '01' : '1', '31'), grain: time.grain, parse: `M${sep}d${sep}yyyy${time.parse}`, print: `${m}${sep}${d}${sep}yyyy${time.print}`, order: 'month-first', swapped: dayFirst },
          { name: dayFirst, example: ex('31', padded ? '01' : '1'), grain: time.grain, parse: `d${sep}M${sep}yyyy${time.parse}`, print: `${d}${sep}${m}${sep}yyyy${time.print}`, order: 'day-first', swapped: monthFirst },
        );
      }
    }
  }
  return formats;
}

/** ISO 8601 date and time (T or a space; seconds, fraction and zone optional): its own fast path. */
export const ISO_DATE_TIME = 'YYYY-MM-DD hh:mm:ss';

export const TIME_FORMATS: readonly TimeFormat[] = [
  { name: 'YYYY-MM-DD', example: '2020-01-31', grain: 'day', parse: 'yyyy-M-d', print: 'yyyy-MM-dd' },
  { name: 'YYYY-MM', example: '2020-01', grain: 'month', parse: 'yyyy-M', print: 'yyyy-MM' },
  { name: ISO_DATE_TIME, example: '2020-01-31 13:45:00', grain: 'datetime', parse: '', print: 'yyyy-MM-dd HH:mm:ss' },
  { name: 'YYYY/MM/DD', example: '2020/01/31', grain: 'day', parse: 'yyyy/M/d', print: 'yyyy/MM/dd' },
  ...dayMonthFormats(),
  { name: 'MMM YYYY', example: 'Jan 2020', grain: 'month', parse: 'LLL yyyy', print: 'LLL yyyy' },
  { name: 'MMMM YYYY', example: 'January 2020', grain: 'month', parse: 'LLLL yyyy', print: 'LLLL yyyy' },
  { name: 'MMM-YYYY', example: 'Jan-2020', grain: 'month', parse: 'LLL-yyyy', print: 'LLL-yyyy' },
  { name: 'YYYYQq', example: '2020Q1', grain: 'month', parse: "yyyy'Q'q", print: "yyyy'Q'q" },
  { name: 'YYYY-Qq', example: '2020-Q1', grain: 'month', parse: "yyyy-'Q'q", print: "yyyy-'Q'q" },
  { name: 'YYYY Qq', example: '2020 Q1', grain: 'month', parse: "yyyy 'Q'q", print: "yyyy 'Q'q" },
  { name: 'Qq YYYY', example: 'Q1 2020', grain: 'month', parse: "'Q'q yyyy", print: "'Q'q yyyy" },
];

/** Numbers in a time-named column: seconds or milliseconds since 1970-01-01 UTC. */
export const UNIX_FORMATS = ['unix-s', 'unix-ms'] as const;
export type UnixFormat = (typeof UNIX_FORMATS)[number];

const byName = new Map(TIME_FORMATS.map((format) => [format.name, format]));

export function timeFormat(name: string): TimeFormat | undefined {
  return byName.get(name);
}

const MONTH_NUMBER = new Map<string, number>([
  ...Info.months('short', { locale: 'en-US' }).map((name, i) => [name.toLowerCase(), i + 1] as const),
  ...Info.months('long', { locale: 'en-US' }).map((name, i) => [name.toLowerCase(), i + 1] as const),
]);

/** The month (1–12) an English month name or its three-letter abbreviation stands for (luxon's names). */
export function monthOfName(name: string): number | undefined {
  return MONTH_NUMBER.get(name.toLowerCase());
}

// ── The library: reading on a sample, and writing ────────────────────────────────────────────────

/** luxon's reading of a cell in a format (ms since 1970 UTC), or NaN when luxon refuses it. */
export function libraryMillis(format: TimeFormat, text: string): number {
  const date = format.name === ISO_DATE_TIME ? DateTime.fromISO(text.replace(' ', 'T'), LUXON) : DateTime.fromFormat(text, format.parse, LUXON);
  return date.isValid ? date.toMillis() : NaN;
}

/** A time written in a format, as the file writes it: luxon's writing, by the fast path where it can. */
export function printTime(format: TimeFormat, ms: number): string {
  const pattern = format.name === ISO_DATE_TIME && ms % 1000 !== 0 ? 'yyyy-MM-dd HH:mm:ss.SSS' : format.print;
  const fast = fastPrinter(pattern);
  return fast && ms >= FAST_FROM && ms < FAST_TO ? fast(ms) : libraryPrint(pattern, ms);
}

/** luxon's writing of a time in a pattern (the definition the fast path is tested against). */
export function libraryPrint(pattern: string, ms: number): string {
  return DateTime.fromMillis(ms, LUXON).toFormat(pattern);
}

// The fast path of printTime (`seqlab predict` writes a time per row, and luxon takes ~5 µs each):
// patterns of numeric fields and separators only, for years 1000–9999; anything else (month names,
// quarters, quoted text) stays with luxon. test/unit/data/timePrint.test.ts checks it against luxon.
// Rows come in time order, so most share the last row's day: its date part is kept and only the time
// of day is written, from cached two-digit texts (250,000 hourly rows: 144 → ~40 MB of garbage).
const FAST_FROM = Date.UTC(1000, 0, 1);
const FAST_TO = Date.UTC(10000, 0, 1);
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${n}` : String(n)));
const DATE_FIELDS: Record<string, (d: Date) => string> = {
  yyyy: (d) => String(d.getUTCFullYear()),
  MM: (d) => TWO_DIGITS[d.getUTCMonth() + 1],
  M: (d) => String(d.getUTCMonth() + 1),
  dd: (d) => TWO_DIGITS[d.getUTCDate()],
  d: (d) => String(d.getUTCDate()),
};
/** Fields of the time of day, from the milliseconds since midnight (UTC). */
const TIME_FIELDS: Record<string, (ms: number) => string> = {
  HH: (ms) => TWO_DIGITS[Math.floor(ms / 3_600_000)],
  mm: (ms) => TWO_DIGITS[Math.floor(ms / 60_000) % 60],
  ss: (ms) => TWO_DIGITS[Math.floor(ms / 1000) % 60],
  SSS: (ms) => String(ms % 1000).padStart(3, '0'),
};
const printers = new Map<string, ((ms: number) => string) | null>();

function fastPrinter(pattern: string): ((ms: number) => string) | null {
  let printer = printers.get(pattern);
  if (printer === undefined) {
    const parts = pattern.match(/yyyy|SSS|MM|dd|HH|mm|ss|M|d|[-/. :]/g);
    // Every fast pattern writes its date before its time of day (a separator between goes with the date).
    const split = parts?.findIndex((part) => part in TIME_FIELDS) ?? -1;
    const dateParts = parts && (split < 0 ? parts : parts.slice(0, split));
    const timeParts = parts && split >= 0 ? parts.slice(split) : [];
    const fits = parts !== null && parts.join('') === pattern && timeParts.every((part) => part in TIME_FIELDS || !(part in DATE_FIELDS));
    printer = fits ? dayCachedPrinter(dateParts!.map((part) => DATE_FIELDS[part] ?? part), timeParts.map((part) => TIME_FIELDS[part] ?? part)) : null;
    printers.set(pattern, printer);
  }
  return printer;
}

function dayCachedPrinter(dateParts: (string | ((d: Date) => string))[], timeParts: (string | ((ms: number) => string))[]): (ms: number) => string {
  let lastDay = NaN;
  let lastDate = '';
  return (ms) => {
    const day = Math.floor(ms / DAY);
    if (day !== lastDay) {
      const date = new Date(ms);
      lastDate = '';
      for (const part of dateParts) lastDate += typeof part === 'string' ? part : part(date);
      lastDay = day;
    }
    if (timeParts.length === 0) return lastDate;
    const sinceMidnight = ms - day * DAY;
    let time = '';
    for (const part of timeParts) time += typeof part === 'string' ? part : part(sinceMidnight);
    return lastDate + time;
  };
}

/** A time in the neutral ISO form, as fine as `grain` (reports of models without a recorded format). */
export function formatIso(ms: number, grain: DateGrain): string {
  const iso = new Date(ms).toISOString();
  if (grain === 'month') return iso.slice(0, 7);
  if (grain === 'day') return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? iso.slice(0, 19).replace('T', ' ') : iso.slice(0, 23).replace('T', ' ');
}

export { DAY };

// ── Times in two columns: a year and its quarter or month ────────────────────────────────────────

export interface PairFormat {
  name: string;
  part: 'quarter' | 'month';
  /** The second column as the file writes it: numbers (1–4, 1–12) or names (Q1, Jan, January). */
  written: 'number' | 'Qq' | 'MMM' | 'MMMM';
  example: string;
}

export const PAIR_FORMATS: readonly PairFormat[] = [
  { name: 'YYYY + Q', part: 'quarter', written: 'number', example: '2020, 1' },
  { name: 'YYYY + Qq', part: 'quarter', written: 'Qq', example: '2020, Q1' },
  { name: 'YYYY + M', part: 'month', written: 'number', example: '2020, 1' },
  { name: 'YYYY + MMM', part: 'month', written: 'MMM', example: '2020, Jan' },
  { name: 'YYYY + MMMM', part: 'month', written: 'MMMM', example: '2020, January' },
];

export function pairFormat(name: string | undefined): PairFormat | undefined {
  return PAIR_FORMATS.find((format) => format.name === name);
}

/** The quarter (1–4) or month (1–12) a cell of a pair's second column stands for, or NaN. */
export function readPart(format: PairFormat, text: string): number {
  const limit = format.part === 'quarter' ? 4 : 12;
  let value: number;
  if (format.written === 'number') value = /^\d{1,2}$/.test(text) ? +text : NaN;
  else if (format.written === 'Qq') value = /^[Qq][1-4]$/.test(text) ? +text[1] : NaN;
  else value = (format.written === 'MMM' ? text.length === 3 : text.length > 3) ? monthOfName(text) ?? NaN : NaN;
  return value >= 1 && value <= limit ? value : NaN;
}

/** A pair's two cells for a time (ms since 1970 UTC, the first day of the quarter or month). */
export function printPair(format: PairFormat, ms: number): [string, string] {
  const date = new Date(ms);
  const year = String(date.getUTCFullYear());
  const month = date.getUTCMonth() + 1;
  if (format.part === 'quarter') {
    const quarter = Math.floor((month - 1) / 3) + 1;
    return [year, format.written === 'Qq' ? `Q${quarter}` : String(quarter)];
  }
  if (format.written === 'number') return [year, String(month)];
  return [year, Info.months(format.written === 'MMM' ? 'short' : 'long', { locale: 'en-US' })[month - 1]];
}

/** Every value data.columns.timeFormat takes (the schema's enum is checked against this list). */
export function timeFormatNames(): string[] {
  return ['auto', 'number', ...TIME_FORMATS.map((f) => f.name), ...UNIX_FORMATS, ...PAIR_FORMATS.map((f) => f.name)];
}

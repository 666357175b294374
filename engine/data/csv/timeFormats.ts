// The time formats SeqLab reads, by the name `data.columns.timeFormat` and the model's metadata use.
// Each is written in luxon's format tokens, and luxon (strict, UTC, month names, quarters) is the
// authority: a format is chosen for a column only when luxon reads every sampled cell of it to the same
// instant as the fast path (dateColumn.ts). The fast path is the same tokens compiled once into one
// regular expression and Date.UTC: luxon takes 4–5 µs a cell, which would be 5 s for a 1,000,000-row
// column; the compiled form takes about 0.2 µs. test/unit/data/timeFormats.test.ts checks that the two
// agree on random dates for every format.
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

// ── The fast path: tokens compiled to one regular expression ──────────────────────────────────────

type Field = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'monthName' | 'quarter';
const TOKENS: Record<string, { pattern: string; field: Field }> = {
  yyyy: { pattern: '(\\d{4})', field: 'year' },
  M: { pattern: '(\\d{1,2})', field: 'month' },
  d: { pattern: '(\\d{1,2})', field: 'day' },
  H: { pattern: '(\\d{1,2})', field: 'hour' },
  mm: { pattern: '(\\d{2})', field: 'minute' },
  ss: { pattern: '(\\d{2})', field: 'second' },
  LLL: { pattern: '([A-Za-z]{3})', field: 'monthName' },
  LLLL: { pattern: '([A-Za-z]{3,9})', field: 'monthName' },
  q: { pattern: '(\\d)', field: 'quarter' },
};

const MONTH_NUMBER = new Map<string, number>([
  ...Info.months('short', { locale: 'en-US' }).map((name, i) => [name.toLowerCase(), i + 1] as const),
  ...Info.months('long', { locale: 'en-US' }).map((name, i) => [name.toLowerCase(), i + 1] as const),
]);

/** The month (1–12) an English month name or its three-letter abbreviation stands for. */
export function monthOfName(name: string): number | undefined {
  return MONTH_NUMBER.get(name.toLowerCase());
}

export interface CompiledFormat {
  regex: RegExp;
  fields: Field[];
}

const compiledCache = new Map<string, CompiledFormat>();

/** luxon tokens → one anchored regular expression whose groups are the fields, in order. */
export function compileTokens(tokens: string): CompiledFormat {
  let compiled = compiledCache.get(tokens);
  if (!compiled) compiledCache.set(tokens, (compiled = compile(tokens)));
  return compiled;
}

function compile(tokens: string): CompiledFormat {
  let source = '^';
  const fields: Field[] = [];
  for (let i = 0; i < tokens.length;) {
    if (tokens[i] === "'") {
      const end = tokens.indexOf("'", i + 1);
      source += escape(tokens.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    let run = 1;
    while (tokens[i + run] === tokens[i]) run++;
    const token = TOKENS[tokens.slice(i, i + run)];
    if (/[A-Za-z]/.test(tokens[i])) {
      if (!token) throw new Error(`timeFormats: no fast path for the token ${tokens.slice(i, i + run)}`);
      source += token.pattern;
      fields.push(token.field);
    } else {
      source += escape(tokens.slice(i, i + run));
    }
    i += run;
  }
  return { regex: new RegExp(source + '$'), fields };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Raw fields of a cell, before month and day are known to be in range (day-month order may be open). */
export interface Fields {
  year: number;
  /** The first and second number of a day-month date as written; month and day otherwise. */
  first: number;
  second: number;
  /** Milliseconds into the day. */
  timeOfDay: number;
}

/** Reads a cell's fields with a compiled format; undefined when it does not match. For day-month
 *  formats `first`/`second` are the fields in written order; for the others, month then day. */
export function readFields(compiled: CompiledFormat, text: string, out: Fields): boolean {
  const match = compiled.regex.exec(text);
  if (!match) return false;
  let year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  let first = 0;
  let second_ = 0;
  let seen = 0;
  for (let g = 0; g < compiled.fields.length; g++) {
    const value = match[g + 1];
    switch (compiled.fields[g]) {
      case 'year': year = +value; break;
      case 'month': month = +value; if (seen++ === 0) first = month; else second_ = month; break;
      case 'day': day = +value; if (seen++ === 0) first = day; else second_ = day; break;
      case 'hour': hour = +value; break;
      case 'minute': minute = +value; break;
      case 'second': second = +value; break;
      case 'monthName': { const m = MONTH_NUMBER.get(value.toLowerCase()); if (m === undefined) return false; month = m; break; }
      case 'quarter': if (+value < 1 || +value > 4) return false; month = (+value - 1) * 3 + 1; break;
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  out.year = year;
  out.first = seen === 2 ? first : month;
  out.second = seen === 2 ? second_ : day;
  out.timeOfDay = ((hour * 60 + minute) * 60 + second) * 1000;
  return true;
}

/** Milliseconds since 1970 (UTC) of a calendar date and time, or NaN when the date does not exist. */
export function utcMillis(year: number, month: number, day: number, timeOfDay: number): number {
  if (month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2021-02-30 over to March, and reads years 0–99 as 1900–1999.
  const date = new Date(ms);
  if (date.getUTCDate() !== day || date.getUTCFullYear() !== year) return NaN;
  return ms + timeOfDay;
}

// ISO 8601 date and time: the one format whose fast path is written out (zones and fractions).
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function parseIsoDateTime(text: string): number {
  const match = ISO.exec(text);
  if (!match) return NaN;
  const [hour, minute, second] = [+match[4], +match[5], match[6] ? +match[6] : 0];
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  const fraction = match[7] ? Math.round(Number(match[7]) * 1000) : 0;
  const ms = utcMillis(+match[1], +match[2], +match[3], ((hour * 60 + minute) * 60 + second) * 1000 + fraction);
  return ms - zoneOffsetMinutes(match[8]) * 60_000;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

// ── The library: reading on a sample, and writing ────────────────────────────────────────────────

/** luxon's reading of a cell in a format (ms since 1970 UTC), or NaN when luxon refuses it. */
export function libraryMillis(format: TimeFormat, text: string): number {
  const date = format.name === ISO_DATE_TIME ? DateTime.fromISO(text.replace(' ', 'T'), LUXON) : DateTime.fromFormat(text, format.parse, LUXON);
  return date.isValid ? date.toMillis() : NaN;
}

/** A time written in a format (luxon), as the file writes it. */
export function printTime(format: TimeFormat, ms: number): string {
  const date = DateTime.fromMillis(ms, LUXON);
  if (format.name !== ISO_DATE_TIME) return date.toFormat(format.print);
  return date.millisecond ? date.toFormat('yyyy-MM-dd HH:mm:ss.SSS') : date.toFormat(format.print);
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

// The fast path that reads a whole date column once luxon has chosen its format (timeFormats.ts): the
// format's luxon tokens compiled once. A cell as long as the zero-padded layout ("MM/dd/yyyy HH:mm") is
// read digit by digit at fixed positions; any other cell (unpadded "1/5/2020", month names) by one
// anchored regular expression. Calendar arithmetic is done by hand (days from the civil date) because a
// Date per cell is the slowest part otherwise. test/unit/data/timeFormats.test.ts checks every format
// against luxon on random dates.
import { monthOfName } from './timeFormats';

type Field = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'monthName' | 'quarter';
const TOKENS: Record<string, { pattern: string; field: Field; width?: number }> = {
  yyyy: { pattern: '(\\d{4})', field: 'year', width: 4 },
  M: { pattern: '(\\d{1,2})', field: 'month', width: 2 },
  d: { pattern: '(\\d{1,2})', field: 'day', width: 2 },
  H: { pattern: '(\\d{1,2})', field: 'hour', width: 2 },
  mm: { pattern: '(\\d{2})', field: 'minute', width: 2 },
  ss: { pattern: '(\\d{2})', field: 'second', width: 2 },
  LLL: { pattern: '([A-Za-z]{3})', field: 'monthName' },
  LLLL: { pattern: '([A-Za-z]{3,9})', field: 'monthName' },
  q: { pattern: '(\\d)', field: 'quarter', width: 1 },
};

export interface CompiledFormat {
  regex: RegExp;
  fields: Field[];
  /** The zero-padded layout: literal characters by position, and each field's position and width.
   *  Null when a field has no fixed width (month names). */
  layout: Layout | null;
  /** Scratch for one cell's field values (cells are read one at a time). */
  values: number[];
}

interface Layout {
  length: number;
  literals: [number, number][];
  /** Per field: position and width. */
  positions: [number, number][];
  fields: Field[];
  values: number[];
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

const compiledCache = new Map<string, CompiledFormat>();

/** luxon tokens → the compiled fast path (cached: every column in one format shares it). */
export function compileTokens(tokens: string): CompiledFormat {
  let compiled = compiledCache.get(tokens);
  if (!compiled) compiledCache.set(tokens, (compiled = compile(tokens)));
  return compiled;
}

function compile(tokens: string): CompiledFormat {
  let source = '^';
  const fields: Field[] = [];
  const literals: [number, number][] = [];
  const positions: [number, number][] = [];
  let position = 0;
  let fixed = true;
  const literal = (text: string) => {
    source += text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    for (const ch of text) literals.push([position++, ch.charCodeAt(0)]);
  };
  for (let i = 0; i < tokens.length;) {
    if (tokens[i] === "'") {
      const end = tokens.indexOf("'", i + 1);
      literal(tokens.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    let run = 1;
    while (tokens[i + run] === tokens[i]) run++;
    if (/[A-Za-z]/.test(tokens[i])) {
      const token = TOKENS[tokens.slice(i, i + run)];
      if (!token) throw new Error(`fastDate: no fast path for the token ${tokens.slice(i, i + run)}`);
      source += token.pattern;
      fields.push(token.field);
      if (token.width === undefined) fixed = false;
      else {
        positions.push([position, token.width]);
        position += token.width;
      }
    } else {
      literal(tokens.slice(i, i + run));
    }
    i += run;
  }
  const layout = fixed ? { length: position, literals, positions, fields, values: new Array<number>(fields.length).fill(0) } : null;
  return { regex: new RegExp(source + '$'), fields, layout, values: new Array<number>(fields.length).fill(0) };
}

/** Reads a cell's fields with a compiled format; false when it does not match. For day-month formats
 *  `first`/`second` are the numbers in written order; for the others, month then day. */
export function readFields(compiled: CompiledFormat, text: string, out: Fields): boolean {
  const layout = compiled.layout;
  if (layout && text.length === layout.length) return readFixed(layout, text, out);
  const match = compiled.regex.exec(text);
  if (!match) return false;
  const values = compiled.values;
  for (let g = 0; g < compiled.fields.length; g++) {
    const field = compiled.fields[g];
    if (field !== 'monthName') values[g] = +match[g + 1];
    else {
      const month = monthOfName(match[g + 1]);
      if (month === undefined) return false;
      values[g] = month;
    }
  }
  return assign(compiled.fields, values, out);
}

function readFixed(layout: Layout, text: string, out: Fields): boolean {
  const literals = layout.literals;
  for (let l = 0; l < literals.length; l++) if (text.charCodeAt(literals[l][0]) !== literals[l][1]) return false;
  const values = layout.values;
  for (let f = 0; f < layout.positions.length; f++) {
    const [position, width] = layout.positions[f];
    let value = 0;
    for (let i = position; i < position + width; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return false;
      value = value * 10 + digit;
    }
    values[f] = value;
  }
  return assign(layout.fields, values, out);
}

function assign(fields: Field[], values: number[], out: Fields): boolean {
  let year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  let first = 0;
  let second_ = 0;
  let numbers = 0;
  for (let g = 0; g < fields.length; g++) {
    const value = values[g];
    switch (fields[g]) {
      case 'year': year = value; break;
      case 'month': case 'day':
        if (fields[g] === 'month') month = value; else day = value;
        if (numbers++ === 0) first = value; else second_ = value;
        break;
      case 'hour': hour = value; break;
      case 'minute': minute = value; break;
      case 'second': second = value; break;
      case 'monthName': month = value; break;
      case 'quarter': if (value < 1 || value > 4) return false; month = (value - 1) * 3 + 1; break;
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  out.year = year;
  out.first = numbers === 2 ? first : month;
  out.second = numbers === 2 ? second_ : day;
  out.timeOfDay = ((hour * 60 + minute) * 60 + second) * 1000;
  return true;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** True when the day exists in that month of that year. Years are 1000–9999: a four-digit year
 *  before 1000 ("0020") is taken for a typo and refused (luxon would read it; the tests allow for it). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  return day <= DAYS_IN_MONTH[month - 1] || (month === 2 && day === 29 && isLeapYear(year));
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

/** Milliseconds since 1970 (UTC) of a calendar date and time, or NaN when the date does not exist. */
export function utcMillis(year: number, month: number, day: number, timeOfDay: number): number {
  return isCalendarDate(year, month, day) ? daysFromCivil(year, month, day) * 86_400_000 + timeOfDay : NaN;
}

// ISO 8601 date and time: zones and fractions make it the one format with its own reader. Its common
// forms without them ("2020-01-31 13:45", "2020-01-31T13:45:00") go by fixed positions.
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const ISO_LAYOUTS = ['yyyy-M-d H:mm', 'yyyy-M-d H:mm:ss', "yyyy-M-d'T'H:mm", "yyyy-M-d'T'H:mm:ss"].map((tokens) => compileTokens(tokens).layout as Layout);
const isoFields: Fields = { year: 0, first: 0, second: 0, timeOfDay: 0 };

export function parseIsoDateTime(text: string): number {
  if (text.length === 16 || text.length === 19) {
    const layout = ISO_LAYOUTS[(text.length === 16 ? 0 : 1) + (text.charCodeAt(10) === 84 /* T */ ? 2 : 0)];
    const f = isoFields;
    return readFixed(layout, text, f) ? utcMillis(f.year, f.first, f.second, f.timeOfDay) : NaN;
  }
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

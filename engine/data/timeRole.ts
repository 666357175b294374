// The time of each row: which column (or year + quarter / year + month columns) it is, in which format,
// and its values. `data.columns.time` and `data.columns.timeFormat` decide when set; "auto" finds, in
// this order: a column of dates (any format of csv/timeFormats.ts), a year column with a quarter or month
// column, Unix seconds or milliseconds in a time-named column, an ordered numeric time-named column.
import { SeqLabError } from '../errors';
import type { RawColumn, RawTable } from './csv/readCsv';
import { type DateGrain, type PairFormat, PAIR_FORMATS, pairFormat, readPart } from './csv/timeFormats';

export interface TimeRole {
  /** The time column; for a two-column time, the year column. */
  column: RawColumn;
  /** Every time column (one, or the year and its quarter or month). */
  columns: RawColumn[];
  kind: 'date' | 'number';
  /** Per raw row: ms since 1970 UTC (dates) or the number; NaN where a cell is missing. */
  values: Float64Array;
  /** The timeFormat in use (null for a plain numeric time). */
  format: string | null;
  grain: DateGrain;
  detected: boolean;
}

type Lookup = (name: string, at: string) => RawColumn;

const TIME_WORDS = new Set(['date', 'time', 'year', 'month', 'week', 'day', 'hour', 'timestamp', 'datetime', 'ds', 'period', 'step', 't', 'epoch', 'unix', 'ts']);
const YEAR_WORDS = new Set(['year', 'yr']);
const PART_WORDS = { quarter: new Set(['quarter', 'qtr', 'q']), month: new Set(['month', 'mon', 'mth']) };

function words(name: string): string[] {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/);
}

/** True when a column's name says it is a time: one of its words is date, time, year, month, week, day… */
export function looksLikeTimeName(name: string): boolean {
  return words(name).some((word) => TIME_WORDS.has(word));
}

const namedAs = (column: RawColumn, set: Set<string>) => words(column.name).some((word) => set.has(word));

export function resolveTime(table: RawTable, setting: string | string[] | null, formatSetting: string, sequenceId: RawColumn | null, configFile: string, lookup: Lookup, notes: string[]): TimeRole | null {
  if (setting === null) return null;
  const bad = (message: string, hint?: string, at = '/data/columns/time'): never => {
    throw new SeqLabError('BAD_CONFIG', message, { file: configFile, path: at }, hint);
  };
  if (Array.isArray(setting)) {
    const [year, part] = setting.map((name, i) => lookup(name, `/data/columns/time/${i}`));
    const pair = pairFormat(formatSetting);
    if (formatSetting !== 'auto' && !pair) bad(`timeFormat "${formatSetting}" is for one time column, but data.columns.time names two`, `for a year and its quarter or month use ${PAIR_FORMATS.map((f) => `"${f.name}"`).join(', ')} (or "auto")`, '/data/columns/timeFormat');
    return pairTime(year, part, pair ?? detectPair(part, true), table.file, false, notes) ?? bad(`${JSON.stringify(part.name)} holds neither quarters (1–4, Q1–Q4) nor months (1–12, Jan–Dec, January–December)`, 'data.columns.time lists a year column and its quarter or month column');
  }
  if (setting !== 'auto') return namedTime(lookup(setting, '/data/columns/time'), formatSetting, configFile, notes);

  const dated = table.columns.find((c) => c.kind === 'date' && c !== sequenceId);
  if (dated) return dateTime(dated, notes, true);
  const pair = findPair(table, sequenceId, formatSetting, notes);
  if (pair) return pair;
  for (const column of table.columns) {
    if (column === sequenceId || !looksLikeTimeName(column.name)) continue;
    if (column.kind === 'numeric' && column.missing === 0) {
      const unix = formatSetting === 'number' ? null : unixFormat(column, formatSetting);
      if (unix) return numbersAsDates(column, unix, true);
      if (ordered(column.numbers, sequenceId)) return { column, columns: [column], kind: 'number', values: column.numbers, format: null, grain: 'day', detected: true };
    }
    if (!column.brokenDateFormat) notes.push(`${JSON.stringify(column.name)} is named like a time but its values are not ${column.kind === 'numeric' ? 'in order' : 'dates'}, so it is not the time column`);
  }
  for (const column of table.columns) {
    if (column.brokenDateFormat && column.firstNonDate) {
      notes.push(`${JSON.stringify(column.name)} holds dates (${column.brokenDateFormat.name}) except data row ${column.firstNonDate.row}: ${JSON.stringify(column.firstNonDate.text)}; fix or empty that cell to use it as the time column`);
    }
  }
  return null;
}

function namedTime(column: RawColumn, formatSetting: string, configFile: string, notes: string[]): TimeRole {
  const at = { file: configFile, path: '/data/columns/timeFormat' };
  if (pairFormat(formatSetting)) {
    throw new SeqLabError('BAD_CONFIG', `timeFormat "${formatSetting}" reads two columns, but data.columns.time names one`, at, 'write data.columns.time as a list: ["year", "quarter"]');
  }
  if (column.kind === 'date') return dateTime(column, notes, false);
  if (column.kind === 'numeric') {
    const unix = formatSetting === 'number' ? null : unixFormat(column, formatSetting, true);
    if (unix) return numbersAsDates(column, unix, false);
    if (formatSetting !== 'auto' && formatSetting !== 'number') {
      throw new SeqLabError('BAD_CONFIG', `the time column ${JSON.stringify(column.name)} holds numbers, not dates in timeFormat "${formatSetting}"`, at, 'set timeFormat to "auto", or to "unix-s" / "unix-ms" for Unix times');
    }
    return { column, columns: [column], kind: 'number', values: column.numbers, format: null, grain: 'day', detected: false };
  }
  // Mostly dates: show the first cell that is not one; otherwise the first that is not a number.
  const example = column.firstNumeric === undefined && column.firstNonDate ? column.firstNonDate : column.firstNonNumeric;
  const cell = example ? `: data row ${example.row} has ${JSON.stringify(example.text)}` : '';
  if (formatSetting !== 'auto' && formatSetting !== 'number') {
    throw new SeqLabError('BAD_CONFIG', `the time column ${JSON.stringify(column.name)} is not in timeFormat "${formatSetting}"${cell}`, at, 'fix that cell, or set timeFormat to "auto" to detect the format');
  }
  const broken = column.brokenDateFormat ? ` (its first values are ${column.brokenDateFormat.name})` : '';
  throw new SeqLabError('BAD_CONFIG', `the time column ${JSON.stringify(column.name)} holds neither dates nor numbers${broken}${cell}`, { file: configFile, path: '/data/columns/time' },
    'the README lists the time formats SeqLab reads; fix those values, or set "time" to null');
}

function dateTime(column: RawColumn, notes: string[], detected: boolean): TimeRole {
  if (column.dateNote) notes.push(`${JSON.stringify(column.name)}: ${column.dateNote}`);
  const format = column.dateFormat as NonNullable<RawColumn['dateFormat']>;
  return { column, columns: [column], kind: 'date', values: column.dates as Float64Array, format: format.name, grain: format.grain, detected };
}

/** unix-s or unix-ms when a numeric time column's magnitudes say so (or the config does). */
function unixFormat(column: RawColumn, formatSetting: string, explicit = false): 'unix-s' | 'unix-ms' | null {
  if (formatSetting === 'unix-s' || formatSetting === 'unix-ms') return formatSetting;
  if (formatSetting !== 'auto' || (explicit && !looksLikeTimeName(column.name))) return null;
  // Seconds from 1973 to 2103, or milliseconds over the same years: ranges that do not overlap.
  let seconds = true;
  let millis = true;
  for (const v of column.numbers) {
    if (Number.isNaN(v)) continue;
    seconds &&= v >= 1e8 && v < 4.2e9;
    millis &&= v >= 1e11 && v < 4.2e12 && Number.isInteger(v);
  }
  return seconds ? 'unix-s' : millis ? 'unix-ms' : null;
}

function numbersAsDates(column: RawColumn, format: 'unix-s' | 'unix-ms', detected: boolean): TimeRole {
  const scale = format === 'unix-s' ? 1000 : 1;
  const values = Float64Array.from(column.numbers, (v) => Math.round(v * scale));
  return { column, columns: [column], kind: 'date', values, format, grain: 'datetime', detected };
}

/** A year column and a quarter or month column next to it, found by their names and values. */
function findPair(table: RawTable, sequenceId: RawColumn | null, formatSetting: string, notes: string[]): TimeRole | null {
  const forced = pairFormat(formatSetting);
  if (formatSetting !== 'auto' && !forced) return null;
  const year = table.columns.find((c) => c !== sequenceId && namedAs(c, YEAR_WORDS) && isYearColumn(c));
  if (!year) return null;
  for (const part of table.columns) {
    if (part === year || part === sequenceId) continue;
    const format = forced ?? detectPair(part, false);
    if (format) {
      const time = pairTime(year, part, format, table.file, true, notes);
      if (time) return time;
    }
  }
  return null;
}

function isYearColumn(column: RawColumn): boolean {
  return column.kind === 'numeric' && column.missing === 0 && column.numbers.every((v) => Number.isInteger(v) && v >= 1000 && v <= 9999);
}

/** The pair format a quarter or month column is written in: by its name (auto detection needs it),
 *  then by its values. Null when the values are not quarters or months. */
function detectPair(part: RawColumn, namedInConfig: boolean): PairFormat | null {
  const quarterName = namedAs(part, PART_WORDS.quarter);
  const monthName = namedAs(part, PART_WORDS.month);
  if (!namedInConfig && !quarterName && !monthName) return null;
  const texts = part.kind === 'numeric' ? null : part.levels;
  const candidates = PAIR_FORMATS.filter((f) => (texts ? f.written !== 'number' : f.written === 'number'))
    .filter((f) => (quarterName ? f.part === 'quarter' : monthName ? f.part === 'month' : true));
  // Months before quarters when only the values can tell: 1–4 are months too.
  const ordered = [...candidates].sort((a, b) => (a.part === b.part ? 0 : a.part === 'month' ? -1 : 1));
  return ordered.find((f) => (texts ? texts.every((t) => !Number.isNaN(readPart(f, t))) : part.numbers.every((v) => Number.isNaN(v) || !Number.isNaN(readPart(f, String(v)))))) ?? null;
}

function pairTime(year: RawColumn, part: RawColumn, format: PairFormat | null, file: string, detected: boolean, notes: string[]): TimeRole | null {
  if (!format) return null;
  if (!isYearColumn(year)) {
    if (detected) return null;
    const row = year.numbers.findIndex((v) => !(Number.isInteger(v) && v >= 1000 && v <= 9999));
    throw new SeqLabError('BAD_DATA', 'the year of a two-column time must be a whole year such as 2020', { file, row: row + 1, column: year.name });
  }
  const step = format.part === 'quarter' ? 3 : 1;
  const values = new Float64Array(year.numbers.length);
  const codes = part.kind === 'numeric' ? null : part.codes;
  const levelParts = codes && part.levels ? part.levels.map((level) => readPart(format, level)) : null;
  for (let r = 0; r < values.length; r++) {
    const missing = codes ? codes[r] < 0 : Number.isNaN(part.numbers[r]);
    if (missing) {
      values[r] = NaN;
      continue;
    }
    const value = levelParts && codes ? levelParts[codes[r]] : readPart(format, String(part.numbers[r]));
    if (Number.isNaN(value)) {
      if (detected) return null;
      throw new SeqLabError('BAD_DATA', `expected a ${format.part} written as in ${format.example}`, { file, row: r + 1, column: part.name }, `data.columns.timeFormat is "${format.name}"`);
    }
    values[r] = Date.UTC(year.numbers[r], (value - 1) * step, 1);
  }
  if (format.written === 'number' && format.part === 'month' && !namedAs(part, PART_WORDS.month) && Math.max(...part.numbers.filter((v) => !Number.isNaN(v))) <= 4) {
    notes.push(`${JSON.stringify(part.name)} is read as months 1–4; if they are quarters, set data.columns.timeFormat to "YYYY + Q"`);
  }
  return { column: year, columns: [year, part], kind: 'date', values, format: format.name, grain: 'month', detected };
}

/** Non-decreasing in file order (within each sequence when there is a sequence id). */
function ordered(values: Float64Array, sequenceId: RawColumn | null): boolean {
  const last = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const group = sequenceId?.codes ? sequenceId.codes[i] : sequenceId ? sequenceId.numbers[i] : 0;
    const previous = last.get(group);
    if (previous !== undefined && values[i] < previous) return false;
    last.set(group, values[i]);
  }
  return true;
}

/** Advice for a time that appears twice in one series: name the columns that would tell the rows apart. */
export function repeatedTimeHint(table: RawTable, time: TimeRole): string {
  const used = new Set(time.columns);
  const part = table.columns.find((c) => !used.has(c) && (namedAs(c, PART_WORDS.quarter) || namedAs(c, PART_WORDS.month)));
  if (part && time.columns.length === 1 && namedAs(time.column, YEAR_WORDS)) {
    return `a year and its ${namedAs(part, PART_WORDS.quarter) ? 'quarter' : 'month'} make one time: set data.columns.time to [${JSON.stringify(time.column.name)}, ${JSON.stringify(part.name)}]`;
  }
  return 'one series has one row per time: remove the repeated rows, or keep one series per file';
}


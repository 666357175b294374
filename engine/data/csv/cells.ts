// How one CSV cell is read: strictly. A number is a plain decimal (optional sign, fraction, exponent);
// "1,234", "12.3abc", "Infinity", "NaN" and "0x10" are not numbers. An empty (or blank) cell is missing.
// Dates are the unambiguous ISO-like forms only: `Date.parse` would accept "1" or "March" and guess.

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isMissingCell(text: string): boolean {
  return text.trim().length === 0;
}

/** The number in `text`, or undefined when it is not a strict decimal number or overflows. */
export function parseStrictNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** Why a non-empty cell is not a number, phrased as a hint. */
export function numberHint(text: string, delimiter: string): string {
  const t = text.trim();
  if (/^[+-]?(inf|infinity|nan)$/i.test(t)) return 'non-finite values are not allowed; leave the cell empty for a missing value';
  if (/^(na|n\/a|null|none|nil|-|\?)$/i.test(t)) return 'leave the cell empty for a missing value';
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return 'remove the thousands separators';
  if (/^[+-]?\d+,\d+$/.test(t) && delimiter !== ',') return 'use "." as the decimal separator';
  if (NUMBER.test(t)) return 'the number is too large';
  return 'write a plain decimal number such as 12.5 or -3e-4';
}

export type DateGrain = 'month' | 'day' | 'datetime';

export interface ParsedDate {
  /** Milliseconds since 1970-01-01 UTC; a date without a zone is read as UTC so spacing is exact. */
  ms: number;
  grain: DateGrain;
}

const YEAR_MONTH = /^(\d{4})-(\d{1,2})$/;
const DATE = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/;
const DATE_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function parseDateCell(text: string): ParsedDate | undefined {
  const t = text.trim();
  let match = DATE.exec(t);
  if (match) return build(+match[1], +match[3], +match[4], 0, 0, 0, 0, 0, 'day');
  match = YEAR_MONTH.exec(t);
  if (match) return build(+match[1], +match[2], 1, 0, 0, 0, 0, 0, 'month');
  match = DATE_TIME.exec(t);
  if (match) {
    const fraction = match[7] ? Math.round(Number(match[7]) * 1000) : 0;
    return build(+match[1], +match[2], +match[3], +match[4], +match[5], match[6] ? +match[6] : 0, fraction, zoneOffsetMinutes(match[8]), 'datetime');
  }
  return undefined;
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offset: number, grain: DateGrain): ParsedDate | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const value = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Date.UTC rolls 2021-02-30 over to March; a calendar date that does not exist is not a date.
  if (new Date(value).getUTCDate() !== d) return undefined;
  return { ms: value - offset * 60_000, grain };
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

/** Formats a time for reports and for continuing the time column: as fine as the file's own values. */
export function formatDate(ms: number, grain: DateGrain): string {
  const iso = new Date(ms).toISOString();
  if (grain === 'month') return iso.slice(0, 7);
  if (grain === 'day') return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? iso.slice(0, 19).replace('T', ' ') : iso.slice(0, 23).replace('T', ' ');
}

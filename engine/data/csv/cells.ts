// How one CSV cell is read: strictly. A number is a plain decimal (optional sign, fraction, exponent);
// "1,234", "12.3abc", "Infinity", "NaN" and "0x10" are not numbers. An empty (or blank) cell is missing.
// Dates are read in one format per column (timeFormats.ts, dateColumn.ts), never by `Date.parse`, which
// would accept "1" or "March" and guess.

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

/** 10^0 … 10^22: every one exactly a double. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * parseStrictNumber for a cell already trimmed, NaN when it is not a number: the hot path of reading a
 * numeric column. A plain decimal of at most 15 digits ("-13.17") is read digit by digit as an exact
 * integer divided by an exact power of ten, one correctly rounded division, so it is the same double
 * Number() gives (Clinger's fast path); anything else (exponents, longer numbers, text) goes the strict
 * way. test/unit/data/csv.test.ts checks both against the rule on random strings and numbers.
 */
export function parseTrimmedNumber(trimmed: string): number {
  const n = trimmed.length;
  let i = 0;
  let c = trimmed.charCodeAt(0);
  const negative = c === 45; /* - */
  if (negative || c === 43 /* + */) i = 1;
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let point = false;
  for (; i < n; i++) {
    c = trimmed.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (point) decimals++;
    } else if (c === 46 /* . */ && !point) point = true;
    else break;
  }
  if (i === n && digits > 0 && digits <= 15) {
    const value = mantissa / POWERS_OF_TEN[decimals];
    return negative ? -value : value;
  }
  const value = parseStrictNumber(trimmed);
  return value === undefined ? NaN : value;
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

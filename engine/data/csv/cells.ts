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

/**
 * parseStrictNumber for a cell already trimmed, NaN when it is not a number: the hot path of reading a
 * numeric column. Number() reads exactly the strict decimals, plus 0x/0o/0b integers and Infinity
 * (and "" as 0), so those are refused by hand instead of running the regular expression on every cell
 * (test/unit/data/csv.test.ts checks the two agree on random strings).
 */
export function parseTrimmedNumber(trimmed: string): number {
  if (trimmed.length === 0) return NaN;
  const value = +trimmed;
  if (value !== value || value === Infinity || value === -Infinity) return NaN;
  if (trimmed.length > 2 && trimmed.charCodeAt(0) === 48 /* 0 */) {
    const prefix = trimmed.charCodeAt(1) | 32; // lower case
    if (prefix === 120 /* x */ || prefix === 111 /* o */ || prefix === 98 /* b */) return NaN;
  }
  return value;
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

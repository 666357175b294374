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

/** parseStrictNumber for a cell already trimmed: NaN when it is not a number (no allocation). */
export function parseTrimmedNumber(trimmed: string): number {
  if (!NUMBER.test(trimmed)) return NaN;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : NaN;
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

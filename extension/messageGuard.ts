import type { WebviewToHost } from '../webview/protocol';

// A webview is a web page: whatever it posts arrives as untyped JSON, so the host checks every
// message against the protocol before acting on it. No `vscode` import here, so vitest can test it.

type Fields = Readonly<Record<string, unknown>>;

const isString = (value: unknown): value is string => typeof value === 'string';

/** A loss chart at 4K and device pixel ratio 2 is a few MB of PNG; anything far larger is not ours. */
const MAX_PNG_URL_LENGTH = 64 * 1024 * 1024;
/** Bounds on an exported CSV: every epoch of hundreds of runs fits well within them. */
const MAX_CSV_ROWS = 1_000_000;
const MAX_CSV_COLUMNS = 1_000;
const MAX_CSV_CELL_LENGTH = 10_000;

function isCsvRows(rows: unknown): boolean {
  if (!Array.isArray(rows) || rows.length > MAX_CSV_ROWS) return false;
  return rows.every((row) => Array.isArray(row) && row.length <= MAX_CSV_COLUMNS && row.every((cell) =>
    cell === null || (typeof cell === 'number' && Number.isFinite(cell)) || (isString(cell) && cell.length <= MAX_CSV_CELL_LENGTH)));
}

/** One validator per message type: adding a type to WebviewToHost without one fails to compile. */
const validators: { readonly [K in WebviewToHost['type']]: (message: Fields) => boolean } = {
  ready: () => true,
  error: (message) => isString(message.message),
  cspViolation: (message) => isString(message.directive) && isString(message.blockedUri),
  stop: (message) => isString(message.id),
  savePng: (message) => isString(message.dataUrl) && message.dataUrl.length <= MAX_PNG_URL_LENGTH,
  saveCsv: (message) => isCsvRows(message.rows),
};

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const message = value as Fields;
  const type = message.type;
  return isString(type) && Object.hasOwn(validators, type) && validators[type as WebviewToHost['type']](message);
}

/** A short, single-line description of a message for the log, whatever it contains. */
export function describeMessage(value: unknown, maxLength = 200): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

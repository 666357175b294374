import { stringify } from 'csv-stringify/sync';
import type { CsvCell } from '../../webview/protocol';

// The bytes of the panel's two exports, built on the host from what the webview posted (the webview
// never writes files). Pure, no `vscode` import, so vitest checks them.

const PNG_PREFIX = 'data:image/png;base64,';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The PNG inside a `data:image/png;base64,` URL, or an error saying what is wrong with it. */
export function pngFromDataUrl(dataUrl: string): Buffer | Error {
  if (!dataUrl.startsWith(PNG_PREFIX)) return new Error('the chart image is not a PNG data URL');
  const base64 = dataUrl.slice(PNG_PREFIX.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return new Error('the chart image is not valid base64');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length < PNG_SIGNATURE.length || !bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    return new Error('the chart image does not start with the PNG signature');
  }
  return bytes;
}

/**
 * RFC 4180 CSV (csv-stringify: quotes where a cell needs them, CRLF-free `\n` rows), numbers printed
 * as JavaScript prints them (shortest round-trip form), empty cells for null.
 */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows.map((row) => row.map((cell) => (cell === null ? '' : cell))), { eof: true });
}

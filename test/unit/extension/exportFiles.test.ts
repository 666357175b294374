import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvText, pngFromDataUrl } from '../../../extension/panel/exportFiles';

// A 1×1 PNG (what canvas.toDataURL() returns for a tiny canvas), and its bytes.
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('pngFromDataUrl', () => {
  it('decodes a PNG data URL to its bytes', () => {
    const bytes = pngFromDataUrl(`data:image/png;base64,${PNG_1x1}`);
    expect(bytes).toBeInstanceOf(Buffer);
    expect((bytes as Buffer).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect((bytes as Buffer).length).toBe(70);
  });

  it.each([
    ['another image type', `data:image/jpeg;base64,${PNG_1x1}`, /not a PNG data URL/],
    ['a URL', 'https://example.invalid/x.png', /not a PNG data URL/],
    ['broken base64', 'data:image/png;base64,iVBOR w0K', /not valid base64/],
    ['bytes that are not a PNG', `data:image/png;base64,${Buffer.from('GIF89a....').toString('base64')}`, /PNG signature/],
  ])('refuses %s', (_, url, message) => {
    const result = pngFromDataUrl(url);
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toMatch(message);
  });
});

describe('csvText', () => {
  it('quotes what needs quoting and reads back as the same cells', () => {
    const rows = [['run', 'change', 'val_mae'], ['r1', 'model.hiddenSize 64→128, optimizer.lr 0.001→0.01', 0.1 + 0.2], ['r2', 'say "hi"\nnewline', null]];
    const text = csvText(rows);
    expect(text.split('\n')[0]).toBe('run,change,val_mae');
    expect(text.endsWith('\n')).toBe(true);
    expect(parse(text)).toEqual([['run', 'change', 'val_mae'], ['r1', 'model.hiddenSize 64→128, optimizer.lr 0.001→0.01', '0.30000000000000004'], ['r2', 'say "hi"\nnewline', '']]);
  });
});

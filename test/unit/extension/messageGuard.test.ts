import { describe, expect, it } from 'vitest';
import { describeMessage, isWebviewToHost } from '../../../extension/messageGuard';

describe('isWebviewToHost', () => {
  it.each([
    [{ type: 'ready' }],
    [{ type: 'error', message: 'TypeError: x is undefined' }],
    [{ type: 'cspViolation', directive: 'style-src', blockedUri: 'inline' }],
    [{ type: 'savePng', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' }],
    [{ type: 'saveCsv', rows: [['run', 'epoch', 'val_mae'], ['r1', 1, 0.25], ['r1', 2, null]] }],
    [{ type: 'saveCsv', rows: [] }],
  ])('accepts %j', (message) => {
    expect(isWebviewToHost(message)).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'ready'],
    ['an array', [{ type: 'ready' }]],
    ['no type', { message: 'x' }],
    ['a non-string type', { type: 1 }],
    ['an unknown type', { type: 'train' }],
    ['a type inherited from Object.prototype', { type: 'toString' }],
    ['an error without its message', { type: 'error' }],
    ['an error whose message is not a string', { type: 'error', message: { text: 'x' } }],
    ['a CSP report without blockedUri', { type: 'cspViolation', directive: 'script-src' }],
    ['a PNG export without its image', { type: 'savePng' }],
    ['a PNG export far too large to be a chart', { type: 'savePng', dataUrl: 'x'.repeat(64 * 1024 * 1024 + 1) }],
    ['a CSV export whose rows are not arrays', { type: 'saveCsv', rows: ['run,epoch'] }],
    ['a CSV export with an object in a cell', { type: 'saveCsv', rows: [['r1', { x: 1 }]] }],
    ['a CSV export with a NaN cell', { type: 'saveCsv', rows: [['r1', Number.NaN]] }],
    ['a CSV export with a huge cell', { type: 'saveCsv', rows: [['x'.repeat(10_001)]] }],
  ])('rejects %s', (_, message) => {
    expect(isWebviewToHost(message)).toBe(false);
  });
});

describe('describeMessage', () => {
  it('shows a message as JSON', () => {
    expect(describeMessage({ type: 'nope', n: 1 })).toBe('{"type":"nope","n":1}');
  });

  it('cuts long messages', () => {
    const text = describeMessage({ junk: 'x'.repeat(500) }, 50);
    expect(text).toHaveLength(51);
    expect(text.endsWith('…')).toBe(true);
  });

  it('copes with what JSON cannot show', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeMessage(cyclic)).toBe('[object Object]');
    expect(describeMessage(undefined)).toBe('undefined');
  });
});

describe('stop messages', () => {
  it('accepts a stop with a run id and rejects one without', () => {
    expect(isWebviewToHost({ type: 'stop', id: '20261203-013534-seattle-weather' })).toBe(true);
    expect(isWebviewToHost({ type: 'stop' })).toBe(false);
    expect(isWebviewToHost({ type: 'stop', id: 7 })).toBe(false);
  });
});

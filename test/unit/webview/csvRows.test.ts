import { describe, expect, it } from 'vitest';
import { csvRows } from '../../../webview/model/csvRows';
import { epochEvent, runMeta } from './events';

describe('csvRows', () => {
  it('has one row per epoch of every run, in creation order, numbers at full precision', () => {
    const first = { meta: runMeta(0, { id: 'r0' }), epochs: [epochEvent(1, 12), epochEvent(2, 24, { best: false })] };
    const second = { meta: runMeta(1, { id: 'r1', label: 'model.hiddenSize 64→128' }), epochs: [epochEvent(1, 12, { trainLoss: 1 / 3 })] };
    const rows = csvRows([second, first]);
    expect(rows[0]).toEqual(['run', 'change', 'status', 'epoch', 'step', 'train_loss', 'val_loss', 'lr', 'seconds', 'best',
      'val_mae', 'val_rmse', 'val_smape', 'val_mase']);
    expect(rows.slice(1).map((row) => row.slice(0, 5))).toEqual([
      ['r0', '', 'running', 1, 12], ['r0', '', 'running', 2, 24], ['r1', 'model.hiddenSize 64→128', 'running', 1, 12],
    ]);
    expect(rows[3][5]).toBe(1 / 3);
    expect(rows[2][9]).toBe(0);
    expect(rows[1].slice(10)).toEqual([1, 1.2, 10, 0.9]);
  });

  it('takes the union of the metric columns when the task changed between runs, empty where absent', () => {
    const text = { meta: runMeta(1, { task: 'text' }), epochs: [epochEvent(1, 5, { val: { bitsPerChar: 2.5, perplexity: 5.66 }, valLoss: Number.NaN })] };
    const rows = csvRows([{ meta: runMeta(0), epochs: [] }, text]);
    expect(rows[0].slice(10)).toEqual(['val_mae', 'val_rmse', 'val_smape', 'val_mase', 'val_bitsPerChar', 'val_perplexity']);
    expect(rows[1].slice(10)).toEqual([null, null, null, null, 2.5, 5.66]);
    expect(rows[1][6]).toBeNull(); // a NaN validation loss is an empty cell, not "NaN"
  });
});

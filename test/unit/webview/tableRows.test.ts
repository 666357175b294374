import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../engine/types';
import { scalarMetricNames } from '../../../engine/runs/summary';
import { formatDuration, formatMetric, formatNumber, formatTick, isRoundLogTick, metricNames } from '../../../webview/model/format';
import { sortRows, tableRows } from '../../../webview/model/tableRows';
import { epochEvent, runMeta } from './events';

const forecast = (mae: number) => ({ mae, rmse: mae * 1.5, smape: 5, mase: 0.8, perStep: { mae: [mae], rmse: [mae], smape: [5], mase: [0.8] } });

function summary(valMae: number, testMae: number, naive: [number, number]): RunSummary {
  return {
    task: 'forecast', status: 'completed', epochs: 3, bestEpoch: 2, message: '', model: 'model.onnx', engineVersion: '1', configHash: 'x',
    metrics: { val: forecast(valMae), test: forecast(testMae) },
    baselines: { naive: { val: forecast(naive[0]), test: forecast(naive[1]) }, seasonalNaive: { val: forecast(9), test: forecast(9) } },
  };
}

describe('tableRows', () => {
  it('shows the best epoch’s validation metrics live, against the better baseline from the start event', () => {
    const epochs = [epochEvent(1, 10, { val: forecast(0.5), best: true }), epochEvent(2, 20, { val: forecast(0.7), best: false })];
    const meta = runMeta(0, { baselines: { naive: forecast(0.6), seasonalNaive: forecast(0.55) } });
    const [row] = tableRows('forecast', [{ meta, epochs }]);
    expect(row.val.mae).toEqual({ model: 0.5, baseline: { name: 'seasonalNaive', value: 0.55 }, better: 'model' });
    expect(row.test.mae).toEqual({ model: null, baseline: null, better: null });
    expect(row).toMatchObject({ epochsDone: 2, bestEpoch: 1, beatsBaseline: true });
  });

  it('judges a finished run on its test metrics, and marks plainly a run that does not beat its baseline', () => {
    const meta = runMeta(0, { state: 'completed', summary: summary(0.3, 0.5, [0.4, 0.45]) });
    const [row] = tableRows('forecast', [{ meta, epochs: [epochEvent(1, 10)] }]);
    expect(row.val.mae?.better).toBe('model');
    expect(row.test.mae).toEqual({ model: 0.5, baseline: { name: 'naive', value: 0.45 }, better: 'baseline' });
    expect(row.beatsBaseline).toBe(false);
  });

  it('compares accuracy the right way round (higher is better)', () => {
    const metrics = (accuracy: number) => ({ accuracy, macroF1: accuracy / 2, confusion: [[1]] });
    const meta = runMeta(0, { task: 'classify', baselines: { majority: metrics(0.48) } });
    const [row] = tableRows('classify', [{ meta, epochs: [epochEvent(1, 10, { val: metrics(0.65) })] }]);
    expect(row.val.accuracy?.better).toBe('model');
    expect(row.val.macroF1?.better).toBe('model');
    expect(row.beatsBaseline).toBe(true);
  });

  it('knows nothing about a run that has not finished an epoch', () => {
    const [row] = tableRows('forecast', [{ meta: runMeta(0, { state: 'queued' }), epochs: [] }]);
    expect(row).toMatchObject({ epochsDone: 0, bestEpoch: null, beatsBaseline: null });
    expect(row.val.mae?.model).toBeNull();
  });
});

describe('sortRows', () => {
  const rows = tableRows('forecast', [0.5, 0.2, Number.NaN, 0.9].map((mae, index) => ({
    meta: runMeta(index, { parameters: 100 * (4 - index) }),
    epochs: Number.isNaN(mae) ? [] : [epochEvent(1, 10, { val: forecast(mae) })],
  })));

  it('sorts by a metric either way, unknown values last', () => {
    expect(sortRows(rows, { key: 'val:mae', descending: false }).map((row) => row.index)).toEqual([1, 0, 3, 2]);
    expect(sortRows(rows, { key: 'val:mae', descending: true }).map((row) => row.index)).toEqual([3, 0, 1, 2]);
  });

  it('sorts by plain columns, creation order breaking ties', () => {
    expect(sortRows(rows, { key: 'parameters', descending: false }).map((row) => row.index)).toEqual([3, 2, 1, 0]);
    expect(sortRows(rows, { key: 'state', descending: false }).map((row) => row.index)).toEqual([0, 1, 2, 3]);
    expect(sortRows(rows, { key: 'run', descending: true }).map((row) => row.index)).toEqual([3, 2, 1, 0]);
  });
});

describe('format', () => {
  it('names the same metrics as the engine, in its order', () => {
    for (const task of ['forecast', 'classify', 'text'] as const) expect(metricNames(task)).toEqual(scalarMetricNames(task));
  });

  it('prints numbers, metrics and durations for reading', () => {
    expect([formatNumber(0.31912), formatNumber(1234.5), formatNumber(2e-5), formatNumber(null), formatNumber(Infinity)])
      .toEqual(['0.3191', '1235', '2.00e-5', '–', '∞']);
    expect([formatMetric('accuracy', 0.6512), formatMetric('macroF1', 0.3471), formatMetric('smape', 12.345)])
      .toEqual(['65.1 %', '0.347', '12.35 %']);
    expect([formatDuration(4.25), formatDuration(59.6), formatDuration(200), formatDuration(7384)])
      .toEqual(['4.3 s', '1 min 00 s', '3 min 20 s', '2 h 03 min']);
  });

  it('prints axis ticks plainly, and labels only 1, 2 and 5 of each decade on a log axis', () => {
    expect([formatTick(0.0005), formatTick(1234), formatTick(0.000123456), formatTick(2e-8)]).toEqual(['0.0005', '1230', '0.000123', '2.00e-8']);
    expect([0.0001, 0.0002, 0.0004, 0.0005, 0.0008, 0.001, 0.02, 3, 50].map(isRoundLogTick))
      .toEqual([true, true, false, true, false, true, true, false, true]);
  });
});

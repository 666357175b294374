import { describe, expect, it } from 'vitest';
import { argmaxRows, classifyMetrics, forecastMetrics, naiveScale, textMetrics } from '../../../engine/eval/metrics';

describe('forecast metrics', () => {
  it('computes MAE, RMSE, sMAPE and MASE overall and per horizon step', () => {
    // W = 2 windows, S = 2 steps, K = 1 target
    const pred = [10, 12, 20, 18];
    const truth = [11, 10, 20, 22];
    const m = forecastMetrics(pred, truth, 2, 2, 1, [2]);
    expect(m.mae).toBeCloseTo((1 + 2 + 0 + 4) / 4, 12);
    expect(m.rmse).toBeCloseTo(Math.sqrt((1 + 4 + 0 + 16) / 4), 12);
    expect(m.smape).toBeCloseTo((100 * (2 / 21 + 4 / 22 + 0 + 8 / 40)) / 4, 10);
    expect(m.mase).toBeCloseTo(m.mae / 2, 12);
    expect(m.perStep.mae).toEqual([(1 + 0) / 2, (2 + 4) / 2]);
    expect(m.perStep.rmse[1]).toBeCloseTo(Math.sqrt((4 + 16) / 2), 12);
  });

  it('scales MASE per target', () => {
    const m = forecastMetrics([1, 10], [2, 14], 1, 1, 2, [1, 4]);
    expect(m.mase).toBeCloseTo((1 / 1 + 4 / 4) / 2, 12);
  });

  it('naive scale is the mean absolute one-step change, ignoring missing values', () => {
    expect(naiveScale([1, 3, 2, 6])).toBeCloseTo((2 + 1 + 4) / 3, 12);
    expect(naiveScale([1, NaN, 2, 4])).toBe(2);
  });
});

describe('classification metrics', () => {
  it('accuracy, macro-F1 and the confusion matrix', () => {
    const truth = [0, 0, 1, 1, 2, 2];
    const predicted = [0, 1, 1, 1, 0, 2];
    const m = classifyMetrics(predicted, truth, 4);
    expect(m.accuracy).toBeCloseTo(4 / 6, 12);
    expect(m.confusion[0]).toEqual([1, 1, 0, 0]);
    expect(m.confusion[2]).toEqual([1, 0, 1, 0]);
    const f1 = [(2 * 1) / (2 + 2), (2 * 2) / (2 + 3), (2 * 1) / (2 + 1)];
    expect(m.macroF1).toBeCloseTo((f1[0] + f1[1] + f1[2]) / 3, 12); // class 3 absent from both: not averaged
  });

  it('argmax picks the first of equal maxima', () => {
    expect(Array.from(argmaxRows([0.1, 0.7, 0.2, 0.5, 0.5, 0], 2, 3))).toEqual([1, 0]);
  });
});

describe('text metrics', () => {
  it('bits per character and perplexity from mean cross-entropy in nats', () => {
    const m = textMetrics(Math.log(4));
    expect(m.bitsPerChar).toBeCloseTo(2, 12);
    expect(m.perplexity).toBeCloseTo(4, 12);
  });
});

import { describe, expect, it } from 'vitest';
import type { TaskMetrics } from '../../../engine/index';
import { headline } from '../../../extension/runs/headline';

const forecast = (mae: number) => ({ mae, rmse: mae * 1.3, smape: 20, mase: 1, perStep: { mae: [mae], rmse: [mae], smape: [20], mase: [1] } });
const classify = (accuracy: number) => ({ accuracy, macroF1: accuracy / 2, confusion: [[1]] });

describe('headline', () => {
  it('forecast: validation MAE against the better (lower) baseline, ✓ when lower', () => {
    const result = headline('forecast', forecast(1.053), { naive: forecast(1.285), seasonalNaive: forecast(1.2) });
    expect(result.baseline).toEqual({ name: 'seasonalNaive', value: 1.2 });
    expect(result.beatsBaseline).toBe(true);
    expect(result.text).toBe('MAE 1.053 ✓ seasonal-naive 1.2');
  });

  it('classify: accuracy against the better (higher) baseline, ✗ when it does not beat it', () => {
    const result = headline('classify', classify(0.651), { majority: classify(0.702) });
    expect(result.beatsBaseline).toBe(false);
    expect(result.text).toBe('accuracy 65.1% ✗ majority 70.2%');
  });

  it('text: bits per char against unigram', () => {
    const text = (bitsPerChar: number): TaskMetrics => ({ bitsPerChar, perplexity: 2 ** bitsPerChar });
    expect(headline('text', text(2.75), { unigram: text(4.48) }).text).toBe('bits/char 2.75 ✓ unigram 4.48');
  });

  it('says what it knows while the model has no metric yet', () => {
    const result = headline('forecast', null, { naive: forecast(1.285) });
    expect(result).toMatchObject({ model: null, beatsBaseline: null, text: 'MAE – naive 1.285' });
    expect(headline('forecast', forecast(0.5), {}).text).toBe('MAE 0.5');
  });

  it('skips non-finite baseline values', () => {
    expect(headline('forecast', forecast(1), { naive: forecast(Number.NaN), seasonalNaive: forecast(2) }).baseline).toEqual({ name: 'seasonalNaive', value: 2 });
  });
});

// The cost model behind init's proposed sizes: the FLOP formula, and choices that fit the time budget.
import fc from 'fast-check';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { proposeConfig } from '../../../engine/config/propose';
import { chooseSizes, ENGINE_FLOPS_PER_SECOND, flopsPerEpoch, forwardFlopsPerWindow, TARGET_TRAINING_SECONDS } from '../../../engine/config/sizing';
import { SAMPLE_CONFIGS } from './generated.test';

describe('cost model', () => {
  it('counts 2·G·H·(In+H)·T per layer plus the head', () => {
    // LSTM, F = 2, H = 64, T = 24, one output: 2·4·64·(2+64)·24 + 2·64·1 = 811 008 + 128.
    expect(forwardFlopsPerWindow({ cell: 'lstm', inputSize: 2, hiddenSize: 64, layers: 1, steps: 24, outputSize: 1, headOnEveryStep: false })).toBe(811_136);
    // GRU has 3 gates; a second layer takes H inputs; a text head runs on every step.
    expect(forwardFlopsPerWindow({ cell: 'gru', inputSize: 8, hiddenSize: 16, layers: 2, steps: 10, outputSize: 5, headOnEveryStep: true }))
      .toBe(2 * 3 * 16 * (8 + 16) * 10 + 2 * 3 * 16 * (16 + 16) * 10 + 2 * 16 * 5 * 10);
    const shape = { cell: 'lstm' as const, inputSize: 2, hiddenSize: 64, layers: 1, steps: 24, outputSize: 1, headOnEveryStep: false };
    expect(flopsPerEpoch(shape, 100, 10)).toBe(3 * 811_136 * 100 + 811_136 * 10);
  });

  it('a larger budget never gives a smaller model, and a proposal fits its budget unless it is already the smallest', () => {
    fc.assert(fc.property(
      fc.constantFrom('forecast', 'classify', 'text' as const), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 2, max: 200 }), fc.integer({ min: 10, max: 50_000 }), fc.double({ min: 5, max: 600, noNaN: true }),
      (task, inputSize, steps, trainWindows, budget) => {
        const input = { task, cell: 'lstm' as const, inputSize, steps, outputSize: 3, trainWindows, validationWindows: Math.ceil(trainWindows / 5) };
        const small = chooseSizes(input, budget);
        const large = chooseSizes(input, budget * 2);
        expect(large.model.hiddenSize).toBeGreaterThanOrEqual(small.model.hiddenSize);
        for (const [choice, seconds] of [[small, budget], [large, budget * 2]] as const) {
          const smallest = choice.model.hiddenSize === 16 && (choice.training.maxWindowsPerEpoch === 1 || choice.training.epochs === (task === 'text' ? 10 : 20));
          if (!smallest) expect(choice.estimatedSeconds).toBeLessThanOrEqual(Math.ceil(seconds));
        }
      },
    ));
  });
});

describe('bundled samples', () => {
  it.each(SAMPLE_CONFIGS.map((s) => [s.config, s] as const))('%s fits in about two minutes and uses the budget unless capped by its data', async (_name, sample) => {
    const dir = path.resolve(__dirname, '../../../samples');
    const { sizing, config } = await proposeConfig({ dataFile: path.join(dir, sample.data), configFile: path.join(dir, sample.config), task: sample.task, targets: sample.targets });
    expect(sizing.estimatedSeconds).toBeLessThanOrEqual(TARGET_TRAINING_SECONDS * 1.01);
    expect(config.training.epochs).toBeGreaterThanOrEqual(10);
    expect(ENGINE_FLOPS_PER_SECOND).toBeGreaterThan(0);
    // A small series reaches the epoch cap (early stopping ends it sooner anyway) before the budget;
    // anything else should spend a fair part of the two minutes.
    const atEpochCap = config.training.epochs === (config.data.task === 'forecast' ? 200 : 100);
    if (!atEpochCap) expect(sizing.estimatedSeconds).toBeGreaterThan(TARGET_TRAINING_SECONDS * 0.3);
  });
});

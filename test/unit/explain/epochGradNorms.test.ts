// The epoch event's gradient norm per layer and gate block is the mean over that epoch's batches of each
// block's norm before clipping. Checked against the gradients the loop leaves in the model after each
// batch (the last batch's, clipped when clipping was active), read through the named gradient views.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../engine/config/load';
import { prepareData } from '../../../engine/data/prepare';
import type { EpochEvent, TrainingEvent } from '../../../engine/train/events';
import { runTraining } from '../../../engine/train/loop';
import { setupFromConfig } from '../../../engine/train/setup';
import { createTrainingState } from '../../../engine/train/state';
import type { Model } from '../../../engine/model';
import { tempDir, writeConfig, writeForecastData } from '../helpers/tinyRuns';

/** ‖block (l, k)‖ for every layer and gate, from the named views (not the flat ranges). */
function blockNorms(model: Model): number[][] {
  const { spec } = model;
  const H = spec.hiddenSize;
  const G = spec.cell === 'lstm' ? 4 : 3;
  return Array.from({ length: spec.layers }, (_, l) => Array.from({ length: G }, (_, k) => {
    let sum = 0;
    for (const part of ['W', 'R', 'Wb', 'Rb']) {
      const view = model.d[`rnn.${l}.${part}`];
      const width = view.length / (G * H);
      for (let i = k * H * width; i < (k + 1) * H * width; i++) sum += view[i] * view[i];
    }
    return Math.sqrt(sum);
  }));
}

async function train(cell: 'lstm' | 'gru', clipNorm: number): Promise<{ epochs: EpochEvent[]; expected: number[][][] }> {
  const dir = tempDir();
  const file = writeConfig(dir, 'series', { file: writeForecastData(dir), task: 'forecast', window: 8 }, {
    model: { cell, layers: 2, hiddenSize: 6 }, training: { epochs: 2, batchSize: 32, gradClipNorm: clipNorm },
  });
  const { config } = loadConfig(file);
  const data = await prepareData(config, file);
  const state = createTrainingState(setupFromConfig(config, data));
  const epochs: EpochEvent[] = [];
  const expected: number[][][] = [];
  let sums: number[][] | null = null;
  let batches = 0;
  await runTraining(state, data, {
    emit(event: TrainingEvent) {
      if (event.type === 'batch') {
        // After the step the model still holds this batch's gradients, scaled by the clip coefficient.
        const coef = clipNorm > 0 ? Math.min(1, clipNorm / (event.gradNorm + 1e-6)) : 1;
        const norms = blockNorms(state.model).map((layer) => layer.map((n) => n / coef));
        sums = sums ? sums.map((layer, l) => layer.map((s, k) => s + norms[l][k])) : norms;
        batches++;
      }
      if (event.type === 'epoch') {
        epochs.push(event);
        expected.push(sums!.map((layer) => layer.map((s) => s / batches)));
        sums = null;
        batches = 0;
      }
    },
    shouldStop: () => false,
    saveCheckpoint: () => ({ type: 'checkpoint', epoch: state.progress.epoch, batch: state.progress.batch, file: 'memory' }),
  });
  return { epochs, expected };
}

describe('gate-block gradient norms in the epoch event', () => {
  for (const [cell, clipNorm] of [['lstm', 0], ['gru', 0.05]] as const) {
    it(`${cell}, ${clipNorm > 0 ? 'clipping active' : 'no clipping'}: the mean over the epoch's batches, before clipping`, async () => {
      const { epochs, expected } = await train(cell, clipNorm);
      expect(epochs).toHaveLength(2);
      for (let e = 0; e < epochs.length; e++) {
        const event = epochs[e].gateGradNorms!;
        expect(event.gates).toEqual(cell === 'lstm' ? ['input', 'output', 'forget', 'candidate'] : ['update', 'reset', 'candidate']);
        expect(event.norms).toHaveLength(2);
        event.norms.forEach((layer, l) => layer.forEach((norm, k) => {
          expect(norm).toBeGreaterThan(0);
          expect(Math.abs(norm - expected[e][l][k])).toBeLessThan(1e-5 * expected[e][l][k]); // float32 gradients
        }));
      }
    });
  }
});

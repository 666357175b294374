// The folded embedding (model/embeddingFold.ts) against the embedding as a layer of its own: the same
// model on the same sequences, once as one batch of T·B ≥ V rows (folded) and once a sequence at a
// time (T < V rows: not folded). Sequences do not interact, so the batch's outputs are the sequences'
// outputs and its gradients (for a fixed output gradient) their sum, in float64 to rounding.
import { describe, expect, it } from 'vitest';
import { buildModel, modelBackward, modelForward, modelZeroGrad } from '../../../engine/model';
import { createRng } from '../../../engine/rng';
import type { ModelSpec } from '../../../engine/spec';

const V = 7;
const B = 3;
const T = 4; // B·T = 12 ≥ V folds; one sequence (4 rows) does not

function spec(cell: 'lstm' | 'gru'): ModelSpec {
  return { cell, hiddenSize: 5, layers: 2, dropout: 0, forgetBias: 1, headOn: 'every', input: { kind: 'tokens', vocab: V, embed: 3 }, outputSize: V };
}

describe('the embedding folded into layer 0', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    it(`${cell}: a folded batch gives each sequence's outputs and the sum of their gradients`, () => {
      const rng = createRng(7);
      const model = buildModel(spec(cell), rng, { dtype: 'f64' });
      for (let k = 0; k < model.params.length; k++) model.params[k] = (rng.uniform() * 2 - 1) * 0.6;
      const tokens = Int32Array.from({ length: B * T }, (_, k) => (k * 5 + 3) % V); // every token, some twice in a step
      const dOutput = Float64Array.from({ length: B * T * V }, () => rng.uniform() * 2 - 1);

      modelZeroGrad(model);
      const batchOutput = Float64Array.from(modelForward(model, { B, T, x: tokens }, { training: false }));
      expect(model.acts!.current!.folded).toBe(true);
      modelBackward(model, dOutput);
      const batchGrads = Float64Array.from(model.grads);

      modelZeroGrad(model);
      const sequenceOutput = new Float64Array(B * T * V);
      for (let b = 0; b < B; b++) {
        const out = modelForward(model, { B: 1, T, x: tokens.subarray(b * T, (b + 1) * T) }, { training: false });
        expect(model.acts!.current!.folded).toBe(false);
        sequenceOutput.set(out, b * T * V);
        modelBackward(model, dOutput.subarray(b * T * V, (b + 1) * T * V)); // accumulates into model.grads
      }
      expectClose(batchOutput, sequenceOutput);
      expectClose(batchGrads, model.grads as Float64Array);
      expect(Math.max(...batchGrads.map(Math.abs))).toBeGreaterThan(0.01); // the gradients are not all zero
    });
  }

  it('refuses a token outside the vocabulary, as the embedding layer does', () => {
    const model = buildModel(spec('lstm'), createRng(1), { dtype: 'f64' });
    const tokens = new Int32Array(B * T);
    tokens[5] = V;
    expect(() => modelForward(model, { B, T, x: tokens }, { training: false })).toThrow(`token ${V} at position`);
  });
});

function expectClose(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let k = 0; k < actual.length; k++) worst = Math.max(worst, Math.abs(actual[k] - expected[k]) / (Math.abs(expected[k]) + 1e-9));
  expect(worst).toBeLessThan(1e-10);
}

// Gradient norms per layer and gate block, from the flat gradient buffer and the parameter layout:
// checked against the same sums taken over the named gradient views row by row, and against the global
// norm (every block's square plus the head's and the embedding's give ‖g‖²).
import { describe, expect, it } from 'vitest';
import { byLayer, gateBlocks, gateNorms, GATE_NAMES } from '../../../engine/explain/gradNorms';
import { buildModel } from '../../../engine/model';
import { gradNorm } from '../../../engine/optim/clip';
import { createRng } from '../../../engine/rng';
import type { ModelSpec } from '../../../engine/spec';

const specs: ModelSpec[] = [
  { cell: 'lstm', input: { kind: 'features', size: 3 }, hiddenSize: 4, layers: 2, dropout: 0, outputSize: 2, headOn: 'last', forgetBias: 1 },
  { cell: 'gru', input: { kind: 'tokens', vocab: 7, embed: 5 }, hiddenSize: 3, layers: 3, dropout: 0, outputSize: 7, headOn: 'every', forgetBias: 0 },
];

describe('gate block gradient norms', () => {
  for (const spec of specs) {
    it(`${spec.cell}, ${spec.layers} layers, ${spec.input.kind} input`, () => {
      const rng = createRng(11);
      const model = buildModel(spec, rng, { dtype: 'f64' });
      for (let k = 0; k < model.grads.length; k++) model.grads[k] = rng.normal() * (1 + (k % 7));
      const blocks = gateBlocks(spec, model.layout);
      const G = GATE_NAMES[spec.cell].length;
      const norms = new Float64Array(spec.layers * G);
      gateNorms(norms, model.grads, blocks, false);

      const H = spec.hiddenSize;
      let squares = 0;
      for (let l = 0; l < spec.layers; l++) {
        for (let k = 0; k < G; k++) {
          let sum = 0;
          for (const part of ['W', 'R', 'Wb', 'Rb']) {
            const view = model.d[`rnn.${l}.${part}`];
            const width = view.length / (G * H); // columns per gate row (1 for the biases)
            for (let row = k * H; row < (k + 1) * H; row++) for (let c = 0; c < width; c++) sum += view[row * width + c] ** 2;
          }
          expect(norms[l * G + k]).toBeCloseTo(Math.sqrt(sum), 12);
          squares += sum;
        }
      }
      for (const name of ['head.weight', 'head.bias', 'embedding.weight']) for (const g of model.d[name] ?? []) squares += g * g;
      expect(Math.sqrt(squares)).toBeCloseTo(gradNorm(model.grads), 10);

      gateNorms(norms, model.grads, blocks, true); // accumulating adds the same norms again
      expect(byLayer(norms, blocks, 0.5)[spec.layers - 1][G - 1]).toBeCloseTo(byLayer(norms, blocks)[spec.layers - 1][G - 1] / 2, 12);
      const again = new Float64Array(norms.length);
      gateNorms(again, model.grads, blocks, false);
      for (let b = 0; b < norms.length; b++) expect(norms[b]).toBeCloseTo(2 * again[b], 12);
    });
  }
});

// The forward's capture option: what it hands back is what the layers computed. The captured gates
// recompute every layer's cell states and outputs exactly (float64, bit for bit), and the head's output
// from the top layer's last state; they match PyTorch's gates on the gates fixtures (float64 to 1e-9,
// float32 to 1e-5 + 1e-4 relative, on the reference kernels and on the SIMD backend).
import { afterAll, describe, expect, it } from 'vitest';
import { useKernels, type Kernels } from '../../../engine/kernels';
import { allocCapture, allocateModel, buildModel, modelForward, type ModelCapture } from '../../../engine/model';
import { createRng } from '../../../engine/rng';
import type { ModelSpec } from '../../../engine/spec';
import type { Allocator, Floats } from '../../../engine/tensor';
import { assertTensor, flatParams, GATES_FIXTURE_NAMES, loadTorchFixture, TOL_F32, TOL_F64 } from '../helpers/torchFixtures';
import { makeBackend } from '../kernels/simdHelpers';

const features = (size: number) => ({ kind: 'features' as const, size });
const base = { hiddenSize: 5, dropout: 0, forgetBias: 1, headOn: 'last' as const, outputSize: 2 };

/** Largest |a − b| where the recurrence is recomputed from the captured gates alone. */
function recomputeError(capture: ModelCapture, spec: ModelSpec, B: number, T: number): { states: number; outputs: number } {
  const H = spec.hiddenSize;
  const G = (spec.cell === 'lstm' ? 4 : 3) * H;
  let states = 0;
  let outputs = 0;
  for (const layer of capture.layers) {
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        for (let j = 0; j < H; j++) {
          const g = (b * T + t) * G;
          const s = (b * T + t) * H;
          const hPrev = t > 0 ? layer.hiddens[s - H + j] : 0;
          if (spec.cell === 'lstm') {
            const [i, o, f, c] = [layer.gates[g + j], layer.gates[g + H + j], layer.gates[g + 2 * H + j], layer.gates[g + 3 * H + j]];
            const cPrev = t > 0 ? layer.cells[s - H + j] : 0;
            const cell = f * cPrev + i * c;
            states = Math.max(states, Math.abs(cell - layer.cells[s + j]));
            outputs = Math.max(outputs, Math.abs(o * Math.tanh(cell) - layer.hiddens[s + j]));
          } else {
            const [z, n] = [layer.gates[g + j], layer.gates[g + 2 * H + j]];
            outputs = Math.max(outputs, Math.abs((1 - z) * n + z * hPrev - layer.hiddens[s + j]));
          }
        }
      }
    }
  }
  return { states, outputs };
}

describe('capture: the captured gates recompute the layer outputs exactly (float64)', () => {
  const cases: { name: string; spec: ModelSpec & { input: { kind: 'features'; size: number } }; lengths?: number[] }[] = [
    { name: 'LSTM, 2 layers', spec: { ...base, cell: 'lstm', layers: 2, input: features(3) } },
    { name: 'GRU, 2 layers', spec: { ...base, cell: 'gru', layers: 2, input: features(3) } },
    { name: 'LSTM, 3 layers, variable lengths', spec: { ...base, cell: 'lstm', layers: 3, input: features(2) }, lengths: [4, 2, 3] },
  ];
  for (const { name, spec, lengths } of cases) {
    it(name, () => {
      const B = 3;
      const T = 4;
      const rng = createRng(5);
      const model = buildModel(spec, rng, { dtype: 'f64' });
      for (let k = 0; k < model.params.length; k++) model.params[k] = (rng.uniform() * 2 - 1) * 1.2; // some gates saturate
      const x = Float64Array.from({ length: B * T * spec.input.size }, () => (rng.uniform() * 2 - 1) * 2);
      const capture = allocCapture(spec, B, T);
      const batch = { B, T, x, lengths: lengths ? Int32Array.from(lengths) : undefined };
      const out = Float64Array.from(modelForward(model, batch, { training: false, capture }));
      const error = recomputeError(capture, spec, B, T);
      expect(error.states).toBe(0);
      expect(error.outputs).toBe(0);
      // The head reads the top layer's captured state at each sequence's last valid step.
      const top = capture.layers[spec.layers - 1].hiddens;
      const H = spec.hiddenSize;
      const W = model.p['head.weight'];
      for (let b = 0; b < B; b++) {
        const t = (lengths?.[b] ?? T) - 1;
        for (let o = 0; o < spec.outputSize; o++) {
          let sum = model.p['head.bias'][o];
          for (let j = 0; j < H; j++) sum += top[(b * T + t) * H + j] * W[o * H + j];
          expect(Math.abs(sum - out[b * spec.outputSize + o])).toBeLessThan(1e-15);
        }
      }
      // Layer l+1 ran on layer l's captured outputs: capture a one-layer model on them and compare.
      const upper = buildModel({ ...spec, layers: 1, input: features(H) }, createRng(1), { dtype: 'f64' });
      const names = ['W', 'R', 'Wb', 'Rb'];
      for (const part of names) upper.p[`rnn.0.${part}`].set(model.p[`rnn.1.${part}`]);
      const single = allocCapture(upper.spec, B, T);
      modelForward(upper, { B, T, x: capture.layers[0].hiddens }, { training: false, capture: single });
      expect(Array.from(single.layers[0].gates)).toEqual(Array.from(capture.layers[1].gates));
    });
  }

  it('refuses capture buffers of another shape', () => {
    const spec: ModelSpec = { ...base, cell: 'gru', layers: 1, input: features(2) };
    const model = buildModel(spec, createRng(1), { dtype: 'f64' });
    const capture = allocCapture(spec, 2, 3);
    expect(() => modelForward(model, { B: 1, T: 3, x: new Float64Array(6) }, { training: false, capture })).toThrow(/capture buffers are for 2×3/);
  });
});

function runFixture(name: (typeof GATES_FIXTURE_NAMES)[number], dtype: 'f32' | 'f64', allocator?: Allocator): void {
  const fixture = loadTorchFixture(name);
  const run = dtype === 'f64' ? fixture.float64 : fixture.float32;
  const tolerance = dtype === 'f64' ? TOL_F64 : TOL_F32;
  const model = allocateModel(fixture.spec, { dtype, allocator });
  model.params.set(flatParams(fixture, fixture.params, dtype));
  const x: Floats = dtype === 'f64' ? Float64Array.from(fixture.x.data) : Float32Array.from(fixture.x.data);
  const capture = allocCapture(fixture.spec, fixture.batch, fixture.seq, dtype);
  modelForward(model, { B: fixture.batch, T: fixture.seq, x }, { training: false, capture });
  run.layers.forEach((want, l) => {
    const got = capture.layers[l];
    assertTensor(`${name} layer ${l} gates`, got.gates, want.gates, tolerance);
    assertTensor(`${name} layer ${l} hiddens`, got.hiddens, want.hiddens, tolerance);
    if (want.cells) assertTensor(`${name} layer ${l} cells`, got.cells, want.cells, tolerance);
    else expect(got.cells.length).toBe(0);
  });
}

describe('capture: PyTorch parity of the gates (test/fixtures/torch/gates_*.json)', () => {
  for (const name of GATES_FIXTURE_NAMES) {
    it(`${name}, float64`, () => runFixture(name, 'f64'));
    it(`${name}, float32`, () => runFixture(name, 'f32'));
  }

  describe('on the SIMD backend', () => {
    const backend = makeBackend(2, true);
    const previous: Kernels[] = [];
    afterAll(() => backend.dispose());
    for (const name of GATES_FIXTURE_NAMES) {
      it(`${name}, float32 in the arena`, () => {
        previous.push(useKernels(backend.kernels));
        try {
          runFixture(name, 'f32', backend.arena);
        } finally {
          useKernels(previous.pop()!);
        }
      });
    }
  });
});

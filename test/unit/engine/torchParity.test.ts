// The engine against PyTorch 1.13 (fixtures written by scripts/make_fixtures.py): outputs, every layer's
// output sequence, final states, loss, every parameter gradient and the input gradient, in float64
// (1e-9 absolute) and float32 (1e-5 absolute + 1e-4 relative).
import { describe, it } from 'vitest';
import { computeLoss } from '../../../engine/losses';
import { modelBackward, modelForward, modelZeroGrad, type Model } from '../../../engine/model';
import type { Floats } from '../../../engine/tensor';
import { fixtureProblem } from '../helpers/torchProblem';
import {
  assertTensor, loadTorchFixture, MODEL_FIXTURE_NAMES, TOL_F32, TOL_F64, validStepMask,
  type ModelFixture, type Tolerance,
} from '../helpers/torchFixtures';

/** [T, B, H] time-major rows (offset by `skip` steps) → [B, T, H] batch-first. */
function batchFirst(source: Floats, T: number, B: number, H: number, skip: number): Float64Array {
  const out = new Float64Array(B * T * H);
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) out[(b * T + t) * H + j] = source[((t + skip) * B + b) * H + j];
  return out;
}

/** State after step len_b − 1 of each sequence, per layer: [L, B, H]. */
function finalStates(model: Model, fixture: ModelFixture, pick: 'hiddens' | 'cells'): Float64Array {
  const { batch: B, seq: T } = fixture;
  const H = fixture.spec.hiddenSize;
  const out = new Float64Array(fixture.spec.layers * B * H);
  model.acts!.layers.forEach((layer, l) => {
    const states = (layer.acts as unknown as Record<string, Floats>)[pick];
    for (let b = 0; b < B; b++) {
      const t = fixture.lengths ? fixture.lengths[b] : T; // index t holds the state after step t − 1
      for (let j = 0; j < H; j++) out[(l * B + b) * H + j] = states[(t * B + b) * H + j];
    }
  });
  return out;
}

function checkFixture(fixture: ModelFixture, dtype: 'f32' | 'f64', tolerance: Tolerance): void {
  const run = dtype === 'f64' ? fixture.float64 : fixture.float32;
  const { model, batch, targets, mask, loss } = fixtureProblem(fixture, dtype);
  const { B, T } = batch;
  const H = fixture.spec.hiddenSize;
  const O = fixture.spec.outputSize;
  modelZeroGrad(model);
  const output = modelForward(model, batch, { training: false, inputGrad: fixture.spec.input.kind === 'features' });
  const headMask = fixture.spec.headOn === 'every' && fixture.lengths ? validStepMask(fixture, O) : undefined;
  assertTensor(`${dtype} head`, output, run.head, { ...tolerance, mask: headMask });
  run.layerOutputs.forEach((want, l) => {
    const got = batchFirst(model.acts!.layers[l].acts.hiddens, T, B, H, 1);
    assertTensor(`${dtype} layer ${l} outputs`, got, want, { ...tolerance, mask: validStepMask(fixture, H) });
  });
  assertTensor(`${dtype} final h`, finalStates(model, fixture, 'hiddens'), run.finalH, tolerance);
  if (run.finalC) assertTensor(`${dtype} final c`, finalStates(model, fixture, 'cells'), run.finalC, tolerance);

  const dOutput = new (dtype === 'f32' ? Float32Array : Float64Array)(output.length);
  const value = computeLoss(loss, dOutput, output, targets, mask, output.length, O);
  assertTensor(`${dtype} loss`, [value], [run.loss], tolerance);
  const dx = modelBackward(model, dOutput);
  for (const entry of model.layout.entries) {
    assertTensor(`${dtype} grad ${entry.name}`, model.d[entry.name], run.grads[entry.name], tolerance);
  }
  if (run.xGrad) assertTensor(`${dtype} x grad`, dx!, run.xGrad, tolerance);
}

describe('parity with PyTorch: forward, loss and every gradient', () => {
  for (const name of MODEL_FIXTURE_NAMES) {
    it(`${name} in float64 (1e-9 absolute)`, () => checkFixture(loadTorchFixture(name), 'f64', TOL_F64));
    it(`${name} in float32 (1e-5 absolute + 1e-4 relative)`, () => checkFixture(loadTorchFixture(name), 'f32', TOL_F32));
  }
});

// The engine end to end on the SIMD backend: float32 parity with the PyTorch fixtures (the same
// 1e-5 absolute + 1e-4 relative tolerance as the reference kernels), and determinism: one seed gives
// bit-identical parameters run after run, and with one or two threads (the split never changes the
// arithmetic of an output element).
import { afterAll, describe, expect, it } from 'vitest';
import { useKernels, type Kernels } from '../../../engine/kernels';
import { computeLoss } from '../../../engine/losses';
import { allocateModel, buildModel, modelBackward, modelForward, modelZeroGrad } from '../../../engine/model';
import { createOptimizer, defaultOptimizerSpec } from '../../../engine/optim/optimizer';
import { createRng } from '../../../engine/rng';
import type { ModelSpec } from '../../../engine/spec';
import { trainStep } from '../../../engine/train/step';
import { lossSpecOf } from '../helpers/torchProblem';
import { assertTensor, flatParams, loadTorchFixture, MODEL_FIXTURE_NAMES, TOL_F32, validStepMask } from '../helpers/torchFixtures';
import { makeBackend, VARIANTS } from './simdHelpers';
import type { SimdVariant } from '../../../engine/accel/simd';

const previous: Kernels[] = [];
afterAll(() => {
  while (previous.length) useKernels(previous.pop()!);
});

describe.each(VARIANTS)('SIMD backend (%s build): float32 parity with PyTorch', (variant) => {
  const backend = makeBackend(2, true, variant); // every product split into chunks shared with the helper thread
  afterAll(() => backend.dispose());
  for (const name of MODEL_FIXTURE_NAMES) {
    it(`${name}: head, loss, every gradient and the input gradient`, () => {
      previous.push(useKernels(backend.kernels));
      try {
        const fixture = loadTorchFixture(name);
        const run = fixture.float32;
        const model = allocateModel(fixture.spec, { dtype: 'f32', allocator: backend.arena });
        model.params.set(flatParams(fixture, fixture.params, 'f32'));
        expect(backend.arena.owns(model.params)).toBe(true);
        const x = fixture.spec.input.kind === 'tokens' ? Int32Array.from(fixture.x.data) : Float32Array.from(fixture.x.data);
        const lengths = fixture.lengths && fixture.spec.headOn === 'last' ? Int32Array.from(fixture.lengths) : undefined;
        const batch = { B: fixture.batch, T: fixture.seq, x, lengths };
        const targets = fixture.loss.kind === 'ce' ? Int32Array.from(fixture.targets.data) : Float32Array.from(fixture.targets.data);
        const mask = fixture.mask ? Float32Array.from(fixture.mask.data) : null;
        const O = fixture.spec.outputSize;
        modelZeroGrad(model);
        const output = modelForward(model, batch, { training: false, inputGrad: fixture.spec.input.kind === 'features' });
        const headMask = fixture.spec.headOn === 'every' && fixture.lengths ? validStepMask(fixture, O) : undefined;
        assertTensor('simd head', output, run.head, { ...TOL_F32, mask: headMask });
        const dOutput = new Float32Array(output.length);
        const value = computeLoss(lossSpecOf(fixture), dOutput, output, targets, mask, output.length, O);
        assertTensor('simd loss', [value], [run.loss], TOL_F32);
        const dx = modelBackward(model, dOutput);
        for (const entry of model.layout.entries) assertTensor(`simd grad ${entry.name}`, model.d[entry.name], run.grads[entry.name], TOL_F32);
        if (run.xGrad) assertTensor('simd x grad', dx!, run.xGrad, TOL_F32);
      } finally {
        useKernels(previous.pop()!);
      }
    });
  }
});

/** Trains a few steps from one seed on the given backend and returns a copy of the parameters. */
function trainedParams(threads: 1 | 2, cell: 'lstm' | 'gru', variant: SimdVariant): Float32Array {
  const backend = makeBackend(threads, true, variant);
  previous.push(useKernels(backend.kernels));
  try {
    const spec: ModelSpec = { cell, input: { kind: 'features', size: 5 }, hiddenSize: 24, layers: 2, dropout: 0.2, outputSize: 3, headOn: 'last', forgetBias: 1 };
    const rng = createRng(42);
    const model = buildModel(spec, rng, { dtype: 'f32', allocator: backend.arena });
    const optimizer = createOptimizer(defaultOptimizerSpec('adam'), model.layout.size, 'f32', backend.arena);
    const [B, T] = [13, 9];
    const x = Float32Array.from({ length: B * T * 5 }, () => rng.normal());
    const targets = Float32Array.from({ length: B * 3 }, () => rng.normal());
    for (let step = 0; step < 5; step++) {
      const result = trainStep(model, optimizer, { kind: 'mse' }, { B, T, x }, targets, { lr: 1e-2, clipNorm: 1, rng });
      expect(result.skipped).toBe(false);
    }
    return Float32Array.from(model.params);
  } finally {
    useKernels(previous.pop()!);
    backend.dispose();
  }
}

describe.each(VARIANTS)('SIMD backend (%s build): determinism', (variant) => {
  for (const cell of ['lstm', 'gru'] as const) {
    it(`${cell}: same seed → bit-identical parameters, with one thread, two threads, and across the two`, () => {
      const single = trainedParams(1, cell, variant);
      const singleAgain = trainedParams(1, cell, variant);
      const double = trainedParams(2, cell, variant);
      const doubleAgain = trainedParams(2, cell, variant);
      expect(Buffer.from(singleAgain.buffer).equals(Buffer.from(single.buffer))).toBe(true);
      expect(Buffer.from(doubleAgain.buffer).equals(Buffer.from(double.buffer))).toBe(true);
      expect(Buffer.from(double.buffer).equals(Buffer.from(single.buffer))).toBe(true);
      // …and training moved the parameters (so the comparison is not of untouched initial values).
      const initial = buildModel({ cell, input: { kind: 'features', size: 5 }, hiddenSize: 24, layers: 2, dropout: 0.2, outputSize: 3, headOn: 'last', forgetBias: 1 }, createRng(42), { dtype: 'f32' }).params;
      expect(single.some((value, i) => value !== initial[i])).toBe(true);
    });
  }
});

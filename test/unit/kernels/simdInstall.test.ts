// Installing the SIMD kernels for a process: the live kernel set switches to them (the relaxed-SIMD
// build where the runtime has it), a model built with the returned allocator trains on them, and
// dispose() puts the previous kernels back.
import { describe, expect, it } from 'vitest';
import { installSimdKernels, relaxedSimdAvailable } from '../../../engine/accel/simd';
import { kernels } from '../../../engine/kernels';
import { buildModel } from '../../../engine/model';
import { createOptimizer, defaultOptimizerSpec } from '../../../engine/optim/optimizer';
import { createRng } from '../../../engine/rng';
import { trainStep } from '../../../engine/train/step';

describe('installSimdKernels', () => {
  it('installs, trains a model whose buffers live in wasm memory, and restores the previous kernels', () => {
    const before = kernels.name;
    const simd = installSimdKernels({ threads: 2 });
    expect(simd).not.toBeNull();
    try {
      expect(kernels.name).toBe(relaxedSimdAvailable() ? 'simd-relaxed' : 'simd');
      expect(simd!.threads).toBe(2);
      const rng = createRng(3);
      const model = buildModel({ cell: 'lstm', input: { kind: 'features', size: 3 }, hiddenSize: 16, layers: 1, dropout: 0, outputSize: 1, headOn: 'last', forgetBias: 1 }, rng, { dtype: 'f32', allocator: simd!.allocator });
      expect(simd!.backend.arena.owns(model.params)).toBe(true);
      const optimizer = createOptimizer(defaultOptimizerSpec('adam'), model.layout.size, 'f32', simd!.allocator);
      const x = Float32Array.from({ length: 8 * 5 * 3 }, () => rng.normal());
      const y = Float32Array.from({ length: 8 }, () => rng.normal());
      const losses = Array.from({ length: 30 }, () => trainStep(model, optimizer, { kind: 'mse' }, { B: 8, T: 5, x }, y, { lr: 1e-2, clipNorm: 0, rng }).loss);
      expect(losses[29]).toBeLessThan(losses[0] * 0.5); // it learns the fixed batch
    } finally {
      simd!.dispose();
    }
    expect(kernels.name).toBe(before);
  });
});

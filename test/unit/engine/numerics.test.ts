// Numerical guards: extreme activations stay finite, a poisoned batch never reaches the weights, and
// one seed gives a bit-identical run.
import { describe, expect, it } from 'vitest';
import { sigmoid } from '../../../engine/kernels/activations';
import { buildModel, modelBackward, modelForward, modelZeroGrad, type Model } from '../../../engine/model';
import { createOptimizer, defaultOptimizerSpec, type Optimizer } from '../../../engine/optim/optimizer';
import { createRng, type Rng } from '../../../engine/rng';
import type { CellKind, ModelSpec } from '../../../engine/spec';
import { firstNonFinite } from '../../../engine/tensor';
import { trainStep } from '../../../engine/train/step';

const spec = (cell: CellKind, dropout = 0): ModelSpec => ({
  cell, input: { kind: 'features', size: 3 }, hiddenSize: 6, layers: 2, dropout, outputSize: 2, headOn: 'last', forgetBias: 1,
});

describe('extreme values', () => {
  it('sigmoid is exact and finite at ±300 and beyond', () => {
    expect(sigmoid(300)).toBe(1);
    expect(sigmoid(-300)).toBeGreaterThanOrEqual(0);
    expect(sigmoid(-300)).toBeLessThan(1e-100);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-20)).toBeCloseTo(2.0611536181902037e-9, 20);
  });

  for (const cell of ['lstm', 'gru'] as const) {
    it(`${cell}: weights ×1e3 and inputs ±1e4 give finite outputs and gradients`, () => {
      const rng = createRng(1);
      const model = buildModel(spec(cell), rng);
      for (let k = 0; k < model.params.length; k++) model.params[k] *= 1e3;
      const x = Float32Array.from({ length: 2 * 4 * 3 }, (_, k) => (k % 2 ? 1e4 : -1e4));
      modelZeroGrad(model);
      const out = modelForward(model, { B: 2, T: 4, x }, { training: false });
      expect(firstNonFinite(out)).toBe(-1);
      modelBackward(model, new Float32Array(out.length).fill(1));
      expect(firstNonFinite(model.grads)).toBe(-1);
    });
  }
});

function setup(seed: number, dropout = 0): { model: Model; optimizer: Optimizer; rng: Rng } {
  const rng = createRng(seed);
  const model = buildModel(spec('lstm', dropout), rng);
  const optimizer = createOptimizer(defaultOptimizerSpec('adam'), model.layout.size, 'f32', model.allocator);
  return { model, optimizer, rng };
}

function batchOf(rng: Rng): { x: Float32Array; y: Float32Array } {
  return { x: Float32Array.from({ length: 4 * 5 * 3 }, () => rng.normal()), y: Float32Array.from({ length: 4 * 2 }, () => rng.normal()) };
}

describe('non-finite guard', () => {
  it('a batch with a NaN skips the update and leaves weights and moments bitwise unchanged', () => {
    const { model, optimizer, rng } = setup(2);
    const clean = batchOf(rng);
    trainStep(model, optimizer, { kind: 'mse' }, { B: 4, T: 5, x: clean.x }, clean.y, { lr: 1e-2, clipNorm: 1, rng });
    const params = Float32Array.from(model.params);
    const m = Float32Array.from(optimizer.buffers.m);
    const v = Float32Array.from(optimizer.buffers.v);
    const poisoned = Float32Array.from(clean.x);
    poisoned[7] = NaN;
    const result = trainStep(model, optimizer, { kind: 'mse' }, { B: 4, T: 5, x: poisoned }, clean.y, { lr: 1e-2, clipNorm: 1, rng });
    expect(result.skipped).toBe(true);
    expect(Number.isFinite(result.loss)).toBe(false);
    expect(model.params).toEqual(params);
    expect(optimizer.buffers.m).toEqual(m);
    expect(optimizer.buffers.v).toEqual(v);
    expect(optimizer.step).toBe(1);
    const next = trainStep(model, optimizer, { kind: 'mse' }, { B: 4, T: 5, x: clean.x }, clean.y, { lr: 1e-2, clipNorm: 1, rng });
    expect(next.skipped).toBe(false);
  });

  it('an infinite target (finite loss impossible) is caught before backward', () => {
    const { model, optimizer, rng } = setup(3);
    const { x, y } = batchOf(rng);
    y[0] = Infinity;
    const before = Float32Array.from(model.params);
    expect(trainStep(model, optimizer, { kind: 'mse' }, { B: 4, T: 5, x }, y, { lr: 1e-2, clipNorm: 0, rng }).skipped).toBe(true);
    expect(model.params).toEqual(before);
  });

  it('clipping bounds the update: the applied gradient has norm ≤ maxNorm', () => {
    const { model, optimizer, rng } = setup(4);
    const { x, y } = batchOf(rng);
    for (let k = 0; k < y.length; k++) y[k] *= 1e3;
    const result = trainStep(model, optimizer, { kind: 'mse' }, { B: 4, T: 5, x }, y, { lr: 1e-2, clipNorm: 0.5, rng });
    expect(result.clipped).toBe(true);
    let norm = 0;
    for (const g of model.grads) norm += g * g;
    expect(Math.sqrt(norm)).toBeLessThanOrEqual(0.5 * (1 + 1e-5));
  });
});

describe('determinism', () => {
  function run(seed: number): Float32Array {
    const { model, optimizer, rng } = setup(seed, 0.3);
    const data = Array.from({ length: 6 }, () => batchOf(rng));
    for (let epoch = 0; epoch < 3; epoch++) {
      for (const index of rng.shuffle(Int32Array.from([0, 1, 2, 3, 4, 5]))) {
        const { x, y } = data[index];
        trainStep(model, optimizer, { kind: 'mse' }, { B: 4, T: 5, x }, y, { lr: 1e-2, clipNorm: 1, rng });
      }
    }
    return Float32Array.from(model.params);
  }

  it('two runs from one seed (dropout, shuffling, clipping) give bit-identical parameters', () => {
    const first = run(17);
    const second = run(17);
    expect(Buffer.from(second.buffer).equals(Buffer.from(first.buffer))).toBe(true);
    expect(Buffer.from(run(18).buffer).equals(Buffer.from(first.buffer))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { gatesPerCell, recurrentInputSize } from '../../../engine/spec';
import {
  MODEL_FIXTURE_NAMES,
  TOL_F32,
  TOL_F64,
  TRAJECTORY_FIXTURE_NAMES,
  assertTensor,
  checkTensor,
  flatParams,
  loadTorchFixture,
  validStepMask,
} from './torchFixtures';

// The fixtures must agree with engine/spec.ts's parameter layout, or every parity test built on them is moot.
describe('torch fixtures', () => {
  it.each(MODEL_FIXTURE_NAMES)('%s has SeqLab parameter names and shapes for its spec', (name) => {
    const fixture = loadTorchFixture(name);
    const { spec } = fixture;
    const G = gatesPerCell(spec.cell);
    const H = spec.hiddenSize;
    const expected: [string, number[]][] = [];
    if (spec.input.kind === 'tokens') expected.push(['embedding.weight', [spec.input.vocab, spec.input.embed]]);
    for (let l = 0; l < spec.layers; l++) {
      expected.push([`rnn.${l}.W`, [G * H, recurrentInputSize(spec, l)]], [`rnn.${l}.R`, [G * H, H]]);
      expected.push([`rnn.${l}.Wb`, [G * H]], [`rnn.${l}.Rb`, [G * H]]);
    }
    expected.push(['head.weight', [spec.outputSize, H]], ['head.bias', [spec.outputSize]]);
    expect(fixture.paramNames).toEqual(expected.map(([param]) => param));
    for (const [param, shape] of expected) {
      expect(fixture.params[param].shape).toEqual(shape);
      expect(fixture.float64.grads[param].shape).toEqual(shape);
      expect(fixture.float32.grads[param].shape).toEqual(shape);
    }
    const B = fixture.batch;
    const T = fixture.seq;
    expect(fixture.float64.finalH.shape).toEqual([spec.layers, B, H]);
    expect(fixture.float64.head.shape).toEqual(spec.headOn === 'last' ? [B, spec.outputSize] : [B, T, spec.outputSize]);
    for (const output of fixture.float64.layerOutputs) expect(output.shape).toEqual([B, T, H]);
    // Inputs are float32-exact, so one copy serves both dtypes.
    const f64 = flatParams(fixture, fixture.params, 'f64');
    expect(Array.from(flatParams(fixture, fixture.params, 'f32'))).toEqual(Array.from(f64));
  });

  it('loads the optimiser, clipping, schedule and trajectory fixtures', () => {
    expect(loadTorchFixture('optimizers').cases.map((c) => c.name)).toContain('adamw');
    expect(loadTorchFixture('clip_grad_norm').cases).toHaveLength(3);
    expect(loadTorchFixture('lr_schedules').schedules.map((s) => s.type)).toEqual(['step', 'cosine', 'cosine', 'plateau']);
    for (const name of TRAJECTORY_FIXTURE_NAMES) {
      const trajectory = loadTorchFixture(name);
      expect(trajectory.losses[0]).toBe(loadTorchFixture(trajectory.modelFixture).float64.loss);
    }
  });

  it('validStepMask marks t < lengths[b]', () => {
    const fixture = loadTorchFixture('lengths_text_lstm1_every_ce_masked');
    expect(Array.from(validStepMask(fixture, 1))).toEqual(fixture.mask?.data);
  });
});

describe('checkTensor', () => {
  const want = { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] };

  it('passes identical values and reports maxdiff 0', () => {
    const result = checkTensor('t', Float64Array.from(want.data), want, TOL_F64);
    expect(result.ok).toBe(true);
    expect(result.maxDiff).toBe(0);
  });

  it('names the first mismatch by multi-index and the largest difference', () => {
    const got = [1, 2, 3 + 1e-6, 4, 5 + 1e-3, 6];
    const result = checkTensor('t', got, want, TOL_F64);
    expect(result.ok).toBe(false);
    expect(result.mismatches).toBe(2);
    expect(result.firstMismatch?.index).toBe(2);
    expect(result.firstMismatch?.at).toBe('[0,2] (flat 2)');
    expect(result.maxDiffIndex).toBe(4);
    expect(result.message).toContain('NOT OK');
    expect(() => assertTensor('t', got, want, TOL_F64)).toThrow(/first mismatch \[0,2\]/);
  });

  it('applies atol + rtol·|want|, fails NaN and length mismatches, and skips masked elements', () => {
    expect(checkTensor('t', [1000.09], [1000], TOL_F32).ok).toBe(true); // 0.09 ≤ 1e-5 + 0.1
    expect(checkTensor('t', [1000.2], [1000], TOL_F32).ok).toBe(false);
    expect(checkTensor('t', [Number.NaN], [0], { atol: 1, rtol: 1 }).ok).toBe(false);
    expect(checkTensor('t', [1, 2], [1, 2, 3], TOL_F64).ok).toBe(false);
    expect(checkTensor('t', [1, 99], [1, 2], { ...TOL_F64, mask: [1, 0] }).ok).toBe(true);
  });
});

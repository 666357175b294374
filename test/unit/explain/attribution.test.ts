// Input attribution from the engine's input gradient (float64):
// - gradient × input equals x times the centred finite difference of the attributed output, for every
//   input element (|a − n| ≤ 1e-6·max(|a|, |n|) + 1e-9, the engine's gradient-check criterion);
// - integrated gradients are complete: Σ A = y(x) − y(0) within 1e-6 at 1,024 steps (the 32-step error,
//   which `seqlab explain` reports with every attribution, is printed);
// - a text model's embedded view computes exactly what the token model computes.
import { describe, expect, it } from 'vitest';
import { attribute, targetValue, type AttributionInput, type OutputTarget } from '../../../engine/explain/attribution';
import { embeddedModel, embedTokens } from '../../../engine/explain/embedded';
import { buildModel, modelBackward, modelForward, modelZeroGrad, type Model } from '../../../engine/model';
import { createRng } from '../../../engine/rng';
import type { ModelSpec } from '../../../engine/spec';

const RELATIVE = 1e-6;
const ABSOLUTE = 1e-9;

function widen(model: Model, seed: number, scale = 0.8): void {
  const rng = createRng(seed);
  for (let k = 0; k < model.params.length; k++) model.params[k] = (rng.uniform() * 2 - 1) * scale;
}

/** y(x) by a plain forward, as the finite differences see it. */
function outputAt(input: AttributionInput, x: Float64Array): number {
  const { model, T } = input;
  const lengths = input.length !== undefined ? Int32Array.of(input.length) : undefined;
  const out = modelForward(model, { B: 1, T, x, lengths }, { training: false });
  return targetValue(out, input.target, model.spec.outputSize, model.spec.headOn === 'every' ? T : 1, 0);
}

function checkAgainstFiniteDifferences(input: AttributionInput): void {
  const { gradientTimesInput } = attribute(input, 1);
  const x = Float64Array.from(input.x);
  const eps = 1e-5;
  const failures: string[] = [];
  for (let i = 0; i < x.length; i++) {
    const keep = x[i];
    x[i] = keep + eps;
    const up = outputAt(input, x);
    x[i] = keep - eps;
    const down = outputAt(input, x);
    x[i] = keep;
    const numeric = (keep * (up - down)) / (2 * eps);
    const analytic = gradientTimesInput[i];
    if (!(Math.abs(analytic - numeric) <= RELATIVE * Math.max(Math.abs(analytic), Math.abs(numeric)) + ABSOLUTE)) {
      failures.push(`x[${i}]: analytic ${analytic}, numeric ${numeric}`);
    }
  }
  expect(failures.slice(0, 5)).toEqual([]);
}

function completenessError(input: AttributionInput, steps: number): { error: number; difference: number } {
  const result = attribute(input, steps);
  const sum = result.integratedGradients.reduce((a, b) => a + b, 0);
  const difference = result.value - result.baselineValue;
  return { error: Math.abs(sum - difference), difference };
}

const features = (size: number) => ({ kind: 'features' as const, size });

interface Case {
  name: string;
  spec: ModelSpec & { input: { kind: 'features'; size: number } };
  T: number;
  length?: number;
  target: OutputTarget;
}

const cases: Case[] = [
  {
    name: 'forecast: LSTM 2 layers, a head output in original units (×std)',
    spec: { cell: 'lstm', input: features(3), hiddenSize: 5, layers: 2, dropout: 0, outputSize: 4, headOn: 'last', forgetBias: 1 },
    T: 6,
    target: { kind: 'value', index: 2, scale: 3.7 },
  },
  {
    name: 'classify: GRU, a right-padded sequence, the log-probability of a class',
    spec: { cell: 'gru', input: features(2), hiddenSize: 4, layers: 1, dropout: 0, outputSize: 3, headOn: 'last', forgetBias: 0 },
    T: 5,
    length: 3,
    target: { kind: 'logProb', row: 0, classIndex: 1 },
  },
];

describe('gradient × input against central finite differences (float64)', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const model = buildModel(testCase.spec, createRng(3), { dtype: 'f64' });
      widen(model, 4);
      const rng = createRng(9);
      const x = Float64Array.from({ length: testCase.T * testCase.spec.input.size }, () => rng.uniform() * 4 - 2);
      checkAgainstFiniteDifferences({ model, T: testCase.T, x, length: testCase.length, target: testCase.target });
    });
  }

  it('text: the embedded view of an LSTM, the log-probability of the next character at the last step', () => {
    const { input, model } = textProblem();
    checkAgainstFiniteDifferences(input);
    // The view computes exactly what the token model computes.
    const tokens = Int32Array.of(1, 4, 0, 5, 2);
    const byTokens = Float64Array.from(modelForward(model, { B: 1, T: 5, x: tokens }, { training: false }));
    const byVectors = modelForward(input.model, { B: 1, T: 5, x: input.x }, { training: false });
    expect(Array.from(byVectors)).toEqual(Array.from(byTokens));
  });

  it('paramGrads: false gives the same input gradient and leaves the parameter gradients alone', () => {
    const spec = cases[0].spec;
    const model = buildModel(spec, createRng(3), { dtype: 'f64' });
    const x = Float64Array.from({ length: 6 * 3 }, (_, i) => Math.cos(i));
    const dOut = Float64Array.of(0.3, -1, 2, 0.5);
    modelZeroGrad(model);
    modelForward(model, { B: 1, T: 6, x }, { training: false, inputGrad: true });
    const full = Float64Array.from(modelBackward(model, dOut)!);
    expect(model.grads.some((g) => g !== 0)).toBe(true);
    model.grads.fill(7);
    modelForward(model, { B: 1, T: 6, x }, { training: false, inputGrad: true, paramGrads: false });
    expect(Array.from(modelBackward(model, dOut)!)).toEqual(Array.from(full));
    expect(model.grads.every((g) => g === 7)).toBe(true);
  });

  it('padded steps after a sequence’s length get no attribution', () => {
    const spec = cases[1].spec;
    const model = buildModel(spec, createRng(3), { dtype: 'f64' });
    const x = Float64Array.from({ length: 5 * 2 }, (_, i) => Math.sin(i + 1));
    const result = attribute({ model, T: 5, x, length: 3, target: cases[1].target }, 8);
    expect(Array.from(result.gradientTimesInput.subarray(3 * 2), Math.abs)).toEqual([0, 0, 0, 0]);
    expect(Array.from(result.integratedGradients.subarray(3 * 2), Math.abs)).toEqual([0, 0, 0, 0]);
    expect(result.integratedGradients.subarray(0, 3 * 2).every((a) => a !== 0)).toBe(true);
  });
});

function textProblem(scale = 0.8): { model: Model; input: AttributionInput } {
  const spec: ModelSpec = { cell: 'lstm', input: { kind: 'tokens', vocab: 6, embed: 3 }, hiddenSize: 4, layers: 2, dropout: 0, outputSize: 6, headOn: 'every', forgetBias: 1 };
  const model = buildModel(spec, createRng(5), { dtype: 'f64' });
  widen(model, 6, scale);
  const view = embeddedModel(model);
  const x = new Float64Array(5 * 3);
  embedTokens(model, [1, 4, 0, 5, 2], x);
  return { model, input: { model: view, T: 5, x, target: { kind: 'logProb', row: 4, classIndex: 3 } } };
}

describe('integrated gradients converge to completeness (float64)', () => {
  const problems: { name: string; input: () => AttributionInput }[] = [
    ...cases.map((testCase) => ({
      name: testCase.name,
      input: (): AttributionInput => {
        const model = buildModel(testCase.spec, createRng(3), { dtype: 'f64' });
        widen(model, 4, 1.2);
        const rng = createRng(10);
        const x = Float64Array.from({ length: testCase.T * testCase.spec.input.size }, () => rng.uniform() * 4 - 2);
        return { model, T: testCase.T, x, length: testCase.length, target: testCase.target };
      },
    })),
    { name: 'text: embedded LSTM', input: () => textProblem(1.6).input },
  ];
  for (const problem of problems) {
    it(problem.name, () => {
      const input = problem.input();
      const at1024 = completenessError(input, 1024);
      const at32 = completenessError(input, 32);
      console.info(`${problem.name}: y(x) − y(0) = ${at32.difference.toPrecision(6)}; completeness error ${at32.error.toExponential(2)} at 32 steps, ${at1024.error.toExponential(2)} at 1,024`);
      expect(Math.abs(at32.difference)).toBeGreaterThan(0.05); // the output moves: completeness is not trivially 0 = 0
      expect(at1024.error).toBeLessThan(1e-6);
    });
  }

  it('refuses a step count that is not a positive whole number', () => {
    const input = problems[0].input();
    expect(() => attribute(input, 0)).toThrow(/whole number of steps/);
    expect(() => attribute(input, 2.5)).toThrow(/whole number of steps/);
  });
});

// Float64 centred finite-difference checks of every analytic gradient: every layer (LSTM, GRU, Dense,
// Embedding, Dropout), every loss, every parameter element and the float inputs.
// Criterion (issue 3): |analytic − numeric| ≤ 1e-6·max(|analytic|, |numeric|) + 1e-9 for every component.
import { describe, expect, it } from 'vitest';
import { computeLoss, type LossSpec } from '../../../engine/losses';
import { buildModel, modelBackward, modelForward, modelZeroGrad, type Batch, type Model } from '../../../engine/model';
import { createRng } from '../../../engine/rng';
import type { ModelSpec } from '../../../engine/spec';

const RELATIVE = 1e-6;
const ABSOLUTE = 1e-9;

interface Case {
  name: string;
  spec: ModelSpec;
  loss: LossSpec;
  B: number;
  T: number;
  lengths?: number[];
  masked?: boolean;
  training?: boolean;
}

const features = (size: number) => ({ kind: 'features' as const, size });
const base = { hiddenSize: 4, layers: 1, dropout: 0, forgetBias: 1, headOn: 'last' as const };

const cases: Case[] = [
  { name: 'LSTM 1 layer, dense head on last step, MSE', spec: { ...base, cell: 'lstm', input: features(3), outputSize: 2 }, loss: { kind: 'mse' }, B: 3, T: 5 },
  { name: 'LSTM 2 layers, cross-entropy', spec: { ...base, cell: 'lstm', layers: 2, input: features(3), outputSize: 4 }, loss: { kind: 'crossEntropy' }, B: 3, T: 4 },
  { name: 'LSTM 3 layers with dropout between layers, MAE', spec: { ...base, cell: 'lstm', layers: 3, dropout: 0.3, input: features(2), outputSize: 3 }, loss: { kind: 'mae' }, B: 2, T: 4, training: true },
  { name: 'GRU 1 layer, Huber', spec: { ...base, cell: 'gru', input: features(3), outputSize: 3 }, loss: { kind: 'huber', delta: 0.5 }, B: 3, T: 5 },
  { name: 'GRU 2 layers with dropout, MSE', spec: { ...base, cell: 'gru', layers: 2, dropout: 0.25, input: features(2), outputSize: 2 }, loss: { kind: 'mse' }, B: 2, T: 4, training: true },
  { name: 'LSTM with variable lengths (last valid step)', spec: { ...base, cell: 'lstm', layers: 2, input: features(2), outputSize: 3 }, loss: { kind: 'crossEntropy' }, B: 3, T: 5, lengths: [5, 2, 3] },
  { name: 'GRU with variable lengths', spec: { ...base, cell: 'gru', input: features(2), outputSize: 2 }, loss: { kind: 'mse' }, B: 3, T: 4, lengths: [1, 4, 3] },
  // A vocabulary no larger than T·B folds the embedding into layer 0's input product (model/embeddingFold.ts) …
  { name: 'Embedding + LSTM, head on every step, cross-entropy', spec: { ...base, cell: 'lstm', layers: 2, input: { kind: 'tokens', vocab: 6, embed: 3 }, outputSize: 6, headOn: 'every' }, loss: { kind: 'crossEntropy' }, B: 2, T: 4 },
  { name: 'Embedding + GRU, every step, masked cross-entropy', spec: { ...base, cell: 'gru', input: { kind: 'tokens', vocab: 5, embed: 2 }, outputSize: 5, headOn: 'every' }, loss: { kind: 'crossEntropy' }, B: 2, T: 3, masked: true },
  // … a larger one keeps the embedding as a layer of its own.
  { name: 'Embedding (vocabulary above T·B, not folded) + LSTM, last step', spec: { ...base, cell: 'lstm', input: { kind: 'tokens', vocab: 9, embed: 3 }, outputSize: 3 }, loss: { kind: 'crossEntropy' }, B: 2, T: 3 },
  { name: 'Embedding (vocabulary above T·B, not folded) + GRU, every step', spec: { ...base, cell: 'gru', layers: 2, input: { kind: 'tokens', vocab: 8, embed: 2 }, outputSize: 8, headOn: 'every' }, loss: { kind: 'crossEntropy' }, B: 2, T: 3 },
  { name: 'LSTM, masked MSE over elements', spec: { ...base, cell: 'lstm', input: features(2), outputSize: 3 }, loss: { kind: 'mse' }, B: 3, T: 3, masked: true },
  { name: 'LSTM without forget bias, every step, Huber', spec: { ...base, cell: 'lstm', forgetBias: 0, input: features(2), outputSize: 2, headOn: 'every' }, loss: { kind: 'huber', delta: 1 }, B: 2, T: 3 },
];

describe('finite-difference gradient checks (float64)', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const problem = makeProblem(testCase);
      const { analyticParams, analyticInput } = analytic(problem);
      const failures: string[] = [];
      for (const entry of problem.model.layout.entries) {
        for (let k = 0; k < entry.size; k++) {
          const index = entry.offset + k;
          const numeric = centredDifference(problem, problem.model.params, index);
          check(failures, `${entry.name}[${k}]`, analyticParams[index], numeric);
        }
      }
      if (analyticInput) {
        for (let k = 0; k < analyticInput.length; k++) {
          const numeric = centredDifference(problem, problem.batch.x as Float64Array, k);
          check(failures, `x[${k}]`, analyticInput[k], numeric);
        }
      }
      expect(failures.slice(0, 10)).toEqual([]);
    });
  }
});

interface Problem {
  model: Model;
  batch: Batch;
  targets: Float64Array | Int32Array;
  mask: Float64Array | null;
  loss: LossSpec;
  training: boolean;
  seed: number;
}

function makeProblem(testCase: Case): Problem {
  const rng = createRng(1234);
  const { spec, B, T } = testCase;
  const model = buildModel(spec, rng, { dtype: 'f64' });
  // Wider than the default init, so every gate works away from zero and saturation.
  for (let k = 0; k < model.params.length; k++) model.params[k] = (rng.uniform() * 2 - 1) * 0.6;
  const x =
    spec.input.kind === 'tokens'
      ? Int32Array.from({ length: B * T }, () => rng.below((spec.input as { vocab: number }).vocab))
      : Float64Array.from({ length: B * T * spec.input.size }, () => rng.uniform() * 2 - 1);
  const batch: Batch = { B, T, x, lengths: testCase.lengths ? Int32Array.from(testCase.lengths) : undefined };
  const rows = spec.headOn === 'every' ? B * T : B;
  const elements = rows * spec.outputSize;
  const targets =
    testCase.loss.kind === 'crossEntropy'
      ? Int32Array.from({ length: rows }, () => rng.below(spec.outputSize))
      : Float64Array.from({ length: elements }, () => rng.uniform() * 4 - 2);
  const maskLength = testCase.loss.kind === 'crossEntropy' ? rows : elements;
  const mask = testCase.masked ? Float64Array.from({ length: maskLength }, (_, k) => (k % 3 === 1 ? 0 : 1)) : null;
  const problem = { model, batch, targets, mask, loss: testCase.loss, training: testCase.training ?? false, seed: 99 };
  keepAwayFromKinks(problem);
  return problem;
}

/** MAE and Huber have kinks (at 0 and ±δ); move targets so no residual is within 0.05 of one. */
function keepAwayFromKinks(problem: Problem): void {
  if (problem.loss.kind !== 'mae' && problem.loss.kind !== 'huber') return;
  const output = forward(problem);
  const targets = problem.targets as Float64Array;
  const kinks = problem.loss.kind === 'mae' ? [0] : [-problem.loss.delta, 0, problem.loss.delta];
  for (let k = 0; k < targets.length; k++) {
    for (const kink of kinks) {
      const residual = output[k] - targets[k];
      if (Math.abs(residual - kink) < 0.05) targets[k] -= 0.2;
    }
  }
}

/** Forward with a fresh PRNG of the same seed, so dropout masks are identical in every evaluation. */
function forward(problem: Problem): Float64Array {
  return modelForward(problem.model, problem.batch, { training: problem.training, rng: createRng(problem.seed), inputGrad: true }) as Float64Array;
}

function lossValue(problem: Problem): number {
  const output = forward(problem);
  const scratch = new Float64Array(output.length);
  return computeLoss(problem.loss, scratch, output, problem.targets, problem.mask, output.length, problem.model.spec.outputSize);
}

function analytic(problem: Problem): { analyticParams: Float64Array; analyticInput: Float64Array | null } {
  modelZeroGrad(problem.model);
  const output = forward(problem);
  const dOutput = new Float64Array(output.length);
  computeLoss(problem.loss, dOutput, output, problem.targets, problem.mask, output.length, problem.model.spec.outputSize);
  const dx = modelBackward(problem.model, dOutput);
  return { analyticParams: Float64Array.from(problem.model.grads), analyticInput: dx ? Float64Array.from(dx) : null };
}

function centredDifference(problem: Problem, array: Float64Array | Float32Array, index: number): number {
  const h = 1e-5;
  const saved = array[index];
  array[index] = saved + h;
  const plus = lossValue(problem);
  array[index] = saved - h;
  const minus = lossValue(problem);
  array[index] = saved;
  return (plus - minus) / (2 * h);
}

function check(failures: string[], name: string, analyticValue: number, numeric: number): void {
  const bound = RELATIVE * Math.max(Math.abs(analyticValue), Math.abs(numeric)) + ABSOLUTE;
  if (!(Math.abs(analyticValue - numeric) <= bound)) failures.push(`${name}: analytic ${analyticValue} numeric ${numeric}`);
}

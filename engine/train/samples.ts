// What the panel shows beside the loss curves after each epoch: rolling one-step forecasts over the end
// of the validation split against the truth, naive and seasonal-naive; a few classified windows; or
// text generated from a prompt.
import type { PreparedData, PreparedForecast, PreparedText } from '../data/types';
import { classifyProbabilities, windowRange } from '../eval/evaluate';
import { argmaxRows } from '../eval/metrics';
import { softmaxRows } from '../losses/crossEntropy';
import { modelFinalState, modelForward, type Model } from '../model';
import type { Rng } from '../rng';
import type { Floats } from '../tensor';
import type { Sample } from './events';
import { startToken } from '../data/tokenize';

const TEXT_SAMPLE_LENGTH = 200;
const TEXT_TEMPERATURE = 0.8;
const CLASSIFY_SAMPLES = 5;
/** N: validation steps a forecast sample covers (at most). */
export const FORECAST_SAMPLE_STEPS = 200;

/** One sample per call, for the model as it is now; buffers are allocated once per run, not per epoch. */
export type Sampler = (rng: Rng) => Sample;

export function createSampler(model: Model, data: PreparedData, batchSize: number): Sampler {
  if (data.task === 'forecast') return forecastSampler(model, data, batchSize);
  if (data.task === 'classify') {
    return () => {
      const W = data.splits.validation.windows;
      const count = Math.min(CLASSIFY_SAMPLES, W);
      const windows = Int32Array.from({ length: count }, (_, i) => Math.floor((i * W) / count));
      const probabilities = classifyProbabilities(model, data, 'validation', windows);
      const C = data.outputSize;
      const predicted = argmaxRows(probabilities, count, C);
      const labels = data.labels('validation');
      return {
        task: 'classify',
        classes: data.classNames,
        windows: Array.from(windows, (w, i) => ({ truth: labels[w], predicted: predicted[i], probabilities: Array.from(probabilities.subarray(i * C, (i + 1) * C)) })),
      };
    };
  }
  const prompt = data.decode(data.tokens('validation').subarray(0, 24));
  return (rng) => ({ task: 'text', prompt, text: generateText(model, data, prompt, TEXT_SAMPLE_LENGTH, TEXT_TEMPERATURE, rng), temperature: TEXT_TEMPERATURE });
}

/**
 * The last N validation windows, consecutive, each forecasting the step after it: their first predicted
 * steps are a rolling one-step-ahead forecast of N consecutive rows. Each array is [K targets][N steps],
 * in original units, aligned with `times`.
 */
function forecastSampler(model: Model, data: PreparedForecast, batchSize: number): Sampler {
  const W = data.splits.validation.windows;
  const N = Math.min(FORECAST_SAMPLE_STEPS, W);
  const first = W - N;
  const [T, F, K, O] = [data.window, data.input.size, data.targetNames.length, data.outputSize];
  const B = Math.max(1, Math.min(batchSize, N));
  const x = model.allocator.floats(model.dtype, B * T * F); // [B, T, F]
  const y = model.allocator.floats(model.dtype, B * O); //     [B, O], unused: the truth comes in original units
  const prediction = new Float64Array(N * O); //              [N, O], O = horizon·K, step h of target k at h·K + k
  const truth = new Float64Array(N * O);
  const seasonal = new Float64Array(N * O);
  const last = new Float64Array(N * K); //                    [N, K]
  for (let start = 0; start < N; start += B) {
    const n = Math.min(B, N - start);
    const windows = windowRange(first + start, n);
    data.truth('validation', windows, truth.subarray(start * O, (start + n) * O));
    data.seasonalNaive('validation', windows, seasonal.subarray(start * O, (start + n) * O));
    data.lastValues('validation', windows, last.subarray(start * K, (start + n) * K));
  }
  // Step 0 (the next row) of each window, per target; the naive forecast of the next row is the last value.
  const firstStep = (values: Float64Array, width: number) => Array.from({ length: K }, (_, k) => Array.from({ length: N }, (_, i) => values[i * width + k]));
  const times = data.time ? Array.from({ length: N }, (_, i) => data.timeLabel(data.lastRow('validation', first + i) + 1) ?? '') : null;
  const fixed = { truth: firstStep(truth, O), naive: firstStep(last, K), seasonalNaive: firstStep(seasonal, O) };
  return () => {
    for (let start = 0; start < N; start += B) {
      const n = Math.min(B, N - start);
      const windows = windowRange(first + start, n);
      data.fillBatch('validation', windows, x.subarray(0, n * T * F), y.subarray(0, n * O));
      const out = modelForward(model, { B: n, T, x: x.subarray(0, n * T * F) }, { training: false });
      data.toOriginal('validation', windows, out, prediction.subarray(start * O, (start + n) * O));
    }
    return { task: 'forecast', targets: data.targetNames, times, ...fixed, prediction: firstStep(prediction, O), season: data.season };
  };
}

/** Generates text one character per forward, carrying the recurrent state (no re-run of the prefix). */
export function generateText(model: Model, data: PreparedText, prompt: string, length: number, temperature: number, rng: Rng): string {
  const V = data.outputSize;
  let ids = data.encode(prompt);
  if (ids.length === 0) ids = Int32Array.of(startToken(data.vocabulary, 0));
  let state: { h: Floats; c?: Floats } | undefined;
  const probabilities = new Float64Array(V);
  const generated: number[] = [];
  for (let i = 0; i < length; i++) {
    const out = modelForward(model, { B: 1, T: ids.length, x: ids }, { training: false, initialState: state });
    softmaxRows(probabilities, out.subarray((ids.length - 1) * V, ids.length * V), 1, V, temperature);
    const next = drawIndex(probabilities, rng);
    generated.push(next);
    const final = modelFinalState(model);
    state = { h: final.h, c: final.c ?? undefined };
    ids = Int32Array.of(next);
  }
  return data.decode(generated, prompt);
}

function drawIndex(probabilities: Float64Array, rng: Rng): number {
  let u = rng.uniform();
  for (let i = 0; i < probabilities.length; i++) {
    u -= probabilities[i];
    if (u < 0) return i;
  }
  return probabilities.length - 1;
}

// What the panel shows beside the loss curves after each epoch: one validation forecast against the
// truth and the naive baseline, a few classified windows, or text generated from a prompt.
import type { PreparedData, PreparedForecast, PreparedText } from '../data/types';
import { classifyProbabilities } from '../eval/evaluate';
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

export function makeSample(model: Model, data: PreparedData, rng: Rng): Sample {
  if (data.task === 'forecast') return forecastSample(model, data);
  if (data.task === 'classify') {
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
  }
  const prompt = data.decode(data.tokens('validation').subarray(0, 24));
  return { task: 'text', prompt, text: generateText(model, data, prompt, TEXT_SAMPLE_LENGTH, TEXT_TEMPERATURE, rng), temperature: TEXT_TEMPERATURE };
}

/** The last validation window: its history, the truth, the model's forecast and the naive forecast, per target. */
function forecastSample(model: Model, data: PreparedForecast): Sample {
  const window = data.splits.validation.windows - 1;
  const windows = Int32Array.of(window);
  const T = data.window;
  const K = data.targetNames.length;
  const S = data.horizon;
  const O = data.outputSize;
  const x = model.allocator.floats(model.dtype, T * data.input.size);
  const y = model.allocator.floats(model.dtype, O);
  data.fillBatch('validation', windows, x, y);
  const out = modelForward(model, { B: 1, T, x }, { training: false });
  const prediction = new Float64Array(O);
  const truth = new Float64Array(O);
  const last = new Float64Array(K);
  data.toOriginal('validation', windows, out, prediction);
  data.truth('validation', windows, truth);
  data.lastValues('validation', windows, last);
  const lastRow = data.lastRow('validation', window);
  const perTarget = (values: ArrayLike<number>) => Array.from({ length: K }, (_, k) => Array.from({ length: S }, (_, s) => values[s * K + k]));
  return {
    task: 'forecast',
    targets: data.targetNames,
    history: Array.from({ length: K }, (_, k) => Array.from({ length: T }, (_, t) => data.rawTargets[(lastRow - T + 1 + t) * K + k])),
    truth: perTarget(truth),
    prediction: perTarget(prediction),
    naive: Array.from({ length: K }, (_, k) => new Array<number>(S).fill(last[k])),
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

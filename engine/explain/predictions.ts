// The model's predictions over a whole split, in the shapes the diagnostics read: per window of a
// forecast, the first target one step ahead (original units) beside the truth, the naive forecast and the
// target's row; per window of a classifier, the predicted and the true class; per position of a text
// model's first chunks, the most likely next character and the true one.
import type { PreparedClassify, PreparedData, PreparedForecast, PreparedText, SplitName } from '../data/types';
import { windowRange } from '../eval/evaluate';
import { argmaxRows } from '../eval/metrics';
import { modelForward, type Model } from '../model';
import { heapAllocator } from '../tensor';

export interface ForecastPredictions {
  task: 'forecast';
  /** Per window, the first target at horizon step 1: model, truth, naive (= the last value), original units. */
  prediction: Float64Array;
  truth: Float64Array;
  naive: Float64Array;
  /** Per window, the prepared row of that truth (rawTargets[row·K] = truth). */
  targetRows: Int32Array;
}

export interface LabelPredictions {
  task: 'classify' | 'text';
  predicted: Int32Array;
  truth: Int32Array;
  /** Class names (classify) or characters (text), by id. */
  names: string[];
}

export type SplitPredictions = ForecastPredictions | LabelPredictions;

/** Text chunks the collapse check reads (each gives seqLength positions). */
export const TEXT_WINDOWS = 64;

export function splitPredictions(model: Model, data: PreparedData, split: SplitName, batchSize: number): SplitPredictions {
  if (data.task === 'forecast') return forecastPredictions(model, data, split, batchSize);
  if (data.task === 'classify') return classifyPredictions(model, data, split, batchSize);
  return textPredictions(model, data, split, batchSize);
}

function forecastPredictions(model: Model, data: PreparedForecast, split: SplitName, batchSize: number): ForecastPredictions {
  const W = data.splits[split].windows;
  const { window: T, outputSize: O } = data;
  const F = data.input.size;
  const K = data.targetNames.length;
  const x = heapAllocator.floats(model.dtype, batchSize * T * F);
  const y = heapAllocator.floats(model.dtype, batchSize * O);
  const original = new Float64Array(batchSize * O);
  const result: ForecastPredictions = {
    task: 'forecast', prediction: new Float64Array(W), truth: new Float64Array(W), naive: new Float64Array(W), targetRows: new Int32Array(W),
  };
  for (let start = 0; start < W; start += batchSize) {
    const n = Math.min(batchSize, W - start);
    const windows = windowRange(start, n);
    data.fillBatch(split, windows, x, y);
    const out = modelForward(model, { B: n, T, x: x.subarray(0, n * T * F) }, { training: false });
    data.toOriginal(split, windows, out, original);
    for (let b = 0; b < n; b++) {
      const w = start + b;
      const row = data.lastRow(split, w);
      result.prediction[w] = original[b * O]; // horizon step 1, target 0
      result.truth[w] = data.rawTargets[(row + 1) * K];
      result.naive[w] = data.rawTargets[row * K];
      result.targetRows[w] = row + 1;
    }
  }
  return result;
}

function classifyPredictions(model: Model, data: PreparedClassify, split: SplitName, batchSize: number): LabelPredictions {
  const W = data.splits[split].windows;
  const { window: T, outputSize: C } = data;
  const F = data.input.size;
  const x = heapAllocator.floats(model.dtype, batchSize * T * F);
  const y = new Int32Array(batchSize);
  const lengths = new Int32Array(batchSize);
  const predicted = new Int32Array(W);
  for (let start = 0; start < W; start += batchSize) {
    const n = Math.min(batchSize, W - start);
    data.fillBatch(split, windowRange(start, n), x, y, lengths);
    const out = modelForward(model, { B: n, T, x: x.subarray(0, n * T * F), lengths: lengths.subarray(0, n) }, { training: false });
    predicted.set(argmaxRows(out, n, C), start);
  }
  return { task: 'classify', predicted, truth: Int32Array.from(data.labels(split)), names: data.classNames };
}

function textPredictions(model: Model, data: PreparedText, split: SplitName, batchSize: number): LabelPredictions {
  const W = Math.min(TEXT_WINDOWS, data.splits[split].windows);
  const { window: T, outputSize: V } = data;
  const x = new Int32Array(batchSize * T);
  const y = new Int32Array(batchSize * T);
  const predicted = new Int32Array(W * T);
  const truth = new Int32Array(W * T);
  for (let start = 0; start < W; start += batchSize) {
    const n = Math.min(batchSize, W - start);
    data.fillBatch(split, windowRange(start, n), x, y);
    const out = modelForward(model, { B: n, T, x: x.subarray(0, n * T) }, { training: false });
    predicted.set(argmaxRows(out, n * T, V), start * T);
    truth.set(y.subarray(0, n * T), start * T);
  }
  return { task: 'text', predicted, truth, names: data.vocabulary };
}

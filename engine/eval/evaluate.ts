// Evaluating a model on a whole split, in batches: its mean loss (model units, the quantity early
// stopping watches) and its task metrics (original units for forecasts). Baselines are scored by the
// same metric functions on the same windows (baselines.ts).
import type { PreparedData, SplitName } from '../data/types';
import { computeLoss, type LossSpec } from '../losses';
import { softmaxRows } from '../losses/crossEntropy';
import { modelForward, type Model } from '../model';
import { heapAllocator } from '../tensor';
import { argmaxRows, classifyMetrics, forecastMetrics, tokenMetrics, type TaskMetrics } from './metrics';

export interface SplitEvaluation {
  loss: number;
  metrics: TaskMetrics;
}

/** Window indices start..start+count of a split, for one batch. */
export function windowRange(start: number, count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => start + i);
}

export function evaluateSplit(model: Model, data: PreparedData, loss: LossSpec, split: SplitName, batchSize: number): SplitEvaluation {
  const W = data.splits[split].windows;
  const T = data.window;
  const O = data.outputSize;
  // Heap buffers, not the model's allocator: an evaluation runs every epoch, and the SIMD arena never
  // frees (the model copies x into its own activations, so the kernels do not need it in the arena).
  const floats = (length: number) => heapAllocator.floats(model.dtype, length);
  let lossSum = 0;
  const scratch = floats(batchSize * (data.task === 'text' ? T * O : O));

  if (data.task === 'forecast') {
    const F = data.input.size;
    const K = data.targetNames.length;
    const x = floats(batchSize * T * F);
    const y = floats(batchSize * O);
    const prediction = new Float64Array(W * O);
    const truth = new Float64Array(W * O);
    for (let start = 0; start < W; start += batchSize) {
      const n = Math.min(batchSize, W - start);
      const windows = windowRange(start, n);
      data.fillBatch(split, windows, x, y);
      const out = modelForward(model, { B: n, T, x: x.subarray(0, n * T * F) }, { training: false });
      lossSum += n * computeLoss(loss, scratch, out, y.subarray(0, n * O), null, n * O, O);
      data.toOriginal(split, windows, out, prediction.subarray(start * O, (start + n) * O));
      data.truth(split, windows, truth.subarray(start * O, (start + n) * O));
    }
    const metrics = forecastMetrics(prediction, truth, W, data.horizon, K, data.inSampleNaiveMae(1));
    return { loss: lossSum / Math.max(W, 1), metrics };
  }

  if (data.task === 'classify') {
    const F = data.input.size;
    const x = floats(batchSize * T * F);
    const y = new Int32Array(batchSize);
    const lengths = new Int32Array(batchSize);
    const predicted = new Int32Array(W);
    for (let start = 0; start < W; start += batchSize) {
      const n = Math.min(batchSize, W - start);
      const windows = windowRange(start, n);
      data.fillBatch(split, windows, x, y, lengths);
      const out = modelForward(model, { B: n, T, x: x.subarray(0, n * T * F), lengths: lengths.subarray(0, n) }, { training: false });
      lossSum += n * computeLoss(loss, scratch, out, y.subarray(0, n), null, n * O, O);
      predicted.set(argmaxRows(out, n, O), start);
    }
    return { loss: lossSum / Math.max(W, 1), metrics: classifyMetrics(predicted, data.labels(split), O) };
  }

  const x = new Int32Array(batchSize * T);
  const y = new Int32Array(batchSize * T);
  let correct = 0;
  for (let start = 0; start < W; start += batchSize) {
    const n = Math.min(batchSize, W - start);
    data.fillBatch(split, windowRange(start, n), x, y);
    const out = modelForward(model, { B: n, T, x: x.subarray(0, n * T) }, { training: false });
    lossSum += n * computeLoss(loss, scratch, out, y.subarray(0, n * T), null, n * T * O, O);
    const predicted = argmaxRows(out, n * T, O);
    for (let i = 0; i < n * T; i++) if (predicted[i] === y[i]) correct++;
  }
  const meanLoss = lossSum / Math.max(W, 1);
  return { loss: meanLoss, metrics: tokenMetrics(data.tokenizer.type, meanLoss, correct / Math.max(W * T, 1)) };
}

/** Class probabilities [n, C] of a few windows of a split, for the panel's sample view. */
export function classifyProbabilities(model: Model, data: PreparedData & { task: 'classify' }, split: SplitName, windows: Int32Array): Float64Array {
  const n = windows.length;
  const T = data.window;
  const C = data.outputSize;
  const x = heapAllocator.floats(model.dtype, n * T * data.input.size); // per epoch: not the arena (see above)
  const y = new Int32Array(n);
  const lengths = new Int32Array(n);
  data.fillBatch(split, windows, x, y, lengths);
  const out = modelForward(model, { B: n, T, x, lengths }, { training: false });
  const probabilities = new Float64Array(n * C);
  softmaxRows(probabilities, out, n, C);
  return probabilities;
}

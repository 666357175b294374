// Input attribution of one scalar output y of the model, from the model's own backward pass with respect
// to its input (modelBackward with inputGrad: the only gradient used here).
//   gradient × input:       A[t, f] = x[t, f] · ∂y/∂x[t, f]
//   integrated gradients:   A[t, f] = (x − x₀)[t, f] · ∫₀¹ ∂y/∂x (x₀ + α(x − x₀)) dα
//                           with the baseline x₀ = 0 in the model's input space (the training mean of every
//                           feature, once scaled), and the integral by the Riemann midpoint rule over
//                           α_k = (k + ½)/m, k = 0…m−1. Completeness: Σ A = y(x) − y(x₀) as m grows.
// y is a head output times a scale (forecast: the target's std, so y is in original units), or the
// log-probability of one class at one head row (classify: the predicted class; text: the next token).
// Dims: T = time steps, F = features (text: the embedding width E), O = head outputs, m = path steps.
import { modelBackward, modelForward, type Model } from '../model';
import { heapAllocator, type Floats } from '../tensor';

export type OutputTarget =
  | { kind: 'value'; index: number; scale: number } // y = scale · out[index] of a [O] head row
  | { kind: 'logProb'; row: number; classIndex: number }; // y = log softmax(out[row, :])[classIndex]

export interface AttributionInput {
  /** A model with float input (a text model's embedded view: embeddedModel). */
  model: Model;
  T: number;
  /** [T, F] the input in the model's units (scaled features, or embedding vectors). */
  x: Floats;
  /** Valid steps for a head on the last step (right-padded classify sequences); T when absent. */
  length?: number;
  target: OutputTarget;
}

export interface AttributionResult {
  /** [T, F] each. */
  gradientTimesInput: Float64Array;
  integratedGradients: Float64Array;
  /** y(x) and y(0). */
  value: number;
  baselineValue: number;
  steps: number;
}

// Scratch comes from the JS heap, not the model's allocator: a WebAssembly arena never frees, and the
// panel explains many sequences in one long-lived worker.

/** Largest batch of path points run at once (memory: activations grow with it). */
const PATH_BATCH = 64;

export function attribute(input: AttributionInput, steps: number): AttributionResult {
  if (!(Number.isInteger(steps) && steps >= 1)) throw new RangeError(`integrated gradients need a whole number of steps ≥ 1, got ${steps}`);
  const { model, T, x } = input;
  const F = featuresOf(model);
  const TF = T * F;
  // Gradient × input, and y(x), from one forward and backward of the input itself.
  const dx = new Float64Array(TF);
  const value = gradientsAt(input, [1], dx);
  const gradientTimesInput = Float64Array.from(dx, (g, i) => g * x[i]);
  const baselineValue = valueAt(input, 0);

  // Integrated gradients: the mean gradient over the path's midpoints, in batches of path points.
  const sum = new Float64Array(TF);
  for (let first = 0; first < steps; first += PATH_BATCH) {
    const alphas = Array.from({ length: Math.min(PATH_BATCH, steps - first) }, (_, k) => (first + k + 0.5) / steps);
    gradientsAt(input, alphas, sum);
  }
  const integratedGradients = Float64Array.from(sum, (g, i) => (g / steps) * x[i]);
  return { gradientTimesInput, integratedGradients, value, baselineValue, steps };
}

/** y at α·x (one forward, no gradients). */
export function valueAt(input: AttributionInput, alpha: number): number {
  const { model, T, x } = input;
  const scaled = heapAllocator.floats(model.dtype, x.length);
  for (let i = 0; i < x.length; i++) scaled[i] = alpha * x[i];
  const out = modelForward(model, batchOf(input, 1, scaled), { training: false });
  return targetValue(out, input.target, model.spec.outputSize, model.spec.headOn === 'every' ? T : 1, 0);
}

/**
 * Runs the batch of path points α·x (B = alphas.length) forward and backward, adds Σ_b ∂y/∂x at each
 * point into `gradSum` [T, F], and returns y at the first point.
 */
function gradientsAt(input: AttributionInput, alphas: number[], gradSum: Float64Array): number {
  const { model, T, x, target } = input;
  const B = alphas.length;
  const TF = x.length;
  const O = model.spec.outputSize;
  const rows = model.spec.headOn === 'every' ? T : 1; // head rows per sequence
  const points = heapAllocator.floats(model.dtype, B * TF);
  for (let b = 0; b < B; b++) for (let i = 0; i < TF; i++) points[b * TF + i] = alphas[b] * x[i];
  const out = modelForward(model, batchOf(input, B, points), { training: false, inputGrad: true, paramGrads: false });
  const dOut = heapAllocator.floats(model.dtype, out.length); // zero but for each sequence's target row
  for (let b = 0; b < B; b++) targetGradient(dOut, out, target, O, rows, b);
  const first = targetValue(out, target, O, rows, 0);
  const dx = modelBackward(model, dOut)!; // [B, T, F]
  for (let b = 0; b < B; b++) for (let i = 0; i < TF; i++) gradSum[i] += dx[b * TF + i];
  return first;
}

function batchOf(input: AttributionInput, B: number, x: Floats) {
  const lengths = input.length !== undefined && input.length !== input.T ? new Int32Array(B).fill(input.length) : undefined;
  return { B, T: input.T, x, lengths };
}

function featuresOf(model: Model): number {
  if (model.spec.input.kind !== 'features') throw new Error('attribution needs float input: use the embedded view of a text model');
  return model.spec.input.size;
}

/** y of sequence b from the head output ([B, O] or [B, rows, O]). */
export function targetValue(out: Floats, target: OutputTarget, O: number, rows: number, b: number): number {
  if (target.kind === 'value') return target.scale * out[b * rows * O + target.index];
  const row = (b * rows + target.row) * O;
  let max = -Infinity;
  for (let o = 0; o < O; o++) max = Math.max(max, out[row + o]);
  let sum = 0;
  for (let o = 0; o < O; o++) sum += Math.exp(out[row + o] - max);
  return out[row + target.classIndex] - max - Math.log(sum);
}

/** Writes ∂y/∂out for sequence b: scale at the index, or onehot(c) − softmax(row) for a log-probability. */
function targetGradient(dOut: Floats, out: Floats, target: OutputTarget, O: number, rows: number, b: number): void {
  if (target.kind === 'value') {
    dOut[b * rows * O + target.index] = target.scale;
    return;
  }
  const row = (b * rows + target.row) * O;
  let max = -Infinity;
  for (let o = 0; o < O; o++) max = Math.max(max, out[row + o]);
  let sum = 0;
  for (let o = 0; o < O; o++) sum += Math.exp(out[row + o] - max);
  for (let o = 0; o < O; o++) dOut[row + o] = (o === target.classIndex ? 1 : 0) - Math.exp(out[row + o] - max) / sum;
}

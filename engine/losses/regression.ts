// Regression losses with mean reduction over the counted elements (PyTorch MSELoss, L1Loss, HuberLoss).
// Dims: N = elements of the prediction (batch × outputs). `mask` [N] (1 = counts, 0 = padding) or null.
// Each returns the mean loss and writes dPred = ∂loss/∂pred (zero where masked).
//   MSE:   (p − y)²                      d = 2(p − y)/n
//   MAE:   |p − y|                       d = sign(p − y)/n           (0 at p = y, as PyTorch)
//   Huber: ½(p − y)² if |p − y| < δ      d = (p − y)/n
//          δ(|p − y| − ½δ) otherwise     d = δ·sign(p − y)/n
import type { Floats } from '../tensor';

export function mseLoss(dPred: Floats, pred: Floats, target: Floats, mask: Floats | null, N: number): number {
  const count = countOf(mask, N);
  let sum = 0;
  for (let n = 0; n < N; n++) {
    if (mask && mask[n] === 0) {
      dPred[n] = 0;
      continue;
    }
    const diff = pred[n] - target[n];
    sum += diff * diff;
    dPred[n] = (2 * diff) / count;
  }
  return sum / count;
}

export function maeLoss(dPred: Floats, pred: Floats, target: Floats, mask: Floats | null, N: number): number {
  const count = countOf(mask, N);
  let sum = 0;
  for (let n = 0; n < N; n++) {
    if (mask && mask[n] === 0) {
      dPred[n] = 0;
      continue;
    }
    const diff = pred[n] - target[n];
    sum += Math.abs(diff);
    dPred[n] = Math.sign(diff) / count;
  }
  return sum / count;
}

export function huberLoss(dPred: Floats, pred: Floats, target: Floats, mask: Floats | null, N: number, delta: number): number {
  const count = countOf(mask, N);
  let sum = 0;
  for (let n = 0; n < N; n++) {
    if (mask && mask[n] === 0) {
      dPred[n] = 0;
      continue;
    }
    const diff = pred[n] - target[n];
    const size = Math.abs(diff);
    if (size < delta) {
      sum += 0.5 * diff * diff;
      dPred[n] = diff / count;
    } else {
      sum += delta * (size - 0.5 * delta);
      dPred[n] = (delta * Math.sign(diff)) / count;
    }
  }
  return sum / count;
}

/** Number of counted elements; a fully masked batch counts as 1 so the loss is 0, not NaN. */
export function countOf(mask: Floats | null, N: number): number {
  if (!mask) return N;
  let count = 0;
  for (let n = 0; n < N; n++) if (mask[n] !== 0) count++;
  return Math.max(count, 1);
}

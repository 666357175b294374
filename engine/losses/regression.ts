// Regression losses with mean reduction over the counted elements (PyTorch MSELoss, L1Loss, HuberLoss).
// Dims: N = elements of the prediction (batch × outputs). `mask` [N] (1 = counts, 0 = padding) or null.
// Each returns the mean loss and writes dPred = ∂loss/∂pred (zero where masked). With r = p − y:
//   MSE:   r²                                 ∂ = 2r
//   MAE:   |r|                                ∂ = sign(r)          (0 at r = 0, as PyTorch)
//   Huber: ½r² if |r| < δ, else δ(|r| − ½δ)   ∂ = r, else δ·sign(r)
// and the mean divides both by n, the number of counted elements.
import type { Floats } from '../tensor';

/** A loss of the residual r = p − y, and its derivative. */
interface ResidualLoss {
  value(r: number): number;
  slope(r: number): number;
}

const squared: ResidualLoss = { value: (r) => r * r, slope: (r) => 2 * r };
const absolute: ResidualLoss = { value: Math.abs, slope: Math.sign };
const huber = (delta: number): ResidualLoss => ({
  value: (r) => (Math.abs(r) < delta ? 0.5 * r * r : delta * (Math.abs(r) - 0.5 * delta)),
  slope: (r) => (Math.abs(r) < delta ? r : delta * Math.sign(r)),
});

export function mseLoss(dPred: Floats, pred: Floats, target: Floats, mask: Floats | null, N: number): number {
  return meanResidualLoss(dPred, pred, target, mask, N, squared);
}

export function maeLoss(dPred: Floats, pred: Floats, target: Floats, mask: Floats | null, N: number): number {
  return meanResidualLoss(dPred, pred, target, mask, N, absolute);
}

export function huberLoss(dPred: Floats, pred: Floats, target: Floats, mask: Floats | null, N: number, delta: number): number {
  return meanResidualLoss(dPred, pred, target, mask, N, huber(delta));
}

function meanResidualLoss(dPred: Floats, pred: Floats, target: Floats, mask: Floats | null, N: number, loss: ResidualLoss): number {
  const count = countOf(mask, N);
  let sum = 0;
  for (let n = 0; n < N; n++) {
    if (mask && mask[n] === 0) {
      dPred[n] = 0;
      continue;
    }
    const r = pred[n] - target[n];
    sum += loss.value(r);
    dPred[n] = loss.slope(r) / count;
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

// Global-norm gradient clipping with torch.nn.utils.clip_grad_norm_ semantics (PyTorch 1.13):
//   total = ‖all gradients as one vector‖₂;  coef = maxNorm / (total + 1e-6);  if coef < 1: g ← g·coef
// The norm is computed every step, clipped or not: a non-finite norm is how a bad step is detected.
import type { Floats } from '../tensor';

export function gradNorm(grads: Floats): number {
  let sum = 0;
  for (let k = 0; k < grads.length; k++) sum += grads[k] * grads[k];
  return Math.sqrt(sum);
}

/** Scales grads in place when their norm exceeds maxNorm. Returns the scale applied (1 = untouched). */
export function clipGradNorm(grads: Floats, total: number, maxNorm: number): number {
  const coef = maxNorm / (total + 1e-6);
  if (coef >= 1) return 1;
  for (let k = 0; k < grads.length; k++) grads[k] *= coef;
  return coef;
}

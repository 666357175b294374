// Adam and AdamW, with PyTorch 1.13's exact semantics (torch/optim/adam.py, adamw.py, single-tensor path):
//   Adam:  g ← g + wd·θ (L2 penalty in the gradient)
//   AdamW: θ ← θ·(1 − lr·wd) (decoupled decay, before the moments)
//   m ← β1·m + (1−β1)·g        v ← β2·v + (1−β2)·g²
//   θ ← θ − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)      ε outside the bias-corrected root
// One flat loop over the parameter buffer; m and v have the parameters' layout. `step` is 1-based.
import type { Floats } from '../tensor';

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** AdamW's decoupled weight decay instead of Adam's L2 term. */
  decoupled: boolean;
}

export function adamUpdate(params: Floats, grads: Floats, m: Floats, v: Floats, step: number, h: AdamHyper): void {
  const { lr, beta1, beta2, eps, weightDecay, decoupled } = h;
  const stepSize = lr / (1 - beta1 ** step);
  const correction2Root = Math.sqrt(1 - beta2 ** step);
  const decay = decoupled ? 1 - lr * weightDecay : 1;
  const l2 = decoupled ? 0 : weightDecay;
  for (let k = 0; k < params.length; k++) {
    let p = params[k];
    const g = l2 !== 0 ? grads[k] + l2 * p : grads[k];
    if (decay !== 1) p *= decay;
    const mk = m[k] * beta1 + (1 - beta1) * g;
    const vk = v[k] * beta2 + (1 - beta2) * g * g;
    m[k] = mk;
    v[k] = vk;
    params[k] = p - (stepSize * mk) / (Math.sqrt(vk) / correction2Root + eps);
  }
}

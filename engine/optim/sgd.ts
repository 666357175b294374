// SGD with momentum, PyTorch 1.13 semantics (torch/optim/sgd.py):
//   g ← g + wd·θ
//   buf ← g on the first step, else momentum·buf + (1 − dampening)·g
//   d ← g + momentum·buf (Nesterov) or buf
//   θ ← θ − lr·d
import type { Floats } from '../tensor';

export interface SgdHyper {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
}

/** `step` is 1-based; the momentum buffer starts as a copy of the first gradient, as in PyTorch. */
export function sgdUpdate(params: Floats, grads: Floats, momentumBuffer: Floats, step: number, h: SgdHyper): void {
  const { lr, momentum, dampening, nesterov, weightDecay } = h;
  for (let k = 0; k < params.length; k++) {
    const p = params[k];
    let g = weightDecay !== 0 ? grads[k] + weightDecay * p : grads[k];
    if (momentum !== 0) {
      const buf = step === 1 ? g : momentumBuffer[k] * momentum + (1 - dampening) * g;
      momentumBuffer[k] = buf;
      g = nesterov ? g + momentum * buf : buf;
    }
    params[k] = p - lr * g;
  }
}

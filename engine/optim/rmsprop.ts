// RMSprop, PyTorch 1.13 semantics (torch/optim/rmsprop.py):
//   g ← g + wd·θ
//   s ← α·s + (1−α)·g²                       (centred: ḡ ← α·ḡ + (1−α)·g, and s − ḡ² under the root)
//   a ← √s + ε
//   θ ← θ − lr·g/a, or with momentum: buf ← μ·buf + g/a, θ ← θ − lr·buf
import type { Floats } from '../tensor';

export interface RmspropHyper {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
}

export interface RmspropState {
  squareAvg: Floats;
  gradAvg: Floats; // used when centred
  momentumBuffer: Floats; // used with momentum
}

export function rmspropUpdate(params: Floats, grads: Floats, state: RmspropState, h: RmspropHyper): void {
  const { lr, alpha, eps, weightDecay, momentum, centered } = h;
  const { squareAvg, gradAvg, momentumBuffer } = state;
  for (let k = 0; k < params.length; k++) {
    const p = params[k];
    const g = weightDecay !== 0 ? grads[k] + weightDecay * p : grads[k];
    const s = squareAvg[k] * alpha + (1 - alpha) * g * g;
    squareAvg[k] = s;
    let avg: number;
    if (centered) {
      const mean = gradAvg[k] * alpha + (1 - alpha) * g;
      gradAvg[k] = mean;
      avg = Math.sqrt(s - mean * mean) + eps;
    } else {
      avg = Math.sqrt(s) + eps;
    }
    if (momentum > 0) {
      const buf = momentumBuffer[k] * momentum + g / avg;
      momentumBuffer[k] = buf;
      params[k] = p - lr * buf;
    } else {
      params[k] = p - (lr * g) / avg;
    }
  }
}

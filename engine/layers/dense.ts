// Dense (fully connected) layer: out = x·Wᵀ + b, with PyTorch's "out × in" weight.
// Dims: N = rows (batch, or time × batch), I = inputs, O = outputs.
//   forward:  out[N, O] = x[N, I]·W[O, I]ᵀ + b[O]
//   backward: dW += doutᵀ·x   db += Σ_rows dout   dx = dout·W
import { kernels } from '../kernels';
import type { Floats } from '../tensor';

export interface DenseDims {
  N: number;
  I: number;
  O: number;
}

export interface DenseParams {
  weight: Floats; // [O, I]
  bias: Floats; // [O]
}

export function denseForward(out: Floats, x: Floats, p: DenseParams, dims: DenseDims): void {
  const { N, I, O } = dims;
  for (let n = 0; n < N; n++) out.set(p.bias, n * O);
  kernels.matmulABt(out, x, p.weight, { M: N, N: O, K: I }, true);
}

/** Accumulates into the gradient views `d` (skipped when null); writes dx [N, I] when given. */
export function denseBackward(d: DenseParams | null, dx: Floats | null, dOut: Floats, x: Floats, p: DenseParams, dims: DenseDims): void {
  const { N, I, O } = dims;
  if (d) {
    kernels.matmulAtB(d.weight, dOut, x, { M: O, N: I, K: N }, true);
    kernels.sumRows(d.bias, dOut, N, O, true);
  }
  if (dx) kernels.matmulAB(dx, dOut, p.weight, { M: N, N: I, K: O }, false);
}

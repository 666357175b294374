// Scalar activations in the stable forms. Exact logistic sigmoid (not a hard sigmoid), so PyTorch and
// onnxruntime (ONNX default f = Sigmoid, g = h = Tanh) compute the same function.

/** σ(x) without overflow: e^x is only evaluated for x < 0. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Math.tanh is exact to the last bit in V8 and saturates cleanly at ±1. */
export const tanh = Math.tanh;

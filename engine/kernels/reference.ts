// Reference matrix kernels in plain TypeScript: the readable definition every faster kernel is
// tested against, and the fallback where WebAssembly SIMD is unavailable. They also run in float64.
//
// Weights are row-major "out × in" as in PyTorch and ONNX, so the forward product is A·Bᵀ.
// Every kernel either overwrites `out` (accumulate = false) or adds into it (accumulate = true):
// backward passes accumulate gradients with +=.
import type { Floats } from '../tensor';

export interface MatmulDims {
  M: number;
  N: number;
  K: number;
}

/** out[M,N] (+)= a[M,K] · b[N,K]ᵀ. Dot products of contiguous rows; four columns of out at a time. */
export function matmulABt(out: Floats, a: Floats, b: Floats, dims: MatmulDims, accumulate: boolean): void {
  const { M, N, K } = dims;
  for (let m = 0; m < M; m++) {
    const aRow = m * K;
    const outRow = m * N;
    let n = 0;
    for (; n + 4 <= N; n += 4) {
      const b0 = n * K, b1 = b0 + K, b2 = b1 + K, b3 = b2 + K;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < K; k++) {
        const x = a[aRow + k];
        s0 += x * b[b0 + k];
        s1 += x * b[b1 + k];
        s2 += x * b[b2 + k];
        s3 += x * b[b3 + k];
      }
      if (accumulate) {
        out[outRow + n] += s0; out[outRow + n + 1] += s1; out[outRow + n + 2] += s2; out[outRow + n + 3] += s3;
      } else {
        out[outRow + n] = s0; out[outRow + n + 1] = s1; out[outRow + n + 2] = s2; out[outRow + n + 3] = s3;
      }
    }
    for (; n < N; n++) {
      const bRow = n * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += a[aRow + k] * b[bRow + k];
      out[outRow + n] = accumulate ? out[outRow + n] + s : s;
    }
  }
}

/** out[M,N] (+)= a[M,K] · b[K,N]. Row-axpy form: the inner loop runs along contiguous rows of b and out. */
export function matmulAB(out: Floats, a: Floats, b: Floats, dims: MatmulDims, accumulate: boolean): void {
  const { M, N, K } = dims;
  if (!accumulate) out.fill(0, 0, M * N);
  for (let m = 0; m < M; m++) {
    const outRow = m * N;
    const aRow = m * K;
    for (let k = 0; k < K; k++) {
      const x = a[aRow + k];
      if (x === 0) continue;
      const bRow = k * N;
      for (let n = 0; n < N; n++) out[outRow + n] += x * b[bRow + n];
    }
  }
}

/** out[M,N] (+)= a[K,M]ᵀ · b[K,N]. Used for weight gradients: dW = dYᵀ·X summed over all rows. */
export function matmulAtB(out: Floats, a: Floats, b: Floats, dims: MatmulDims, accumulate: boolean): void {
  const { M, N, K } = dims;
  if (!accumulate) out.fill(0, 0, M * N);
  for (let k = 0; k < K; k++) {
    const aRow = k * M;
    const bRow = k * N;
    for (let m = 0; m < M; m++) {
      const x = a[aRow + m];
      if (x === 0) continue;
      const outRow = m * N;
      for (let n = 0; n < N; n++) out[outRow + n] += x * b[bRow + n];
    }
  }
}

/** out[N] (+)= Σ_m a[m, N]: bias gradients. */
export function sumRows(out: Floats, a: Floats, rows: number, cols: number, accumulate: boolean): void {
  if (!accumulate) out.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let c = 0; c < cols; c++) out[c] += a[row + c];
  }
}

export interface WeightGradientDims {
  /** Rows of the gradients: gate rows G (or a dense layer's outputs). */
  M: number;
  /** Columns of dW (the input width I) and of dR (H; 0 when there is no dR). */
  N1: number;
  N2: number;
  /** Rows of dY, x and h: T·B. */
  K: number;
}

/**
 * The weight gradients of one layer from its output gradients dY [K, M], read once:
 *   dW [M, N1] += dYᵀ·x [K, N1];   dR [M, N2] += dYᵀ·h [K, N2] (when dR is given: the LSTM's dW and dR
 *   both read dGates);   dBias [M] (+)= Σ_k dY[k, :] (when given; overwritten unless accumulateBias).
 * Exactly matmulAtB(…, true) for each product and sumRows for the bias: a backend packs dY once for all.
 */
export function weightGradients(
  dW: Floats, dR: Floats | null, dBias: Floats | null, dY: Floats, x: Floats, h: Floats | null, dims: WeightGradientDims, accumulateBias: boolean,
): void {
  const { M, N1, N2, K } = dims;
  matmulAtB(dW, dY, x, { M, N: N1, K }, true);
  if (dR && h && N2 > 0) matmulAtB(dR, dY, h, { M, N: N2, K }, true);
  if (dBias) sumRows(dBias, dY, K, M, accumulateBias);
}

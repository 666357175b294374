// Shared helpers for the SIMD kernel tests: one backend per test file, seeded random arrays placed at
// awkward (non-zero, odd) byte offsets in its memory, and float32 error bounds from float64 sums.
import { createSimdBackend, type SimdBackend } from '../../../engine/kernels/simd/backend';
import { loadSimdBinary, relaxedSimdAvailable, spawnWorkerHelper, type SimdVariant } from '../../../engine/accel/simd';
import * as reference from '../../../engine/kernels/reference';
import type { MatmulDims } from '../../../engine/kernels';

/** Both builds where this runtime runs relaxed SIMD (Node 20 after the flag; see engine/accel/simd.ts). */
export const VARIANTS: SimdVariant[] = relaxedSimdAvailable() ? ['baseline', 'relaxed'] : ['baseline'];

/** With `splitEverything`, every product is cut into one-tile chunks shared with the helper thread. */
export function makeBackend(threads: 1 | 2, splitEverything = true, variant: SimdVariant = 'baseline'): SimdBackend {
  return createSimdBackend(loadSimdBinary(variant), {
    spawnHelper: threads === 2 ? spawnWorkerHelper : undefined,
    ...(splitEverything ? { minParallelFlops: 0, chunkFlops: 1, tinyChunks: true } : {}),
  });
}

/** Deterministic values in [−1, 1) (a small LCG: tests must not depend on Math.random). */
/** Chunks every helper thread of `backend` has computed so far. */
export function helperChunks(backend: SimdBackend): number {
  return backend.helperChunks.reduce((sum, chunks) => sum + chunks, 0);
}

export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}

/**
 * A float32 array of `length` inside the backend's memory, starting `skew` floats past an allocation
 * (so byteOffset is not a multiple of 16), filled from `next`.
 */
export function arenaArray(backend: SimdBackend, length: number, next: () => number, skew = 3): Float32Array {
  const whole = backend.arena.floats('f32', length + skew) as Float32Array;
  const view = whole.subarray(skew, skew + length);
  for (let i = 0; i < length; i++) view[i] = next();
  return view;
}

export type Product = 'ABt' | 'AB' | 'AtB';

/** Lengths of a, b for a product: ABt a[M,K] b[N,K]; AB a[M,K] b[K,N]; AtB a[K,M] b[K,N]. */
export function operandSizes(dims: MatmulDims): [number, number] {
  return [dims.M * dims.K, dims.N * dims.K];
}

export function referenceProduct(kind: Product): typeof reference.matmulABt {
  return kind === 'ABt' ? reference.matmulABt : kind === 'AB' ? reference.matmulAB : reference.matmulAtB;
}

/**
 * Per-element float32 error bound for out = (out0 +) Σ_k a·b: the float32 sum of K products has error
 * ≤ (K+2)·2⁻²⁴·(|out0| + Σ|a||b|) (standard recursive-summation bound, plus the two roundings).
 */
export function errorBounds(kind: Product, a: Float32Array, b: Float32Array, out0: Float32Array | null, dims: MatmulDims): Float64Array {
  const absA = Float64Array.from(a, Math.abs);
  const absB = Float64Array.from(b, Math.abs);
  const bound = new Float64Array(dims.M * dims.N);
  referenceProduct(kind)(bound, absA, absB, dims, false);
  const scale = (dims.K + 2) * 2 ** -24;
  for (let i = 0; i < bound.length; i++) bound[i] = scale * (bound[i] + (out0 ? Math.abs(out0[i]) : 0)) + 1e-30;
  return bound;
}

/** Index of the first element where |x − y| > bound, or −1. */
export function firstOutside(x: ArrayLike<number>, y: ArrayLike<number>, bound: ArrayLike<number> | number): number {
  for (let i = 0; i < x.length; i++) {
    const limit = typeof bound === 'number' ? bound : bound[i];
    if (!(Math.abs(x[i] - y[i]) <= limit)) return i;
  }
  return -1;
}

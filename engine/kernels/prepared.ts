// A weight matrix readied once for many products with different left operands: the recurrent weight
// R is multiplied T times per pass (h_{t−1}·Rᵀ forward, da_t·R backward) and never changes within
// the pass. A backend packs it into its kernel's panel layout once per pass instead of once per step;
// the reference keeps the matrix as it is. A prepared matrix is valid until `b` changes (prepare
// again after every optimiser step: in practice, once at the start of each forward/backward pass).
import { matmulAB, matmulABt } from './reference';
import type { Floats } from '../tensor';

export interface PreparedMatrix {
  /** The matrix as given: [N, K] when `transposed` (out = a·bᵀ), else [K, N] (out = a·b). */
  readonly b: Floats;
  readonly N: number;
  readonly K: number;
  readonly transposed: boolean;
  /** The backend that packed it, and where; absent for the reference. */
  readonly packedBy?: string;
  readonly packedAt?: number;
}

export function prepareMatrix(b: Floats, N: number, K: number, transposed: boolean): PreparedMatrix {
  return { b, N, K, transposed };
}

/** out[M, N] (+)= a[M, K] · (bᵀ or b). */
export function matmulPrepared(out: Floats, a: Floats, prepared: PreparedMatrix, M: number, accumulate: boolean): void {
  const dims = { M, N: prepared.N, K: prepared.K };
  if (prepared.transposed) matmulABt(out, a, prepared.b, dims, accumulate);
  else matmulAB(out, a, prepared.b, dims, accumulate);
}

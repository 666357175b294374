// Typed-array basics shared by every kernel and layer.
// Training runs in float32; every kernel also runs in float64 so that gradients can be checked by
// finite differences and compared with PyTorch to 1e-9.

export type Floats = Float32Array | Float64Array;
export type DType = 'f32' | 'f64';

/**
 * Where a model's buffers live. The default is the JS heap; a WebAssembly kernel backend supplies an
 * allocator whose arrays are views into its linear memory, so its kernels run on them without copies.
 * Buffers are allocated once per model (and once per batch shape), never inside a step.
 */
export interface Allocator {
  floats(dtype: DType, length: number): Floats;
}

export const heapAllocator: Allocator = {
  floats: (dtype, length) => (dtype === 'f32' ? new Float32Array(length) : new Float64Array(length)),
};

export function dtypeOf(array: Floats): DType {
  return array instanceof Float32Array ? 'f32' : 'f64';
}

/** Index of the first non-finite element, or -1. */
export function firstNonFinite(array: Floats): number {
  for (let i = 0; i < array.length; i++) {
    if (!Number.isFinite(array[i])) return i;
  }
  return -1;
}

/** out[c, r] = a[r, c] for a row-major [rows, cols] matrix: used to turn [B,T,F] into [T,B,F]. */
export function transpose01(out: Floats, a: Floats, rows: number, cols: number, inner: number): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const src = (r * cols + c) * inner;
      const dst = (c * rows + r) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] = a[src + i];
    }
  }
}

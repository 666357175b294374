// Packing for the GEMM core (gemm.ts): blocks of A into panels of MR = 4 rows stored k-major
// ([panel][kc][4]) and blocks of B into panels of NR = 8 columns ([panel][kc][8]), from either layout
// of each operand. Rows/columns past the matrix edge are written as zeros so edge tiles run the full
// microkernel with unchanged arithmetic for the real elements.
import { MR, NR } from './gemm';

/** Ã block: rows [m0, m0+mc) × k [k0, k0+kc) of A, into panels of 4 rows, [panel][kc][4]. */
export function packA(dst: usize, a: usize, M: i32, K: i32, transposed: bool, m0: i32, mc: i32, k0: i32, kc: i32): void {
  for (let p = 0; p < mc; p += MR) {
    const m = m0 + p;
    const rows = min(MR, M - m);
    if (transposed) {
      // a is [K, M]: the 4 values of one k are adjacent.
      let src = a + ((<usize>k0 * <usize>M + <usize>m) << 2);
      const stride = <usize>M << 2;
      if (rows == MR) {
        for (let k = 0; k < kc; k++) {
          v128.store(dst, v128.load(src));
          dst += 16;
          src += stride;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          for (let r = 0; r < MR; r++) store<f32>(dst + (<usize>r << 2), r < rows ? load<f32>(src + (<usize>r << 2)) : 0);
          dst += 16;
          src += stride;
        }
      }
    } else {
      // a is [M, K]: gather 4 rows, transposing 4×4 blocks.
      const stride = <usize>K << 2;
      const r0 = a + ((<usize>m * <usize>K + <usize>k0) << 2);
      const r1 = rows > 1 ? r0 + stride : 0;
      const r2 = rows > 2 ? r0 + 2 * stride : 0;
      const r3 = rows > 3 ? r0 + 3 * stride : 0;
      let k = 0;
      if (rows == MR) {
        for (; k + 4 <= kc; k += 4) {
          const off = <usize>k << 2;
          const x0 = v128.load(r0 + off), x1 = v128.load(r1 + off), x2 = v128.load(r2 + off), x3 = v128.load(r3 + off);
          const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5); // a0k0 a1k0 a0k1 a1k1
          const t1 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5); // a2k0 a3k0 a2k1 a3k1
          const t2 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
          const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
          v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
          v128.store(dst, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 16);
          v128.store(dst, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 32);
          v128.store(dst, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 48);
          dst += 64;
        }
      }
      for (; k < kc; k++) {
        const off = <usize>k << 2;
        store<f32>(dst, load<f32>(r0 + off));
        store<f32>(dst, rows > 1 ? load<f32>(r1 + off) : 0, 4);
        store<f32>(dst, rows > 2 ? load<f32>(r2 + off) : 0, 8);
        store<f32>(dst, rows > 3 ? load<f32>(r3 + off) : 0, 12);
        dst += 16;
      }
    }
  }
}

/**
 * Ã block of a transposed A ([K, M], as packA with transposed = true), adding every value packed into
 * sums[m] on the way: sums[m0..m0+mc) += Σ_k a[k, m] in k order, one add per value (bit for bit the
 * row-by-row sum of sumRows when the blocks come in k order).
 */
export function packATransposedSums(dst: usize, a: usize, M: i32, m0: i32, mc: i32, k0: i32, kc: i32, sums: usize): void {
  const stride = <usize>M << 2;
  for (let p = 0; p < mc; p += MR) {
    const m = m0 + p;
    const rows = min(MR, M - m);
    let src = a + ((<usize>k0 * <usize>M + <usize>m) << 2);
    const sum = sums + (<usize>m << 2);
    if (rows == MR) {
      let acc = v128.load(sum);
      for (let k = 0; k < kc; k++) {
        const v = v128.load(src);
        v128.store(dst, v);
        acc = f32x4.add(acc, v);
        dst += 16;
        src += stride;
      }
      v128.store(sum, acc);
    } else {
      for (let k = 0; k < kc; k++) {
        for (let r = 0; r < MR; r++) {
          const value: f32 = r < rows ? load<f32>(src + (<usize>r << 2)) : 0;
          store<f32>(dst + (<usize>r << 2), value);
          if (r < rows) store<f32>(sum + (<usize>r << 2), load<f32>(sum + (<usize>r << 2)) + value);
        }
        dst += 16;
        src += stride;
      }
    }
  }
}

/** B̃ block: columns [n0, n0+nc) × k [k0, k0+kc) of B, into panels of 8 columns, [panel][kc][8]. */
export function packB(dst: usize, b: usize, N: i32, K: i32, transposed: bool, n0: i32, nc: i32, k0: i32, kc: i32): void {
  for (let p = 0; p < nc; p += NR) {
    const n = n0 + p;
    const cols = min(NR, N - n);
    if (!transposed) {
      // b is [K, N]: the 8 values of one k are adjacent.
      let src = b + ((<usize>k0 * <usize>N + <usize>n) << 2);
      const stride = <usize>N << 2;
      if (cols == NR) {
        for (let k = 0; k < kc; k++) {
          v128.store(dst, v128.load(src));
          v128.store(dst, v128.load(src, 16), 16);
          dst += 32;
          src += stride;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          for (let j = 0; j < NR; j++) store<f32>(dst + (<usize>j << 2), j < cols ? load<f32>(src + (<usize>j << 2)) : 0);
          dst += 32;
          src += stride;
        }
      }
    } else {
      // b is [N, K]: gather 8 rows of b, as two 4×4 transposes per 4 k.
      const stride = <usize>K << 2;
      const base = b + ((<usize>n * <usize>K + <usize>k0) << 2);
      let k = 0;
      if (cols == NR) {
        for (; k + 4 <= kc; k += 4) {
          const off = base + (<usize>k << 2);
          transpose4(dst, off, stride, 32);
          transpose4(dst + 16, off + 4 * stride, stride, 32);
          dst += 128;
        }
      }
      for (; k < kc; k++) {
        const off = base + (<usize>k << 2);
        for (let j = 0; j < NR; j++) store<f32>(dst + (<usize>j << 2), j < cols ? load<f32>(off + <usize>j * stride) : 0);
        dst += 32;
      }
    }
  }
}

/** Reads 4 rows × 4 floats at src (row stride bytes) and writes them transposed: 4 stores dstStride apart. */
// @ts-ignore: decorator
@inline function transpose4(dst: usize, src: usize, stride: usize, dstStride: usize): void {
  const x0 = v128.load(src), x1 = v128.load(src + stride), x2 = v128.load(src + 2 * stride), x3 = v128.load(src + 3 * stride);
  const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + dstStride, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStride, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStride, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

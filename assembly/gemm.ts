// Single-precision matrix products for SeqLab's WebAssembly SIMD backend (AssemblyScript).
//
// One packed GEMM core serves the three products the layers use:
//   ABt: out[M,N] (+)= a[M,K]·b[N,K]ᵀ     AB: out[M,N] (+)= a[M,K]·b[K,N]     AtB: out[M,N] (+)= a[K,M]ᵀ·b[K,N]
// as C += Ã·B̃ over packed panels (BLIS-style): A in panels of MR = 4 rows stored k-major ([kc][4]),
// B in panels of NR = 8 columns ([kc][8]), K split into blocks of KC so a B panel stays in L1 and a
// packed A block in L2. The 4×8 register tile (8 f32x4 accumulators) measured fastest here
// (~33 GFLOP/s on this machine's Zen cores with mul + add, ~50 with fused multiply-add; 5×8, 6×8 and
// 4×12 spill and run at ~20: V8 gives wasm 15 of the 16 xmm registers).
//
// Determinism: every output element is computed by the same sequence of f32 operations whatever the
// tile it falls in (edge tiles are zero-padded, never reordered) and whatever range of rows/columns a
// thread is given, so splitting the work over threads gives bit-identical results. Each K block is
// summed from zero in k order and then added to the output (or stored, for the first block when not
// accumulating).
//
// Pointers are byte offsets into the shared linear memory; all float pointers are 4-byte aligned.

import { packA, packATransposedSums, packB } from './pack';

export const MR: i32 = 4;
export const NR: i32 = 8;
export const KC: i32 = 256;
export const MC: i32 = 128;
export const NC: i32 = 1024;

/** Bytes of per-thread scratch the drivers need: a packed A block, a packed B block and an edge tile. */
export const SCRATCH_BYTES: i32 = (MC * KC + KC * NC + MR * NR) * 4;

// Flags shared with the JS side (engine/kernels/simd/backend.ts).
export const ACCUMULATE: i32 = 1; // add into out instead of overwriting it
export const A_TRANSPOSED: i32 = 2; // a is given as [K, M]
export const B_TRANSPOSED: i32 = 4; // b is given as [N, K]
export const SPLIT_ROWS: i32 = 8; // lo/hi select rows of out (else columns)
export const WITH_BIAS: i32 = 16; // weightGradients: also the bias sums

// ---------------------------------------------------------------------------------------------
// Microkernel: tile[4,8] (+)= Ã panel [kc][4] · B̃ panel [kc][8].

// The relaxed-SIMD build (--enable relaxed-simd) fuses the multiply-add (vfmadd on x64: ~47 GFLOP/s
// here against ~33 for the separate mul + add of the baseline build, whose front end is the limit).
// Fused or not, every output element sees the same operations in the same order on a given machine.
// @ts-ignore: decorator
@inline function fma(c: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/**
 * Full 4×8 tile at c (row stride ldc bytes). add = 1 adds into c, 0 overwrites.
 *
 * The four A values of a step come in one v128 load and are spread to the lanes by shuffles (one
 * vpshufd each) rather than four load32_splat: V8 cannot fold a splat load's offset into its address,
 * so each of those cost an extra lea. With the loop run on the A pointer (no separate counter) the
 * step is 23 x64 instructions instead of 26, ~5% faster here. (Unrolling k, by two or four, makes
 * TurboFan hoist the loads and spill the accumulators: 4× slower.)
 */
function kernel4x8(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, add: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const end = ap + (<usize>kc << 4);
  while (ap < end) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    const a4 = v128.load(ap);
    let a = i32x4.shuffle(a4, a4, 0, 0, 0, 0);
    c00 = fma(c00, a, b0); c01 = fma(c01, a, b1);
    a = i32x4.shuffle(a4, a4, 1, 1, 1, 1);
    c10 = fma(c10, a, b0); c11 = fma(c11, a, b1);
    a = i32x4.shuffle(a4, a4, 2, 2, 2, 2);
    c20 = fma(c20, a, b0); c21 = fma(c21, a, b1);
    a = i32x4.shuffle(a4, a4, 3, 3, 3, 3);
    c30 = fma(c30, a, b0); c31 = fma(c31, a, b1);
    ap += 16;
    bp += 32;
  }
  if (add) {
    c00 = f32x4.add(v128.load(c), c00); c01 = f32x4.add(v128.load(c, 16), c01);
    c10 = f32x4.add(v128.load(c + ldc), c10); c11 = f32x4.add(v128.load(c + ldc, 16), c11);
    c20 = f32x4.add(v128.load(c + 2 * ldc), c20); c21 = f32x4.add(v128.load(c + 2 * ldc, 16), c21);
    c30 = f32x4.add(v128.load(c + 3 * ldc), c30); c31 = f32x4.add(v128.load(c + 3 * ldc, 16), c31);
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

/** Partial tile (mr ≤ 4 rows, nr ≤ 8 columns): computes the full padded tile into `edge`, then merges. */
function kernelEdge(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, add: i32, mr: i32, nr: i32, edge: usize): void {
  kernel4x8(kc, ap, bp, edge, 32, 0);
  for (let r = 0; r < mr; r++) {
    const row = c + <usize>r * ldc;
    const src = edge + <usize>(r * 32);
    for (let j = 0; j < nr; j++) {
      const value = load<f32>(src + (<usize>j << 2));
      const dst = row + (<usize>j << 2);
      store<f32>(dst, add ? load<f32>(dst) + value : value);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Drivers.

/** Runs the tiles of out rows [m0, m0+mc) × columns [n0, n0+nc) for one K block. */
function macroKernel(out: usize, N: i32, ap: usize, bp: usize, bPanelStride: usize, m0: i32, mc: i32, n0: i32, nc: i32, kc: i32, add: i32, edge: usize): void {
  const ldc = <usize>N << 2;
  const aPanel = <usize>kc * 16;
  for (let j = 0; j < nc; j += NR) {
    const nr = min(NR, nc - j);
    const bPanel = bp + <usize>(j / NR) * bPanelStride;
    for (let i = 0; i < mc; i += MR) {
      const mr = min(MR, mc - i);
      const c = out + ((<usize>(m0 + i) * <usize>N + <usize>(n0 + j)) << 2);
      const aPanelPtr = ap + <usize>(i / MR) * aPanel;
      if (mr == MR && nr == NR) kernel4x8(kc, aPanelPtr, bPanel, c, ldc, add);
      else kernelEdge(kc, aPanelPtr, bPanel, c, ldc, add, mr, nr, edge);
    }
  }
}

/** Zeroes out rows [m0, m1) × columns [n0, n1) (the K = 0 product without accumulation). */
function zeroBlock(out: usize, N: i32, m0: i32, m1: i32, n0: i32, n1: i32): void {
  for (let m = m0; m < m1; m++) memory.fill(out + ((<usize>m * <usize>N + <usize>n0) << 2), 0, <usize>(n1 - n0) << 2);
}

/**
 * out[M,N] (+)= op(a)·op(b) for out rows [lo, hi) (SPLIT_ROWS) or columns [lo, hi) (otherwise).
 * scratch: this thread's SCRATCH_BYTES.
 */
export function gemm(out: usize, a: usize, b: usize, M: i32, N: i32, K: i32, flags: i32, lo: i32, hi: i32, scratch: usize): void {
  const splitRows = (flags & SPLIT_ROWS) != 0;
  const m0 = splitRows ? lo : 0, m1 = splitRows ? hi : M;
  const n0 = splitRows ? 0 : lo, n1 = splitRows ? N : hi;
  const accumulate = flags & ACCUMULATE;
  if (m1 <= m0 || n1 <= n0) return;
  if (K == 0) {
    if (!accumulate) zeroBlock(out, N, m0, m1, n0, n1);
    return;
  }
  const aPack = scratch, bPack = scratch + <usize>(MC * KC * 4), edge = bPack + <usize>(KC * NC * 4);
  const aT = (flags & A_TRANSPOSED) != 0, bT = (flags & B_TRANSPOSED) != 0;
  for (let jc = n0; jc < n1; jc += NC) {
    const nc = min(NC, n1 - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      const add = pc > 0 || accumulate ? 1 : 0;
      packB(bPack, b, N, K, bT, jc, nc, pc, kc);
      for (let ic = m0; ic < m1; ic += MC) {
        const mc = min(MC, m1 - ic);
        packA(aPack, a, M, K, aT, ic, mc, pc, kc);
        macroKernel(out, N, aPack, bPack, <usize>kc * 32, ic, mc, jc, nc, kc, add, edge);
      }
    }
  }
}

/** Bytes of a B operand packed whole by `packWhole`: every K block, every 8-column panel. */
export function packedBytes(N: i32, K: i32): i32 {
  return ((N + NR - 1) / NR) * NR * K * 4;
}

/** Packs all of B ([K,N], or [N,K] when transposed) once, for many products with different A. */
export function packWhole(dst: usize, b: usize, N: i32, K: i32, transposed: i32): void {
  const nPadded = ((N + NR - 1) / NR) * NR;
  for (let pc = 0; pc < K; pc += KC) {
    const kc = min(KC, K - pc);
    packB(dst + ((<usize>pc * <usize>nPadded) << 2), b, N, K, transposed != 0, 0, N, pc, kc);
  }
}

/** out[M,N] (+)= a[M,K]·B̃ with B̃ from `packWhole`; split as in `gemm` (flags: ACCUMULATE, SPLIT_ROWS). */
export function gemmPacked(out: usize, a: usize, packed: usize, M: i32, N: i32, K: i32, flags: i32, lo: i32, hi: i32, scratch: usize): void {
  const splitRows = (flags & SPLIT_ROWS) != 0;
  const m0 = splitRows ? lo : 0, m1 = splitRows ? hi : M;
  const n0 = splitRows ? 0 : lo, n1 = splitRows ? N : hi;
  const accumulate = flags & ACCUMULATE;
  if (m1 <= m0 || n1 <= n0) return;
  if (K == 0) {
    if (!accumulate) zeroBlock(out, N, m0, m1, n0, n1);
    return;
  }
  const aPack = scratch, edge = scratch + <usize>(MC * KC * 4) + <usize>(KC * NC * 4);
  const nPadded = ((N + NR - 1) / NR) * NR;
  for (let pc = 0; pc < K; pc += KC) {
    const kc = min(KC, K - pc);
    const add = pc > 0 || accumulate ? 1 : 0;
    // n0 is a multiple of NR (the JS side splits on panel boundaries), so its panel index is exact.
    const bBlock = packed + ((<usize>pc * <usize>nPadded) << 2) + <usize>(n0 / NR) * <usize>kc * 32;
    for (let ic = m0; ic < m1; ic += MC) {
      const mc = min(MC, m1 - ic);
      packA(aPack, a, M, K, false, ic, mc, pc, kc);
      macroKernel(out, N, aPack, bBlock, <usize>kc * 32, ic, mc, n0, n1 - n0, kc, add, edge);
    }
  }
}

/** Columns the two products of weightGradients may have together (their packed B block is one NC block). */
export function weightGradientsFit(N1: i32, N2: i32): bool {
  return ((N1 + NR - 1) / NR + (N2 + NR - 1) / NR) * NR <= NC;
}

/**
 * A layer's weight gradients for out rows [lo, hi), one pass over dY [K, M]:
 *   dW[M, N1] += dYᵀ·x[K, N1];  dR[M, N2] += dYᵀ·h[K, N2] (N2 may be 0);
 *   dBias[M] (+)= Σ_k dY[k, :] with WITH_BIAS (overwritten unless ACCUMULATE).
 * Each K block of dY is packed once for both products (and summed while packed); x's and h's panels
 * for the block lie side by side in one packed B block (weightGradientsFit). Every output element sees
 * the operations of gemm(…, ACCUMULATE | A_TRANSPOSED) and sumRows, so results are those bit for bit.
 */
export function weightGradients(
  dW: usize, dR: usize, dBias: usize, dY: usize, x: usize, h: usize, M: i32, N1: i32, N2: i32, K: i32, flags: i32,
  lo: i32, hi: i32, scratch: usize,
): void {
  const m0 = lo, m1 = hi;
  if (m1 <= m0) return;
  const withBias = (flags & WITH_BIAS) != 0;
  if (withBias && !(flags & ACCUMULATE)) memory.fill(dBias + (<usize>m0 << 2), 0, <usize>(m1 - m0) << 2);
  if (K == 0) return;
  const aPack = scratch, bPack = scratch + <usize>(MC * KC * 4), edge = bPack + <usize>(KC * NC * 4);
  const panels1 = (N1 + NR - 1) / NR;
  for (let pc = 0; pc < K; pc += KC) {
    const kc = min(KC, K - pc);
    const bPack2 = bPack + <usize>panels1 * <usize>kc * 32;
    packB(bPack, x, N1, K, false, 0, N1, pc, kc);
    if (N2 > 0) packB(bPack2, h, N2, K, false, 0, N2, pc, kc);
    for (let ic = m0; ic < m1; ic += MC) {
      const mc = min(MC, m1 - ic);
      if (withBias) packATransposedSums(aPack, dY, M, ic, mc, pc, kc, dBias);
      else packA(aPack, dY, M, K, true, ic, mc, pc, kc);
      macroKernel(dW, N1, aPack, bPack, <usize>kc * 32, ic, mc, 0, N1, kc, 1, edge);
      if (N2 > 0) macroKernel(dR, N2, aPack, bPack2, <usize>kc * 32, ic, mc, 0, N2, kc, 1, edge);
    }
  }
}

/** out[cols] (+)= Σ_rows a[rows, cols]: bias gradients. Row by row, so a streams once; each column still sums in row order. */
export function sumRows(out: usize, a: usize, rows: i32, cols: i32, accumulate: i32): void {
  if (!accumulate) memory.fill(out, 0, <usize>cols << 2);
  const cols4 = cols & ~3;
  let p = a;
  for (let r = 0; r < rows; r++) {
    let c = 0;
    for (; c < cols4; c += 4) {
      const off = <usize>c << 2;
      v128.store(out + off, f32x4.add(v128.load(out + off), v128.load(p + off)));
    }
    for (; c < cols; c++) {
      const off = <usize>c << 2;
      store<f32>(out + off, load<f32>(out + off) + load<f32>(p + off));
    }
    p += <usize>cols << 2;
  }
}

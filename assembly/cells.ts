// Fused LSTM and GRU cell steps: the gate nonlinearities and the state update in one pass over the
// step's gate rows. Each function is exactly one time step of the loops in engine/layers/lstm.ts and
// engine/layers/gru.ts (same buffers, same time-major layout, same formulas); the TypeScript
// reference versions are in engine/kernels/cells.ts.
//
// Layout (byte pointers to the whole buffers; t selects the step):
//   gates/dGates/inputGates/hiddenGates [T, B, G]; cells/hiddens [T+1, B, H]; tanhCells/dY [T, B, H];
//   dHidden/dCell [B, H].  G = 4H (LSTM: i | o | f | c) or 3H (GRU: z | r | h).
// Columns run four at a time; the last H mod 4 columns use the same lane arithmetic on a splat.
import { ACCUMULATE, SPLIT_ROWS, gemmPacked } from './gemm';
import { vone, vsigmoid, vtanh } from './vmath';

// @ts-ignore: decorator
@inline function ld(p: usize, wide: bool): v128 {
  return wide ? v128.load(p) : f32x4.splat(load<f32>(p));
}
// @ts-ignore: decorator
@inline function st(p: usize, v: v128, wide: bool): void {
  if (wide) v128.store(p, v);
  else store<f32>(p, f32x4.extract_lane(v, 0));
}

export function lstmForwardStep(gates: usize, cells: usize, tanhCells: usize, hiddens: usize, t: i32, B: i32, H: i32): void {
  lstmForwardCells(gates, cells, tanhCells, hiddens, t, B, H, 0, B);
}

/** The cell update of batch rows [b0, b1) of step t. */
function lstmForwardCells(gates: usize, cells: usize, tanhCells: usize, hiddens: usize, t: i32, B: i32, H: i32, b0: i32, b1: i32): void {
  const G = 4 * H;
  const hBytes = <usize>H << 2;
  const stepState = (<usize>t * <usize>B * <usize>H) << 2;
  const stepGates = (<usize>t * <usize>B * <usize>G) << 2;
  const nextState = stepState + ((<usize>B * <usize>H) << 2);
  for (let b = b0; b < b1; b++) {
    const a = gates + stepGates + <usize>b * (<usize>G << 2);
    const s = <usize>b * hBytes;
    const cPrev = cells + stepState + s, cNext = cells + nextState + s, tanhC = tanhCells + stepState + s, hNext = hiddens + nextState + s;
    let off: usize = 0;
    const wideEnd = <usize>(H & ~3) << 2, end = hBytes;
    for (; off < wideEnd; off += 16) lstmForwardCell(a + off, hBytes, cPrev + off, cNext + off, tanhC + off, hNext + off, true);
    for (; off < end; off += 4) lstmForwardCell(a + off, hBytes, cPrev + off, cNext + off, tanhC + off, hNext + off, false);
  }
}

/** Four cells (wide) or one: gate pointer pi, the o, f, c gates hBytes apart. */
// @ts-ignore: decorator
@inline function lstmForwardCell(pi: usize, hBytes: usize, cPrev: usize, cNext: usize, tanhC: usize, hNext: usize, wide: bool): void {
  const po = pi + hBytes, pf = po + hBytes, pc = pf + hBytes;
  const i = vsigmoid(ld(pi, wide));
  const o = vsigmoid(ld(po, wide));
  const f = vsigmoid(ld(pf, wide));
  const g = vtanh(ld(pc, wide));
  st(pi, i, wide); st(po, o, wide); st(pf, f, wide); st(pc, g, wide);
  const c = f32x4.add(f32x4.mul(f, ld(cPrev, wide)), f32x4.mul(i, g));
  const tc = vtanh(c);
  st(cNext, c, wide);
  st(tanhC, tc, wide);
  st(hNext, f32x4.mul(o, tc), wide);
}

export function lstmBackwardStep(
  dGates: usize, gates: usize, cells: usize, tanhCells: usize, dY: usize, dHidden: usize, dCell: usize,
  t: i32, B: i32, H: i32,
): void {
  lstmBackwardCells(dGates, gates, cells, tanhCells, dY, dHidden, dCell, t, B, H, 0, B);
}

/** The cell backward of batch rows [b0, b1) of step t. */
function lstmBackwardCells(
  dGates: usize, gates: usize, cells: usize, tanhCells: usize, dY: usize, dHidden: usize, dCell: usize,
  t: i32, B: i32, H: i32, b0: i32, b1: i32,
): void {
  const G = 4 * H;
  const hBytes = <usize>H << 2;
  const stepState = (<usize>t * <usize>B * <usize>H) << 2;
  const stepGates = (<usize>t * <usize>B * <usize>G) << 2;
  for (let b = b0; b < b1; b++) {
    const rowOff = stepGates + <usize>b * (<usize>G << 2);
    const s = <usize>b * hBytes;
    const pa = gates + rowOff, pd = dGates + rowOff;
    const cPrev = cells + stepState + s, tanhC = tanhCells + stepState + s, dy = dY + stepState + s, dh = dHidden + s, dc = dCell + s;
    let off: usize = 0;
    const wideEnd = <usize>(H & ~3) << 2, end = hBytes;
    for (; off < wideEnd; off += 16) lstmBackwardCell(pd + off, pa + off, hBytes, cPrev + off, tanhC + off, dy + off, dh + off, dc + off, true);
    for (; off < end; off += 4) lstmBackwardCell(pd + off, pa + off, hBytes, cPrev + off, tanhC + off, dy + off, dh + off, dc + off, false);
  }
}

// @ts-ignore: decorator
@inline function lstmBackwardCell(pd: usize, pa: usize, hBytes: usize, cPrev: usize, tanhC: usize, dY: usize, dHidden: usize, dCell: usize, wide: bool): void {
  const one = vone();
  const i = ld(pa, wide), o = ld(pa + hBytes, wide), f = ld(pa + 2 * hBytes, wide), g = ld(pa + 3 * hBytes, wide);
  const tc = ld(tanhC, wide);
  const dh = f32x4.add(ld(dY, wide), ld(dHidden, wide));
  const dc = f32x4.add(ld(dCell, wide), f32x4.mul(f32x4.mul(dh, o), f32x4.sub(one, f32x4.mul(tc, tc))));
  st(pd, f32x4.mul(f32x4.mul(f32x4.mul(dc, g), i), f32x4.sub(one, i)), wide);
  st(pd + hBytes, f32x4.mul(f32x4.mul(f32x4.mul(dh, tc), o), f32x4.sub(one, o)), wide);
  st(pd + 2 * hBytes, f32x4.mul(f32x4.mul(f32x4.mul(dc, ld(cPrev, wide)), f), f32x4.sub(one, f)), wide);
  st(pd + 3 * hBytes, f32x4.mul(f32x4.mul(dc, i), f32x4.sub(one, f32x4.mul(g, g))), wide);
  st(dCell, f32x4.mul(dc, f), wide);
}

export function gruForwardStep(inputGates: usize, hiddenGates: usize, hiddens: usize, t: i32, B: i32, H: i32): void {
  gruForwardCells(inputGates, hiddenGates, hiddens, t, B, H, 0, B);
}

function gruForwardCells(inputGates: usize, hiddenGates: usize, hiddens: usize, t: i32, B: i32, H: i32, b0: i32, b1: i32): void {
  const G = 3 * H;
  const hBytes = <usize>H << 2;
  const stepState = (<usize>t * <usize>B * <usize>H) << 2;
  const stepGates = (<usize>t * <usize>B * <usize>G) << 2;
  const nextState = stepState + ((<usize>B * <usize>H) << 2);
  for (let b = b0; b < b1; b++) {
    const rowOff = stepGates + <usize>b * (<usize>G << 2);
    const s = <usize>b * hBytes;
    const px = inputGates + rowOff, ph = hiddenGates + rowOff, hPrev = hiddens + stepState + s, hNext = hiddens + nextState + s;
    let off: usize = 0;
    const wideEnd = <usize>(H & ~3) << 2;
    for (; off < wideEnd; off += 16) gruForwardCell(px + off, ph + off, hBytes, hPrev + off, hNext + off, true);
    for (; off < hBytes; off += 4) gruForwardCell(px + off, ph + off, hBytes, hPrev + off, hNext + off, false);
  }
}

// @ts-ignore: decorator
@inline function gruForwardCell(px: usize, ph: usize, hBytes: usize, hPrev: usize, hNext: usize, wide: bool): void {
  const one = vone();
  const z = vsigmoid(f32x4.add(ld(px, wide), ld(ph, wide)));
  const r = vsigmoid(f32x4.add(ld(px + hBytes, wide), ld(ph + hBytes, wide)));
  const n = vtanh(f32x4.add(ld(px + 2 * hBytes, wide), f32x4.mul(r, ld(ph + 2 * hBytes, wide))));
  st(px, z, wide); st(px + hBytes, r, wide); st(px + 2 * hBytes, n, wide);
  st(hNext, f32x4.add(f32x4.mul(f32x4.sub(one, z), n), f32x4.mul(z, ld(hPrev, wide))), wide);
}

export function gruBackwardStep(
  dInputGates: usize, dHiddenGates: usize, dHidden: usize, inputGates: usize, hiddenGates: usize, hiddens: usize, dY: usize,
  t: i32, B: i32, H: i32,
): void {
  gruBackwardCells(dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY, t, B, H, 0, B);
}

function gruBackwardCells(
  dInputGates: usize, dHiddenGates: usize, dHidden: usize, inputGates: usize, hiddenGates: usize, hiddens: usize, dY: usize,
  t: i32, B: i32, H: i32, b0: i32, b1: i32,
): void {
  const G = 3 * H;
  const hBytes = <usize>H << 2;
  const stepState = (<usize>t * <usize>B * <usize>H) << 2;
  const stepGates = (<usize>t * <usize>B * <usize>G) << 2;
  for (let b = b0; b < b1; b++) {
    const rowOff = stepGates + <usize>b * (<usize>G << 2);
    const s = <usize>b * hBytes;
    const px = inputGates + rowOff, ph = hiddenGates + rowOff, pdx = dInputGates + rowOff, pdh = dHiddenGates + rowOff;
    const hPrev = hiddens + stepState + s, dy = dY + stepState + s, dh = dHidden + s;
    let off: usize = 0;
    const wideEnd = <usize>(H & ~3) << 2;
    for (; off < wideEnd; off += 16) gruBackwardCell(px + off, ph + off, pdx + off, pdh + off, hBytes, hPrev + off, dy + off, dh + off, true);
    for (; off < hBytes; off += 4) gruBackwardCell(px + off, ph + off, pdx + off, pdh + off, hBytes, hPrev + off, dy + off, dh + off, false);
  }
}

// @ts-ignore: decorator
@inline function gruBackwardCell(px: usize, ph: usize, pdx: usize, pdh: usize, hBytes: usize, hPrevPtr: usize, dY: usize, dHidden: usize, wide: bool): void {
  const one = vone();
  const z = ld(px, wide), r = ld(px + hBytes, wide), n = ld(px + 2 * hBytes, wide);
  const hPrev = ld(hPrevPtr, wide);
  const dh = f32x4.add(ld(dY, wide), ld(dHidden, wide));
  const dan = f32x4.mul(f32x4.mul(dh, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(n, n)));
  const daz = f32x4.mul(f32x4.mul(f32x4.mul(dh, f32x4.sub(hPrev, n)), z), f32x4.sub(one, z));
  const dar = f32x4.mul(f32x4.mul(f32x4.mul(dan, ld(ph + 2 * hBytes, wide)), r), f32x4.sub(one, r));
  st(pdx, daz, wide); st(pdx + hBytes, dar, wide); st(pdx + 2 * hBytes, dan, wide);
  st(pdh, daz, wide); st(pdh + hBytes, dar, wide); st(pdh + 2 * hBytes, f32x4.mul(dan, r), wide);
  st(dHidden, f32x4.mul(dh, z), wide);
}

// ---------------------------------------------------------------------------------------------
// A whole recurrent step for a range of batch rows: the product with the packed R and the cell
// update (forward), or the cell backward and the product with R (backward). Rows of a step are
// independent, so a step splits over threads by batch rows with one hand-off per step.

const STEP_SKIP_PRODUCT: i32 = 1;

/** gates_t[lo..hi) += h_{t−1}·Rᵀ (unless flags has STEP_SKIP_PRODUCT), then the cell update of those rows. */
export function lstmForwardRows(
  gates: usize, cells: usize, tanhCells: usize, hiddens: usize, packedR: usize, t: i32, B: i32, H: i32, flags: i32,
  lo: i32, hi: i32, scratch: usize,
): void {
  const G = 4 * H;
  if (!(flags & STEP_SKIP_PRODUCT)) {
    const gateStep = gates + ((<usize>t * <usize>B * <usize>G) << 2);
    const hPrev = hiddens + ((<usize>t * <usize>B * <usize>H) << 2);
    gemmPacked(gateStep, hPrev, packedR, B, G, H, ACCUMULATE | SPLIT_ROWS, lo, hi, scratch);
  }
  lstmForwardCells(gates, cells, tanhCells, hiddens, t, B, H, lo, hi);
}

/** The cell backward of rows [lo, hi) of step t, then dHidden[lo..hi) = dGates_t[lo..hi)·R. */
export function lstmBackwardRows(
  dGates: usize, gates: usize, cells: usize, tanhCells: usize, dY: usize, dHidden: usize, dCell: usize, packedR: usize,
  t: i32, B: i32, H: i32, lo: i32, hi: i32, scratch: usize,
): void {
  const G = 4 * H;
  lstmBackwardCells(dGates, gates, cells, tanhCells, dY, dHidden, dCell, t, B, H, lo, hi);
  gemmPacked(dHidden, dGates + ((<usize>t * <usize>B * <usize>G) << 2), packedR, B, H, G, SPLIT_ROWS, lo, hi, scratch);
}

/** ha_t[lo..hi) = Rb + h_{t−1}·Rᵀ (the product skipped with STEP_SKIP_PRODUCT), then the GRU cell update of those rows. */
export function gruForwardRows(
  inputGates: usize, hiddenGates: usize, hiddens: usize, Rb: usize, packedR: usize, t: i32, B: i32, H: i32, flags: i32,
  lo: i32, hi: i32, scratch: usize,
): void {
  const G = 3 * H;
  const gateStep = hiddenGates + ((<usize>t * <usize>B * <usize>G) << 2);
  const rowBytes = <usize>G << 2;
  for (let b = lo; b < hi; b++) memory.copy(gateStep + <usize>b * rowBytes, Rb, rowBytes);
  if (!(flags & STEP_SKIP_PRODUCT)) {
    gemmPacked(gateStep, hiddens + ((<usize>t * <usize>B * <usize>H) << 2), packedR, B, G, H, ACCUMULATE | SPLIT_ROWS, lo, hi, scratch);
  }
  gruForwardCells(inputGates, hiddenGates, hiddens, t, B, H, lo, hi);
}

/** The GRU cell backward of rows [lo, hi) of step t (dHidden ← dh ⊙ z), then dHidden[lo..hi) += d(ha)_t·R. */
export function gruBackwardRows(
  dInputGates: usize, dHiddenGates: usize, dHidden: usize, inputGates: usize, hiddenGates: usize, hiddens: usize, dY: usize, packedR: usize,
  t: i32, B: i32, H: i32, lo: i32, hi: i32, scratch: usize,
): void {
  const G = 3 * H;
  gruBackwardCells(dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY, t, B, H, lo, hi);
  gemmPacked(dHidden, dHiddenGates + ((<usize>t * <usize>B * <usize>G) << 2), packedR, B, H, G, ACCUMULATE | SPLIT_ROWS, lo, hi, scratch);
}

// ---------------------------------------------------------------------------------------------
// All T steps of a range of batch rows. A row's state depends only on its own earlier steps, so a
// thread can take rows [lo, hi) through the whole sequence with no hand-off between steps: the two
// threads then meet once per layer pass instead of once per step, and a thread the scheduler
// pauses holds up the other only at the end of the pass. Each step is the *Rows kernel above, so
// the arithmetic of every row is the same whichever way the work is cut.

/** lstmForwardRows for t = 0..T−1 (STEP_SKIP_PRODUCT in flags applies to step 0 only). */
export function lstmForwardSequenceRows(
  gates: usize, cells: usize, tanhCells: usize, hiddens: usize, packedR: usize, T: i32, B: i32, H: i32, flags: i32,
  lo: i32, hi: i32, scratch: usize,
): void {
  for (let t = 0; t < T; t++) lstmForwardRows(gates, cells, tanhCells, hiddens, packedR, t, B, H, t == 0 ? flags : 0, lo, hi, scratch);
}

/** lstmBackwardRows for t = T−1..0. */
export function lstmBackwardSequenceRows(
  dGates: usize, gates: usize, cells: usize, tanhCells: usize, dY: usize, dHidden: usize, dCell: usize, packedR: usize,
  T: i32, B: i32, H: i32, lo: i32, hi: i32, scratch: usize,
): void {
  for (let t = T - 1; t >= 0; t--) lstmBackwardRows(dGates, gates, cells, tanhCells, dY, dHidden, dCell, packedR, t, B, H, lo, hi, scratch);
}

/** gruForwardRows for t = 0..T−1 (STEP_SKIP_PRODUCT in flags applies to step 0 only). */
export function gruForwardSequenceRows(
  inputGates: usize, hiddenGates: usize, hiddens: usize, Rb: usize, packedR: usize, T: i32, B: i32, H: i32, flags: i32,
  lo: i32, hi: i32, scratch: usize,
): void {
  for (let t = 0; t < T; t++) gruForwardRows(inputGates, hiddenGates, hiddens, Rb, packedR, t, B, H, t == 0 ? flags : 0, lo, hi, scratch);
}

/** gruBackwardRows for t = T−1..0. */
export function gruBackwardSequenceRows(
  dInputGates: usize, dHiddenGates: usize, dHidden: usize, inputGates: usize, hiddenGates: usize, hiddens: usize, dY: usize, packedR: usize,
  T: i32, B: i32, H: i32, lo: i32, hi: i32, scratch: usize,
): void {
  for (let t = T - 1; t >= 0; t--) {
    gruBackwardRows(dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY, packedR, t, B, H, lo, hi, scratch);
  }
}

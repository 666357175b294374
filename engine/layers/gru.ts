// One GRU layer, full backpropagation through time. ONNX layout, gate order z, r, h, and PyTorch's
// formulation, which is ONNX `linear_before_reset = 1`: the reset gate multiplies (h·R_hᵀ + Rb_h).
//
// Dims: T = time steps, B = batch, I = input features, H = hidden units, G = 3H gate rows (z | r | h).
// Activations are time-major: row (t, b) of a [T, B, X] buffer starts at (t·B + b)·X.
//
// Forward, per step t:
//   xa = x_t·Wᵀ + Wb     ha = h_{t−1}·Rᵀ + Rb       [B, G] each (x·Wᵀ for all steps is one product up front)
//   z = σ(xa_z + ha_z)   r = σ(xa_r + ha_r)   n = tanh(xa_h + r ⊙ ha_h)
//   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
// Backward, per step t (dh_t = dY_t + dh from step t+1):
//   dn = dh_t ⊙ (1−z)   dz = dh_t ⊙ (h_{t−1} − n)   dan = dn ⊙ (1−n²)
//   daz = dz ⊙ z(1−z)   dar = dan ⊙ ha_h ⊙ r(1−r)
//   d(xa) = [daz, dar, dan]      d(ha) = [daz, dar, dan ⊙ r]
//   dh_{t−1} = dh_t ⊙ z + d(ha)·R
// and once, after the loop: dW += d(xa)ᵀ·X, dWb += Σ d(xa), dR += d(ha)ᵀ·H_{t−1}, dRb += Σ d(ha), dX = d(xa)·W.
import { kernels } from '../kernels';
import { transpose01, type Allocator, type DType, type Floats } from '../tensor';
import type { LstmDims as GruDims, LstmParams as GruParams } from './lstm';

export type { GruDims, GruParams };

export interface GruActs {
  inputGates: Floats; // [T, B, G] xa; forward overwrites it with the activated z, r, n
  hiddenGates: Floats; // [T, B, G] ha = h_{t−1}·Rᵀ + Rb (ha_h is needed by backward)
  hiddens: Floats; // [T+1, B, H] h_{t−1} at index t; index 0 holds the initial state; Y = rows 1..T
  dInputGates: Floats; // [T, B, G]
  dHiddenGates: Floats; // [T, B, G]
  dHidden: Floats; // [B, H] gradient flowing into h_{t−1}
}

export function allocGruActs(allocator: Allocator, dtype: DType, T: number, B: number, H: number): GruActs {
  const G = 3 * H;
  return {
    inputGates: allocator.floats(dtype, T * B * G),
    hiddenGates: allocator.floats(dtype, T * B * G),
    hiddens: allocator.floats(dtype, (T + 1) * B * H),
    dInputGates: allocator.floats(dtype, T * B * G),
    dHiddenGates: allocator.floats(dtype, T * B * G),
    dHidden: allocator.floats(dtype, B * H),
  };
}

/**
 * Runs the layer over x [T, B, I]; the initial state is whatever the first B·H rows of acts.hiddens hold.
 * x null: acts.inputGates already holds x·Wᵀ + Wb for every row (a folded embedding, model/embeddingFold.ts).
 */
export function gruForward(acts: GruActs, x: Floats | null, p: GruParams, dims: GruDims, initialStateIsZero: boolean): void {
  const { T, B, I, H } = dims;
  const G = 3 * H;
  const { inputGates, hiddenGates, hiddens } = acts;
  const rows = T * B;
  if (x) {
    for (let r = 0; r < rows; r++) inputGates.set(p.Wb, r * G);
    kernels.matmulABt(inputGates, x, p.W, { M: rows, N: G, K: I }, true);
  }

  const recurrent = kernels.prepareMatrix(p.R, G, H, true); // R packed once for the T steps' h·Rᵀ
  // for t = 0..T−1: ha = h_{t−1}·Rᵀ + Rb (h₀·Rᵀ skipped when zero); z, r = σ(xa + ha),
  // n = tanh(xa_h + r ⊙ ha_h), h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}   (engine/kernels/recurrent.ts, cells.ts)
  kernels.gruForwardSequence(inputGates, hiddenGates, hiddens, p.Rb, recurrent, T, B, H, initialStateIsZero);
}

/** What forward computed, copied out batch-first (explain's capture): no second implementation of the cell. */
export interface GruCapture {
  gates: Floats; // [B, T, G] activated z, r, n (the candidate) in gate order
  hiddens: Floats; // [B, T, H] h_1..h_T, the layer's outputs
}

/** Copies the last forward's gates and states into `out` (call after gruForward, before the next one). */
export function gruCapture(out: GruCapture, acts: GruActs, dims: GruDims): void {
  const { T, B, H } = dims;
  transpose01(out.gates, acts.inputGates, T, B, 3 * H); // forward overwrote xa with the activated gates
  transpose01(out.hiddens, acts.hiddens.subarray(B * H), T, B, H);
}

/**
 * Backpropagates dY [T, B, H] through the layer. Accumulates into the gradient views `d` (skipped when
 * null: only the input gradient is wanted); writes dX [T, B, I] when given. Leaves the gradient w.r.t.
 * the initial state in acts.dHidden. x null (a folded embedding): dW and dX are the caller's, from acts.dInputGates.
 */
export function gruBackward(d: GruParams | null, dX: Floats | null, dY: Floats, acts: GruActs, x: Floats | null, p: GruParams, dims: GruDims): void {
  const { T, B, I, H } = dims;
  const G = 3 * H;
  const { inputGates, hiddenGates, hiddens, dInputGates, dHiddenGates, dHidden } = acts;
  dHidden.fill(0, 0, B * H);

  const recurrent = kernels.prepareMatrix(p.R, H, G, false); // R packed once for the T steps' d(ha)·R
  // for t = T−1..0: d(xa)_t, d(ha)_t and dHidden ← dh_t ⊙ z (the formulas above), then dHidden += d(ha)_t·R
  kernels.gruBackwardSequence(dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY, recurrent, T, B, H);

  const rows = T * B;
  if (d) {
    // dW += d(xa)ᵀ·X with dWb += Σ d(xa); dR += d(ha)ᵀ·H_{t−1} with dRb += Σ d(ha): one pass over each
    if (x) kernels.weightGradients(d.W, null, d.Wb, dInputGates, x, null, { M: G, N1: I, N2: 0, K: rows }, true);
    else kernels.sumRows(d.Wb, dInputGates, rows, G, true);
    kernels.weightGradients(d.R, null, d.Rb, dHiddenGates, hiddens, null, { M: G, N1: H, N2: 0, K: rows }, true);
  }
  if (dX && x) kernels.matmulAB(dX, dInputGates, p.W, { M: rows, N: I, K: G }, false);
}

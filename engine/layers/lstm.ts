// One LSTM layer (with forget gate), full backpropagation through time. ONNX layout and gate order.
//
// Dims: T = time steps, B = batch, I = input features, H = hidden units, G = 4H gate rows (i | o | f | c).
// Activations are time-major: row (t, b) of a [T, B, X] buffer starts at (t·B + b)·X.
//
// Forward, per step t:
//   a_t = x_t·Wᵀ + Wb + Rb + h_{t−1}·Rᵀ            [B, G]  (x·Wᵀ for all steps is one product up front)
//   i = σ(a_i)   o = σ(a_o)   f = σ(a_f)   g = tanh(a_c)
//   c_t = f ⊙ c_{t−1} + i ⊙ g
//   h_t = o ⊙ tanh(c_t)
// Backward, per step t (dh_t = dY_t + dh from step t+1; dc_t = dc from step t+1 + dh_t ⊙ o ⊙ (1 − tanh²c_t)):
//   da_i = dc_t ⊙ g ⊙ i(1−i)       da_f = dc_t ⊙ c_{t−1} ⊙ f(1−f)
//   da_o = dh_t ⊙ tanh(c_t) ⊙ o(1−o)  da_c = dc_t ⊙ i ⊙ (1−g²)
//   dc_{t−1} = dc_t ⊙ f              dh_{t−1} = da_t·R
// and once, after the loop: dW += daᵀ·X, dR += daᵀ·H_{t−1}, dWb = dRb += Σ da, dX = da·W.
import { kernels } from '../kernels';
import { transpose01, type Allocator, type DType, type Floats } from '../tensor';

export interface LstmDims {
  T: number;
  B: number;
  I: number;
  H: number;
}

/** Views into the model's parameter (or gradient) buffer. */
export interface LstmParams {
  W: Floats; // [G, I]
  R: Floats; // [G, H]
  Wb: Floats; // [G]
  Rb: Floats; // [G]
}

/** Buffers kept from forward for backward, sized for a capacity of T·B rows. */
export interface LstmActs {
  gates: Floats; // [T, B, G] activated i, o, f, g
  cells: Floats; // [T+1, B, H] c_{t−1} at index t; index 0 holds the initial cell state
  hiddens: Floats; // [T+1, B, H] h_{t−1} at index t; index 0 holds the initial hidden state; Y = rows 1..T
  tanhCells: Floats; // [T, B, H] tanh(c_t)
  dGates: Floats; // [T, B, G] pre-activation gradients
  dHidden: Floats; // [B, H] gradient flowing into h_{t−1}
  dCell: Floats; // [B, H] gradient flowing into c_{t−1}
  biasSum: Floats; // [G] Σ_rows da, shared by dWb and dRb
}

export function allocLstmActs(allocator: Allocator, dtype: DType, T: number, B: number, H: number): LstmActs {
  const G = 4 * H;
  return {
    gates: allocator.floats(dtype, T * B * G),
    cells: allocator.floats(dtype, (T + 1) * B * H),
    hiddens: allocator.floats(dtype, (T + 1) * B * H),
    tanhCells: allocator.floats(dtype, T * B * H),
    dGates: allocator.floats(dtype, T * B * G),
    dHidden: allocator.floats(dtype, B * H),
    dCell: allocator.floats(dtype, B * H),
    biasSum: allocator.floats(dtype, G),
  };
}

/**
 * Runs the layer over x [T, B, I]. The initial states are whatever acts.hiddens/cells hold in their
 * first B·H rows (the caller zeroes them or copies given states in); `initialStateIsZero` skips h₀·Rᵀ.
 * x null: acts.gates already holds x·Wᵀ + Wb + Rb for every row (a folded embedding, model/embeddingFold.ts).
 */
export function lstmForward(acts: LstmActs, x: Floats | null, p: LstmParams, dims: LstmDims, initialStateIsZero: boolean): void {
  const { T, B, I, H } = dims;
  const G = 4 * H;
  const { gates, cells, hiddens, tanhCells, biasSum } = acts;
  const rows = T * B;
  if (x) {
    lstmInputBias(biasSum, p, G); // biasSum is backward's scratch; free here
    for (let r = 0; r < rows; r++) gates.set(biasSum, r * G); // a copy per row, not a JS loop per element
    kernels.matmulABt(gates, x, p.W, { M: rows, N: G, K: I }, true);
  }

  const recurrent = kernels.prepareMatrix(p.R, G, H, true); // R packed once for the T steps' h·Rᵀ
  // for t = 0..T−1: a_t += h_{t−1}·Rᵀ (h₀·Rᵀ skipped when zero); i, o, f = σ(·), g = tanh(·);
  // c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ tanh(c_t)   (engine/kernels/recurrent.ts, cells.ts)
  kernels.lstmForwardSequence(gates, cells, tanhCells, hiddens, recurrent, T, B, H, initialStateIsZero);
}

/** bias [G] = Wb + Rb: the constant part of every row's input gates. */
export function lstmInputBias(bias: Floats, p: LstmParams, G: number): void {
  for (let k = 0; k < G; k++) bias[k] = p.Wb[k] + p.Rb[k];
}

/** What forward computed, copied out batch-first (explain's capture): no second implementation of the cell. */
export interface LstmCapture {
  gates: Floats; // [B, T, G] activated i, o, f, g (c̃) in gate order
  cells: Floats; // [B, T, H] c_1..c_T
  hiddens: Floats; // [B, T, H] h_1..h_T, the layer's outputs
}

/** Copies the last forward's gates and states into `out` (call after lstmForward, before the next one). */
export function lstmCapture(out: LstmCapture, acts: LstmActs, dims: LstmDims): void {
  const { T, B, H } = dims;
  transpose01(out.gates, acts.gates, T, B, 4 * H);
  transpose01(out.cells, acts.cells.subarray(B * H), T, B, H); // row 0 is c₀, not an output
  transpose01(out.hiddens, acts.hiddens.subarray(B * H), T, B, H);
}

/**
 * Backpropagates dY [T, B, H] (gradient w.r.t. the outputs h_1..h_T; the final-state gradient is part
 * of dY's last step) through the layer. Accumulates into the gradient views `d` (skipped when null:
 * only the input gradient is wanted); writes dX [T, B, I] when given. Leaves the gradient w.r.t. the
 * initial states in acts.dHidden / acts.dCell. x null (a folded embedding): dW and dX are the caller's,
 * from acts.dGates.
 */
export function lstmBackward(d: LstmParams | null, dX: Floats | null, dY: Floats, acts: LstmActs, x: Floats | null, p: LstmParams, dims: LstmDims): void {
  const { T, B, I, H } = dims;
  const G = 4 * H;
  const { gates, cells, hiddens, tanhCells, dGates, dHidden, dCell, biasSum } = acts;
  dHidden.fill(0, 0, B * H);
  dCell.fill(0, 0, B * H);

  const recurrent = kernels.prepareMatrix(p.R, H, G, false); // R packed once for the T steps' da·R
  // for t = T−1..0: da_t from dh_t = dY_t + dHidden and dc_t (the formulas above), then dh_{t−1} = da_t · R ([B, G]·[G, H])
  kernels.lstmBackwardSequence(dGates, gates, cells, tanhCells, dY, dHidden, dCell, recurrent, T, B, H);

  const rows = T * B;
  if (d) {
    // dW += daᵀ·X, dR += daᵀ·H_{t−1} (rows 0..T−1 of hiddens), biasSum = Σ_rows da: one pass over da
    if (x) kernels.weightGradients(d.W, d.R, biasSum, dGates, x, hiddens, { M: G, N1: I, N2: H, K: rows }, false);
    else kernels.weightGradients(d.R, null, biasSum, dGates, hiddens, null, { M: G, N1: H, N2: 0, K: rows }, false);
    for (let k = 0; k < G; k++) {
      d.Wb[k] += biasSum[k];
      d.Rb[k] += biasSum[k];
    }
  }
  if (dX && x) kernels.matmulAB(dX, dGates, p.W, { M: rows, N: I, K: G }, false);
}

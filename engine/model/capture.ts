// Capture: a forward pass that also hands back what every recurrent layer computed on the way (the
// activated gates, LSTM cell states and hidden states), for `seqlab explain` and the panel's Explain
// view. It is the training forward itself with one copy per layer at the end (lstmCapture, gruCapture):
// the cell is never implemented a second time, so what is shown is what the model computes.
// Dims: B = batch, T = time steps, H = hidden, G = gate rows (4H LSTM: i | o | f | c̃; 3H GRU: z | r | n).
import { gatesPerCell, type CellKind, type ModelSpec } from '../spec';
import type { DType, Floats } from '../tensor';

export interface LayerCapture {
  cell: CellKind;
  gates: Floats; // [B, T, G] activated gates, batch-first, in the cell's gate order
  cells: Floats; // [B, T, H] LSTM c_1..c_T; empty for GRU
  hiddens: Floats; // [B, T, H] h_1..h_T (the layer's outputs, before dropout)
}

export interface ModelCapture {
  B: number;
  T: number;
  layers: LayerCapture[];
}

/** Buffers for capturing a forward of exactly B sequences of T steps (pass as ForwardOptions.capture). */
export function allocCapture(spec: ModelSpec, B: number, T: number, dtype: DType = 'f64'): ModelCapture {
  const H = spec.hiddenSize;
  const G = gatesPerCell(spec.cell) * H;
  const floats = (length: number): Floats => (dtype === 'f32' ? new Float32Array(length) : new Float64Array(length));
  return {
    B,
    T,
    layers: Array.from({ length: spec.layers }, () => ({
      cell: spec.cell,
      gates: floats(B * T * G),
      cells: floats(spec.cell === 'lstm' ? B * T * H : 0),
      hiddens: floats(B * T * H),
    })),
  };
}

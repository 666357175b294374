// What a SeqLab network is, as data. One spec describes every model the engine builds, trains and
// exports: [embedding] → stacked LSTM/GRU → dense head on the last step or on every step.
//
// Parameters live in one flat buffer, in this order (ONNX layout and gate order, so export is a copy):
//   embedding.weight  [V, E]        only when the input is tokens
//   rnn.<l>.W         [G·H, In]     In = F (or E) for l = 0, else H;  G = 4 (LSTM: i,o,f,c) or 3 (GRU: z,r,h)
//   rnn.<l>.R         [G·H, H]
//   rnn.<l>.Wb        [G·H]
//   rnn.<l>.Rb        [G·H]
//   head.weight       [O, H]
//   head.bias         [O]
// PyTorch's order differs (LSTM i,f,g,o; GRU r,z,n): scripts/make_fixtures.py permutes when it maps.

export type CellKind = 'lstm' | 'gru';

export type InputSpec =
  | { kind: 'features'; size: number } // x: [B, T, F] floats
  | { kind: 'tokens'; vocab: number; embed: number }; // x: [B, T] token ids → Embedding(V, E)

export interface ModelSpec {
  cell: CellKind;
  input: InputSpec;
  hiddenSize: number;
  layers: number;
  /** Dropout on the outputs of every recurrent layer but the last (PyTorch's `dropout`). */
  dropout: number;
  /** Head outputs: horizon × targets (forecast), classes (classify), vocabulary (text). */
  outputSize: number;
  /** Dense head on the last valid step's h (forecast, classify) or on every step (text). */
  headOn: 'last' | 'every';
  /** Initial forget-gate bias of an LSTM (1 is the Jozefowicz et al. default; 0 gives PyTorch's plain init). */
  forgetBias: number;
}

export function gatesPerCell(cell: CellKind): number {
  return cell === 'lstm' ? 4 : 3;
}

export function recurrentInputSize(spec: ModelSpec, layer: number): number {
  if (layer > 0) return spec.hiddenSize;
  return spec.input.kind === 'features' ? spec.input.size : spec.input.embed;
}

// Activation buffers of a model: everything forward keeps for backward, plus backward's scratch.
// Allocated for a capacity of (B, T) and reused by every smaller batch: a buffer laid out [T, B, X]
// for the actual B and T is a prefix of the capacity buffer.
// Dims: B = batch, T = time steps, In = layer-0 input width (F or E), H = hidden, O = head outputs.
import { allocGruActs, type GruActs } from '../layers/gru';
import { allocLstmActs, type LstmActs } from '../layers/lstm';
import { gatesPerCell, recurrentInputSize, type ModelSpec } from '../spec';
import { foldsEmbedding } from './embeddingFold';
import type { Allocator, DType, Floats } from '../tensor';

export type LayerActs = { cell: 'lstm'; acts: LstmActs } | { cell: 'gru'; acts: GruActs };

export interface ModelActs {
  capacityB: number;
  capacityT: number;
  input: Floats; // [T, B, In] layer-0 input, time-major (transposed features or embedded tokens)
  tokens: Int32Array; // [T, B] time-major token ids (token input only)
  table: Floats; // [V, G] layer 0's input gates per token, when the embedding folds (embeddingFold.ts)
  dTable: Floats; // [V, G] their gradient
  layers: LayerActs[];
  masks: Floats[]; // per layer but the last: [T, B, H] dropout mask
  dropped: Floats[]; // per layer but the last: [T, B, H] layer output after dropout
  headIn: Floats; // [B, H] last valid step of the top layer (headOn 'last')
  headOut: Floats; // [B, O] or [T, B, O] time-major (headOn 'every')
  output: Floats; // [B, O] or [B, T, O] batch-first: what modelForward returns
  dHeadOut: Floats; // [T, B, O] time-major output gradient (headOn 'every')
  dHeadIn: Floats; // [B, H] (headOn 'last')
  dY: Floats[]; // per layer: [T, B, H] gradient w.r.t. the layer's outputs
  dDropped: Floats; // [T, B, H] gradient w.r.t. a dropout output (dropout > 0 only)
  dInput: Floats; // [T, B, In] gradient w.r.t. the layer-0 input
  dx: Floats; // [B, T, F] gradient w.r.t. the model's float input, batch-first
  /** The batch of the last forward, which backward runs on. */
  current: { B: number; T: number; lengths: Int32Array | null; training: boolean; inputGrad: boolean; paramGrads: boolean; folded: boolean } | null;
}

export function allocModelActs(spec: ModelSpec, allocator: Allocator, dtype: DType, B: number, T: number): ModelActs {
  const H = spec.hiddenSize;
  const O = spec.outputSize;
  const In = recurrentInputSize(spec, 0);
  const F = spec.input.kind === 'features' ? spec.input.size : 0;
  const floats = (length: number) => allocator.floats(dtype, length);
  const every = spec.headOn === 'every';
  const dropout = spec.dropout > 0 && spec.layers > 1;
  const between = dropout ? spec.layers - 1 : 0;
  const table = foldTableSize(spec, B, T);
  return {
    capacityB: B,
    capacityT: T,
    input: floats(T * B * In),
    tokens: new Int32Array(spec.input.kind === 'tokens' ? T * B : 0),
    table: floats(table),
    dTable: floats(table),
    layers: Array.from({ length: spec.layers }, (): LayerActs =>
      spec.cell === 'lstm'
        ? { cell: 'lstm', acts: allocLstmActs(allocator, dtype, T, B, H) }
        : { cell: 'gru', acts: allocGruActs(allocator, dtype, T, B, H) },
    ),
    masks: Array.from({ length: between }, () => floats(T * B * H)),
    dropped: Array.from({ length: between }, () => floats(T * B * H)),
    headIn: floats(every ? 0 : B * H),
    headOut: floats(every ? T * B * O : B * O),
    output: floats(every ? B * T * O : 0),
    dHeadOut: floats(every ? T * B * O : 0),
    dHeadIn: floats(every ? 0 : B * H),
    dY: Array.from({ length: spec.layers }, () => floats(T * B * H)),
    dDropped: floats(dropout ? T * B * H : 0),
    dInput: floats(T * B * In),
    dx: floats(B * T * F),
    current: null,
  };
}

/**
 * How many float and int32 elements allocModelActs allocates for (B, T), computed without allocating
 * (the memory check asks this of configs far too large to allocate). Kept in step with allocModelActs
 * and the layers' alloc…Acts above; test/unit/config/memory.test.ts pins the two together.
 */
export function activationElements(spec: ModelSpec, B: number, T: number): { floats: number; ints: number } {
  const H = spec.hiddenSize;
  const O = spec.outputSize;
  const L = spec.layers;
  const In = recurrentInputSize(spec, 0);
  const F = spec.input.kind === 'features' ? spec.input.size : 0;
  const every = spec.headOn === 'every';
  const dropout = spec.dropout > 0 && L > 1;
  const between = dropout ? L - 1 : 0;
  const rows = T * B;
  const layer = spec.cell === 'lstm'
    ? 2 * rows * 4 * H + 2 * (T + 1) * B * H + rows * H + 2 * B * H + 4 * H // gates, dGates, cells, hiddens, tanhCells, dHidden, dCell, biasSum
    : 4 * rows * 3 * H + (T + 1) * B * H + B * H; // input/hidden gates and their gradients, hiddens, dHidden
  const floats = 2 * rows * In // input, dInput
    + L * layer
    + 2 * between * rows * H // masks, dropped
    + (every ? 3 * rows * O : B * O + 2 * B * H) // headOut, output, dHeadOut | headOut, headIn, dHeadIn
    + L * rows * H // dY
    + (dropout ? rows * H : 0) // dDropped
    + B * T * F // dx
    + 2 * foldTableSize(spec, B, T); // table, dTable
  return { floats, ints: spec.input.kind === 'tokens' ? rows : 0 };
}

/** Elements of the folded embedding's table at capacity (B, T): V·G, or 0 when no batch this size folds. */
function foldTableSize(spec: ModelSpec, B: number, T: number): number {
  return spec.input.kind === 'tokens' && foldsEmbedding(spec, T * B) ? spec.input.vocab * gatesPerCell(spec.cell) * spec.hiddenSize : 0;
}

// The model's forward pass: [embedding] → recurrent layers (dropout between them) → dense head.
// Dims: B = batch, T = time steps, F = features, H = hidden, O = head outputs, L = layers.
// Inputs arrive batch-first like the data ([B, T, F] floats or [B, T] token ids); layers run
// time-major; the output is batch-first again ([B, O] for headOn 'last', [B, T, O] for 'every').
import { denseForward } from '../layers/dense';
import { dropoutForward } from '../layers/dropout';
import { embeddingForward } from '../layers/embedding';
import { gruCapture, gruForward } from '../layers/gru';
import { lstmCapture, lstmForward, type LstmParams } from '../layers/lstm';
import type { Rng } from '../rng';
import { recurrentInputSize } from '../spec';
import { heapAllocator, transpose01, type Floats } from '../tensor';
import { allocModelActs, type ModelActs } from './acts';
import type { Model } from './build';
import type { ModelCapture } from './capture';
import { foldedForward, foldsEmbedding } from './embeddingFold';

export interface Batch {
  B: number;
  T: number;
  /** Features [B, T, F] (floats) or token ids [B, T]. */
  x: Floats | Int32Array;
  /** Valid steps per sequence [B] for right-padded sequences; the 'last' head reads step lengths[b] − 1. */
  lengths?: Int32Array;
}

export interface ForwardOptions {
  /** Training mode applies dropout (and needs `rng`). */
  training: boolean;
  rng?: Rng;
  /** Initial states [L, B, H] (zeros when absent); `c` only for LSTM. */
  initialState?: { h: Floats; c?: Floats };
  /** Also compute ∂loss/∂x for float inputs in backward (gradient checks, input attribution). */
  inputGrad?: boolean;
  /** false: backward computes only the input gradient and leaves model.grads alone (attribution needs
   *  no parameter gradients, which are half of backward's products). Default true. */
  paramGrads?: boolean;
  /** Copy every layer's activated gates and states into these buffers (allocCapture(spec, B, T)). */
  capture?: ModelCapture;
}

/** Runs the model on a batch and returns a view of the head output (valid until the next forward). */
export function modelForward(model: Model, batch: Batch, options: ForwardOptions): Floats {
  const { spec } = model;
  const { B, T } = batch;
  const acts = ensureActs(model, B, T);
  const lengths = checkLengths(batch, spec.headOn);
  const dropout = options.training && spec.dropout > 0 && spec.layers > 1;
  if (dropout && !options.rng) throw new Error('dropout in training mode needs the run PRNG');
  const capture = options.capture;
  if (capture && (capture.B !== B || capture.T !== T || capture.layers.length !== spec.layers)) {
    throw new RangeError(`capture buffers are for ${capture.B}×${capture.T} over ${capture.layers.length} layers; this forward is ${B}×${T} over ${spec.layers}`);
  }
  const H = spec.hiddenSize;
  const rows = T * B;
  const folded = foldsEmbedding(spec, rows);
  acts.current = { B, T, lengths, training: options.training, inputGrad: options.inputGrad ?? false, paramGrads: options.paramGrads ?? true, folded };
  if (spec.input.kind === 'features') {
    if (!(batch.x instanceof Float32Array || batch.x instanceof Float64Array)) throw new TypeError('feature input must be floats');
    transpose01(acts.input, batch.x, B, T, spec.input.size);
  } else {
    if (!(batch.x instanceof Int32Array)) throw new TypeError('token input must be an Int32Array');
    transposeTokens(acts.tokens, batch.x, B, T);
    if (folded) foldedForward(model, acts, rows); // layer 0's input gates straight from the tokens
    else embeddingForward(acts.input, acts.tokens, model.p['embedding.weight'], { N: rows, V: spec.input.vocab, E: spec.input.embed });
  }

  let layerInput: Floats | null = folded ? null : acts.input; // null: layer 0's input gates are filled
  let top = acts.input; // the last layer's output [T, B, H], set below
  for (let l = 0; l < spec.layers; l++) {
    const dims = { T, B, I: recurrentInputSize(spec, l), H };
    const layer = acts.layers[l];
    const hiddens = layer.acts.hiddens;
    const state = options.initialState;
    if (state) hiddens.set(state.h.subarray(l * B * H, (l + 1) * B * H), 0);
    else hiddens.fill(0, 0, B * H);
    if (layer.cell === 'lstm') {
      if (state?.c) layer.acts.cells.set(state.c.subarray(l * B * H, (l + 1) * B * H), 0);
      else layer.acts.cells.fill(0, 0, B * H);
      lstmForward(layer.acts, layerInput, layerParams(model.p, l), dims, !state);
      if (capture) lstmCapture(capture.layers[l], layer.acts, dims);
    } else {
      gruForward(layer.acts, layerInput, layerParams(model.p, l), dims, !state);
      if (capture) gruCapture(capture.layers[l], layer.acts, dims);
    }
    const y = hiddens.subarray(B * H, (T + 1) * B * H); // [T, B, H]
    if (l < spec.layers - 1 && dropout) {
      dropoutForward(acts.dropped[l], acts.masks[l], y, spec.dropout, options.rng!, rows * H);
      layerInput = acts.dropped[l];
    } else {
      layerInput = y;
    }
    top = y;
  }

  const head = { weight: model.p['head.weight'], bias: model.p['head.bias'] };
  const O = spec.outputSize;
  if (spec.headOn === 'last') {
    gatherLastSteps(acts.headIn, top, lengths, T, B, H);
    denseForward(acts.headOut, acts.headIn, head, { N: B, I: H, O });
    return acts.headOut.subarray(0, B * O);
  }
  denseForward(acts.headOut, top, head, { N: rows, I: H, O });
  transpose01(acts.output, acts.headOut, T, B, O);
  return acts.output.subarray(0, B * T * O);
}

/** Final states of every layer after the last forward: h (and c for LSTM) as [L, B, H]. */
export function modelFinalState(model: Model): { h: Floats; c: Floats | null } {
  const { acts, spec } = model;
  if (!acts?.current) throw new Error('modelFinalState needs a forward pass first');
  const { B, T } = acts.current;
  const H = spec.hiddenSize;
  const size = spec.layers * B * H;
  // On the heap: text generation asks for this at every step, and the SIMD arena never frees.
  const h = heapAllocator.floats(model.dtype, size);
  const c = spec.cell === 'lstm' ? heapAllocator.floats(model.dtype, size) : null;
  acts.layers.forEach((layer, l) => {
    h.set(layer.acts.hiddens.subarray(T * B * H, (T + 1) * B * H), l * B * H);
    if (c && layer.cell === 'lstm') c.set(layer.acts.cells.subarray(T * B * H, (T + 1) * B * H), l * B * H);
  });
  return { h, c };
}

export function layerParams(views: Record<string, Floats>, layer: number): LstmParams {
  return { W: views[`rnn.${layer}.W`], R: views[`rnn.${layer}.R`], Wb: views[`rnn.${layer}.Wb`], Rb: views[`rnn.${layer}.Rb`] };
}

function ensureActs(model: Model, B: number, T: number): ModelActs {
  const acts = model.acts;
  if (acts && B <= acts.capacityB && T <= acts.capacityT) return acts;
  const capacityB = Math.max(B, acts?.capacityB ?? 0);
  const capacityT = Math.max(T, acts?.capacityT ?? 0);
  model.acts = allocModelActs(model.spec, model.allocator, model.dtype, capacityB, capacityT);
  return model.acts;
}

function checkLengths(batch: Batch, headOn: 'last' | 'every'): Int32Array | null {
  const { lengths, B, T } = batch;
  if (!lengths) return null;
  if (headOn !== 'last') throw new Error('per-sequence lengths apply to a head on the last step only');
  for (let b = 0; b < B; b++) {
    if (!(lengths[b] >= 1 && lengths[b] <= T)) throw new RangeError(`length ${lengths[b]} of sequence ${b} is outside [1, ${T}]`);
  }
  return lengths;
}

/** headIn[b] = y[len_b − 1, b]: the last valid step of each sequence. */
function gatherLastSteps(headIn: Floats, y: Floats, lengths: Int32Array | null, T: number, B: number, H: number): void {
  for (let b = 0; b < B; b++) {
    const t = lengths ? lengths[b] - 1 : T - 1;
    headIn.set(y.subarray((t * B + b) * H, (t * B + b + 1) * H), b * H);
  }
}

function transposeTokens(out: Int32Array, tokens: Int32Array, B: number, T: number): void {
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) out[t * B + b] = tokens[b * T + t];
}

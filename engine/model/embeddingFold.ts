// Token input folded into layer 0's input product. An embedding row followed by the layer's x·Wᵀ + bias
// is a row of one table, (E·Wᵀ + bias) [V, G], made once per batch: a forward gathers one table row
// per (t, b) instead of multiplying [T·B, E] by [E, G]. Backward sums the gate gradients of each token
// into its table row and the two products shrink the same way. C-char: V = 65 tokens against T·B =
// 3,200 rows, so the three products of layer 0's input (7% of a step's FLOPs) cost 2% of that.
//
// Dims: N = T·B rows, V = vocabulary, E = embedding width, G = layer 0's gate rows (4H LSTM, 3H GRU).
//   forward:  table = E·Wᵀ + bias [V, G]     gates[n] = table[token_n]
//   backward: dTable[v] = Σ_{n: token_n = v} dGates[n]     dW += dTableᵀ·E [G, E]     dE += dTable·W [V, E]
// The bias gradient is the layer's own (Σ over rows of dGates, as without the fold).
// Folding pays while V ≤ N; a larger vocabulary (word models, text generation's one row) keeps the
// embedding as a layer of its own (layers/embedding.ts).
import { kernels } from '../kernels';
import { lstmInputBias } from '../layers/lstm';
import type { ModelSpec } from '../spec';
import type { Floats } from '../tensor';
import type { ModelActs } from './acts';
import type { Model } from './build';

/** Whether a forward over `rows` (T·B) rows folds the embedding; `rows` at capacity: whether the table is allocated. */
export function foldsEmbedding(spec: ModelSpec, rows: number): boolean {
  return spec.input.kind === 'tokens' && spec.input.vocab <= rows;
}

/** Layer 0's pre-activation input gates [N, G] and their gradient (what the layer computes from x). */
function inputGates(acts: ModelActs): { gates: Floats; dGates: Floats } {
  const layer = acts.layers[0];
  return layer.cell === 'lstm'
    ? { gates: layer.acts.gates, dGates: layer.acts.dGates }
    : { gates: layer.acts.inputGates, dGates: layer.acts.dInputGates };
}

/** Fills layer 0's input gates for acts.tokens [N] (time-major): the layer then runs with x = null. */
export function foldedForward(model: Model, acts: ModelActs, N: number): void {
  const { spec } = model;
  if (spec.input.kind !== 'tokens') throw new Error('only token input folds');
  const { vocab: V, embed: E } = spec.input;
  const p = { W: model.p['rnn.0.W'], R: model.p['rnn.0.R'], Wb: model.p['rnn.0.Wb'], Rb: model.p['rnn.0.Rb'] };
  const G = p.Wb.length;
  const { table } = acts;
  // table[v] = bias + E_v·Wᵀ: the bias is what the layer adds to every row (Wb + Rb for LSTM, Wb for GRU).
  const bias = table.subarray(0, G);
  if (spec.cell === 'lstm') lstmInputBias(bias, p, G);
  else bias.set(p.Wb);
  for (let v = 1; v < V; v++) table.copyWithin(v * G, 0, G);
  kernels.matmulABt(table, model.p['embedding.weight'], p.W, { M: V, N: G, K: E }, true);

  const { gates } = inputGates(acts);
  const tokens = acts.tokens;
  for (let n = 0; n < N; n++) {
    const token = tokens[n];
    if (!(token >= 0 && token < V)) throw new RangeError(`token ${token} at position ${n} is outside the vocabulary [0, ${V})`);
    gates.set(table.subarray(token * G, token * G + G), n * G);
  }
}

/** Accumulates dW of layer 0 and d(embedding) from layer 0's gate gradients (after the layer's backward). */
export function foldedBackward(model: Model, acts: ModelActs, N: number): void {
  const { spec } = model;
  if (spec.input.kind !== 'tokens') throw new Error('only token input folds');
  const { vocab: V, embed: E } = spec.input;
  const G = model.p['rnn.0.Wb'].length;
  const { dTable } = acts;
  const { dGates } = inputGates(acts);
  const tokens = acts.tokens;
  dTable.fill(0, 0, V * G);
  for (let n = 0; n < N; n++) {
    // dTable[token_n] += dGates[n]: a one-row sumRows is the kernels' vector add (a JS loop took 9 ms of C-char's step)
    const to = tokens[n] * G;
    kernels.sumRows(dTable.subarray(to, to + G), dGates.subarray(n * G, n * G + G), 1, G, true);
  }
  kernels.matmulAtB(model.d['rnn.0.W'], dTable, model.p['embedding.weight'], { M: G, N: E, K: V }, true);
  kernels.matmulAB(model.d['embedding.weight'], dTable, model.p['rnn.0.W'], { M: V, N: E, K: G }, true);
}

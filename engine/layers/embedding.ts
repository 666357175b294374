// Embedding: row lookup of token ids. Equivalent to a one-hot input times a weight, without the zeros.
// Dims: N = rows (time × batch), V = vocabulary, E = embedding width.
//   forward:  out[n, :] = W[token_n, :]
//   backward: dW[token_n, :] += dout[n, :]   (a token used twice gets both contributions)
import type { Floats } from '../tensor';

export interface EmbeddingDims {
  N: number;
  V: number;
  E: number;
}

export function embeddingForward(out: Floats, tokens: Int32Array, weight: Floats, dims: EmbeddingDims): void {
  const { N, V, E } = dims;
  for (let n = 0; n < N; n++) {
    const token = tokens[n];
    if (!(token >= 0 && token < V)) throw new RangeError(`token ${token} at position ${n} is outside the vocabulary [0, ${V})`);
    out.set(weight.subarray(token * E, token * E + E), n * E);
  }
}

export function embeddingBackward(dWeight: Floats, dOut: Floats, tokens: Int32Array, dims: EmbeddingDims): void {
  const { N, E } = dims;
  for (let n = 0; n < N; n++) {
    const row = tokens[n] * E;
    const src = n * E;
    for (let e = 0; e < E; e++) dWeight[row + e] += dOut[src + e];
  }
}

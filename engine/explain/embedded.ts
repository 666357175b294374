// A text model seen from its embedding's output: the same network minus the lookup, taking the embedded
// vectors [B, T, E] as float input. The flat layout puts embedding.weight first (spec.ts), so the rest of
// the buffer is exactly the layout of a features model with F = E: the view shares the text model's
// parameters (no copy) and its backward's input gradient is ∂y/∂(embedding vectors), which is what
// attribution over characters needs (gradient × input summed over E, integrated gradients from the zero vector).
import type { Model } from '../model';
import { layoutParams, viewParams } from '../params';
import { paramShapes } from '../model';
import type { ModelSpec } from '../spec';
import type { Floats } from '../tensor';

export function embeddedModel(model: Model): Model {
  const { input } = model.spec;
  if (input.kind !== 'tokens') throw new Error('embeddedModel needs a model with token input');
  const spec: ModelSpec = { ...model.spec, input: { kind: 'features', size: input.embed } };
  const layout = layoutParams(paramShapes(spec));
  const skip = input.vocab * input.embed;
  if (skip + layout.size !== model.layout.size) throw new Error('embedded view: layouts disagree');
  const params = model.params.subarray(skip);
  const grads = model.grads.subarray(skip);
  return { spec, dtype: model.dtype, allocator: model.allocator, layout, params, grads, p: viewParams(layout, params), d: viewParams(layout, grads), acts: null };
}

/** out[t, :] = embedding.weight[tokens[t], :] ([T, E]), as the model's lookup does. */
export function embedTokens(model: Model, tokens: ArrayLike<number>, out: Floats): void {
  const { input } = model.spec;
  if (input.kind !== 'tokens') throw new Error('embedTokens needs a model with token input');
  const E = input.embed;
  const weight = model.p['embedding.weight'];
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    if (!(token >= 0 && token < input.vocab)) throw new RangeError(`token ${token} at step ${t} is outside the vocabulary [0, ${input.vocab})`);
    out.set(weight.subarray(token * E, (token + 1) * E), t * E);
  }
}

// The model's backward pass: the forward in reverse. Accumulates every parameter gradient into
// model.grads (call modelZeroGrad first), unless the forward asked for paramGrads: false. Dims as in forward.ts.
import { denseBackward } from '../layers/dense';
import { dropoutBackward } from '../layers/dropout';
import { embeddingBackward } from '../layers/embedding';
import { gruBackward } from '../layers/gru';
import { lstmBackward } from '../layers/lstm';
import { recurrentInputSize } from '../spec';
import { transpose01, type Floats } from '../tensor';
import type { Model } from './build';
import { foldedBackward } from './embeddingFold';
import { layerParams } from './forward';

/**
 * dOutput has the shape modelForward returned ([B, O] or [B, T, O]). Returns ∂loss/∂x [B, T, F] when
 * the forward asked for inputGrad (float inputs only), else null.
 */
export function modelBackward(model: Model, dOutput: Floats): Floats | null {
  const { spec, acts } = model;
  if (!acts?.current) throw new Error('modelBackward needs a forward pass first');
  const { B, T, lengths, training, inputGrad, paramGrads, folded } = acts.current;
  const H = spec.hiddenSize;
  const O = spec.outputSize;
  const rows = T * B;
  const L = spec.layers;
  const dropout = training && spec.dropout > 0 && L > 1;
  const top = acts.layers[L - 1].acts.hiddens.subarray(B * H, (T + 1) * B * H); // [T, B, H]
  const head = { weight: model.p['head.weight'], bias: model.p['head.bias'] };
  const dHead = paramGrads ? { weight: model.d['head.weight'], bias: model.d['head.bias'] } : null;
  const dTop = acts.dY[L - 1];

  if (spec.headOn === 'last') {
    denseBackward(dHead, acts.dHeadIn, dOutput, acts.headIn, head, { N: B, I: H, O });
    dTop.fill(0, 0, rows * H);
    for (let b = 0; b < B; b++) {
      const t = lengths ? lengths[b] - 1 : T - 1;
      dTop.set(acts.dHeadIn.subarray(b * H, (b + 1) * H), (t * B + b) * H);
    }
  } else {
    transpose01(acts.dHeadOut, dOutput, B, T, O);
    denseBackward(dHead, dTop, acts.dHeadOut, top, head, { N: rows, I: H, O });
  }

  const needInput = (spec.input.kind === 'tokens' && paramGrads) || inputGrad;
  for (let l = L - 1; l >= 0; l--) {
    const dims = { T, B, I: recurrentInputSize(spec, l), H };
    const below = l > 0 ? acts.layers[l - 1].acts.hiddens.subarray(B * H, (T + 1) * B * H) : null;
    // A folded embedding has no layer-0 input: foldedBackward takes dW and the embedding's gradient from the gates.
    const input = l === 0 ? (folded ? null : acts.input) : dropout ? acts.dropped[l - 1] : below!;
    const dInput = l === 0 ? (needInput && !folded ? acts.dInput : null) : dropout ? acts.dDropped : acts.dY[l - 1];
    const layer = acts.layers[l];
    const d = paramGrads ? layerParams(model.d, l) : null;
    if (layer.cell === 'lstm') lstmBackward(d, dInput, acts.dY[l], layer.acts, input, layerParams(model.p, l), dims);
    else gruBackward(d, dInput, acts.dY[l], layer.acts, input, layerParams(model.p, l), dims);
    if (l > 0 && dropout) dropoutBackward(acts.dY[l - 1], acts.dDropped, acts.masks[l - 1], rows * H);
  }

  if (spec.input.kind === 'tokens') {
    if (!paramGrads) return null;
    if (folded) foldedBackward(model, acts, rows);
    else embeddingBackward(model.d['embedding.weight'], acts.dInput, acts.tokens, { N: rows, V: spec.input.vocab, E: spec.input.embed });
    return null;
  }
  if (!inputGrad) return null;
  transpose01(acts.dx, acts.dInput, T, B, spec.input.size);
  return acts.dx.subarray(0, B * T * spec.input.size);
}

export function modelZeroGrad(model: Model): void {
  model.grads.fill(0);
}

// The parts every exported graph shares: the named parameters checked against the spec, the stacked
// LSTM/GRU layers (one ONNX node per layer), and the dense head.
//
// SeqLab keeps its parameters in ONNX layout and gate order (engine/spec.ts), so W, R and B are copies:
// W [1, G·H, In], R [1, G·H, H], B [1, 2·G·H] = [Wb ‖ Rb]. GRU is emitted with linear_before_reset=1,
// the variant SeqLab (like PyTorch) trains: h̃ = tanh(x·Whᵀ + Wbh + r ⊙ (h·Rhᵀ + Rbh)).
import type { Floats } from '../tensor';
import { gatesPerCell, recurrentInputSize, type ModelSpec } from '../spec';
import { paramShapes } from '../model/build';
import { attr, type GraphBuilder } from './graphBuilder';

export type NamedParams = Record<string, Floats>;

/** Throws (a caller bug, not user input) when a parameter is missing, has the wrong size or is not finite. */
export function checkParams(spec: ModelSpec, params: NamedParams): void {
  for (const { name, shape } of paramShapes(spec)) {
    const values = params[name];
    const size = shape.reduce((product, dim) => product * dim, 1);
    if (!values) throw new Error(`export: parameter ${name} is missing`);
    if (values.length !== size) throw new Error(`export: parameter ${name} has ${values.length} values, expected ${size} for [${shape.join(', ')}]`);
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) throw new Error(`export: parameter ${name}[${i}] is not finite`);
    }
  }
}

export interface RecurrentOptions {
  /** int32 [batch]: valid steps per sequence; every layer gets it so padding never reaches a state. */
  sequenceLens?: string;
  /** [layers, batch, hidden] initial states; each layer takes its slice. */
  initialH?: string;
  initialC?: string;
  /** Whether the last layer's full sequence output Y is needed (text), or only its final state. */
  needSequence: boolean;
}

export interface RecurrentOutputs {
  /** The last layer's output for every step [seq, batch, hidden] (when needSequence). */
  sequence?: string;
  /** Final state of each layer, [1, batch, hidden] each. */
  finalH: string[];
  finalC: string[];
}

/** Emits the stacked recurrent layers over a time-major input x [seq, batch, In]. */
export function emitRecurrentStack(g: GraphBuilder, spec: ModelSpec, params: NamedParams, x: string, options: RecurrentOptions): RecurrentOutputs {
  const gates = gatesPerCell(spec.cell) * spec.hiddenSize;
  const lstm = spec.cell === 'lstm';
  let squeezeSeq: string | undefined;
  const finalH: string[] = [];
  const finalC: string[] = [];
  let input = x;
  let sequence: string | undefined;
  for (let layer = 0; layer < spec.layers; layer++) {
    const inSize = recurrentInputSize(spec, layer);
    const W = g.floats(`rnn_${layer}_W`, [1, gates, inSize], params[`rnn.${layer}.W`]);
    const R = g.floats(`rnn_${layer}_R`, [1, gates, spec.hiddenSize], params[`rnn.${layer}.R`]);
    const B = g.floats(`rnn_${layer}_B`, [1, 2 * gates], concat(params[`rnn.${layer}.Wb`], params[`rnn.${layer}.Rb`]));
    const h0 = options.initialH ? sliceLayer(g, options.initialH, layer, `h0_${layer}`) : '';
    const c0 = lstm && options.initialC ? sliceLayer(g, options.initialC, layer, `c0_${layer}`) : '';
    const last = layer === spec.layers - 1;
    const Y = !last || options.needSequence ? g.fresh(`rnn_${layer}_Y`) : '';
    const Yh = g.fresh(`rnn_${layer}_Yh`);
    const Yc = lstm ? g.fresh(`rnn_${layer}_Yc`) : '';
    const attributes = [attr.int('hidden_size', spec.hiddenSize)];
    if (!lstm) attributes.push(attr.int('linear_before_reset', 1));
    const inputs = lstm ? [input, W, R, B, options.sequenceLens ?? '', h0, c0] : [input, W, R, B, options.sequenceLens ?? '', h0];
    g.node(lstm ? 'LSTM' : 'GRU', inputs, lstm ? [Y, Yh, Yc] : [Y, Yh], attributes);
    finalH.push(Yh);
    if (lstm) finalC.push(Yc);
    // Y is [seq, num_directions=1, batch, hidden]; the next layer (and the text head) wants [seq, batch, hidden].
    if (Y !== '') {
      squeezeSeq ??= g.int64s('axes_1', [1], [1]);
      sequence = input = g.op('Squeeze', [Y, squeezeSeq], `rnn_${layer}_out`);
    }
  }
  return { sequence, finalH, finalC };
}

/** state[layer : layer+1] of a [layers, batch, hidden] tensor: [1, batch, hidden]. */
function sliceLayer(g: GraphBuilder, state: string, layer: number, prefix: string): string {
  const starts = g.int64s(`${prefix}_start`, [1], [layer]);
  const ends = g.int64s(`${prefix}_end`, [1], [layer + 1]);
  const axes = g.int64s(`${prefix}_axes`, [1], [0]);
  return g.op('Slice', [state, starts, ends, axes], prefix);
}

/** Gemm head on the last state: h [batch, hidden] → [batch, outputSize] (weight stays [O, H], transB=1). */
export function emitLastStepHead(g: GraphBuilder, params: NamedParams, spec: ModelSpec, finalH: string, prefix: string): string {
  const squeezeAxis = g.int64s('axes_0', [1], [0]);
  const h = g.op('Squeeze', [finalH, squeezeAxis], 'last_h');
  const weight = g.floats('head_weight', [spec.outputSize, spec.hiddenSize], params['head.weight']);
  const bias = g.floats('head_bias', [spec.outputSize], params['head.bias']);
  return g.op('Gemm', [h, weight, bias], prefix, [attr.int('transB', 1)]);
}

/** MatMul+Add head on every step: y [batch, seq, hidden] → [batch, seq, outputSize]. */
export function emitEveryStepHead(g: GraphBuilder, params: NamedParams, spec: ModelSpec, y: string, output: string): string {
  // MatMul has no transB, so the weight is stored transposed ([H, O]); Gemm would need a 2-D input.
  const weight = params['head.weight'];
  const transposed = new Float32Array(weight.length);
  for (let o = 0; o < spec.outputSize; o++) {
    for (let h = 0; h < spec.hiddenSize; h++) transposed[h * spec.outputSize + o] = weight[o * spec.hiddenSize + h];
  }
  const weightT = g.floats('head_weight_t', [spec.hiddenSize, spec.outputSize], transposed);
  const bias = g.floats('head_bias', [spec.outputSize], params['head.bias']);
  const product = g.op('MatMul', [y, weightT], 'head_matmul');
  return g.node('Add', [product, bias], [output])[0];
}

function concat(a: Floats, b: Floats): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

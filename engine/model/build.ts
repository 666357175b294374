// Building a model: its parameter layout from the spec, the flat buffers, and initialisation.
//   LSTM/GRU weights and biases: U(−1/√H, 1/√H) (PyTorch's default); LSTM forget-gate bias set so
//   that Wb_f + Rb_f = forgetBias (Wb_f = forgetBias, Rb_f = 0) unless forgetBias is 0.
//   Dense head: Xavier/Glorot uniform weight, zero bias.   Embedding: N(0, 1) (PyTorch's default).
// Initialisation draws from the run's PRNG in layout order, so one seed gives one model.
import { layoutParams, viewParams, type ParamLayout } from '../params';
import type { Rng } from '../rng';
import { gatesPerCell, recurrentInputSize, type ModelSpec } from '../spec';
import { heapAllocator, type Allocator, type DType, type Floats } from '../tensor';
import type { ModelActs } from './acts';

export interface Model {
  spec: ModelSpec;
  dtype: DType;
  allocator: Allocator;
  layout: ParamLayout;
  params: Floats; // [P] every parameter, in layout order
  grads: Floats; // [P] same layout
  p: Record<string, Floats>; // named views into params
  d: Record<string, Floats>; // named views into grads
  /** Activation buffers, allocated on the first forward and grown when a larger batch arrives. */
  acts: ModelActs | null;
}

export interface BuildOptions {
  dtype?: DType;
  allocator?: Allocator;
}

export function paramShapes(spec: ModelSpec): { name: string; shape: number[] }[] {
  const H = spec.hiddenSize;
  const G = gatesPerCell(spec.cell) * H;
  const shapes: { name: string; shape: number[] }[] = [];
  if (spec.input.kind === 'tokens') shapes.push({ name: 'embedding.weight', shape: [spec.input.vocab, spec.input.embed] });
  for (let l = 0; l < spec.layers; l++) {
    shapes.push(
      { name: `rnn.${l}.W`, shape: [G, recurrentInputSize(spec, l)] },
      { name: `rnn.${l}.R`, shape: [G, H] },
      { name: `rnn.${l}.Wb`, shape: [G] },
      { name: `rnn.${l}.Rb`, shape: [G] },
    );
  }
  shapes.push({ name: 'head.weight', shape: [spec.outputSize, H] }, { name: 'head.bias', shape: [spec.outputSize] });
  return shapes;
}

/** A model with zeroed parameters; `initParams` fills them. */
export function allocateModel(spec: ModelSpec, options: BuildOptions = {}): Model {
  validateSpec(spec);
  const dtype = options.dtype ?? 'f32';
  const allocator = options.allocator ?? heapAllocator;
  const layout = layoutParams(paramShapes(spec));
  const params = allocator.floats(dtype, layout.size);
  const grads = allocator.floats(dtype, layout.size);
  return { spec, dtype, allocator, layout, params, grads, p: viewParams(layout, params), d: viewParams(layout, grads), acts: null };
}

export function buildModel(spec: ModelSpec, rng: Rng, options: BuildOptions = {}): Model {
  const model = allocateModel(spec, options);
  initParams(model, rng);
  return model;
}

export function initParams(model: Model, rng: Rng): void {
  const { spec, p } = model;
  const H = spec.hiddenSize;
  const bound = 1 / Math.sqrt(H);
  if (spec.input.kind === 'tokens') fill(p['embedding.weight'], () => rng.normal());
  for (let l = 0; l < spec.layers; l++) {
    for (const part of ['W', 'R', 'Wb', 'Rb']) fill(p[`rnn.${l}.${part}`], () => (2 * rng.uniform() - 1) * bound);
    if (spec.cell === 'lstm' && spec.forgetBias !== 0) {
      p[`rnn.${l}.Wb`].fill(spec.forgetBias, 2 * H, 3 * H); // ONNX order i, o, f, c: f is the third block
      p[`rnn.${l}.Rb`].fill(0, 2 * H, 3 * H);
    }
  }
  const xavier = Math.sqrt(6 / (H + spec.outputSize));
  fill(p['head.weight'], () => (2 * rng.uniform() - 1) * xavier);
  p['head.bias'].fill(0);
}

function fill(array: Floats, draw: () => number): void {
  for (let k = 0; k < array.length; k++) array[k] = draw();
}

function validateSpec(spec: ModelSpec): void {
  const positive = (value: number, name: string) => {
    if (!(Number.isInteger(value) && value > 0)) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  };
  positive(spec.hiddenSize, 'hiddenSize');
  positive(spec.layers, 'layers');
  positive(spec.outputSize, 'outputSize');
  if (spec.input.kind === 'features') positive(spec.input.size, 'input.size');
  else {
    positive(spec.input.vocab, 'input.vocab');
    positive(spec.input.embed, 'input.embed');
  }
  if (!(spec.dropout >= 0 && spec.dropout < 1)) throw new RangeError(`dropout must be in [0, 1), got ${spec.dropout}`);
}

// Parity: every exported graph, run by onnxruntime-node, against the engine's own float32 forward on
// the same raw inputs, at batch 1, 3 and 17 and two sequence lengths. Bounds (issue 6): 1e-5 absolute on
// scaled outputs and logits; |d| ≤ 1e-5·max(1, |y|) in original units. The largest differences seen are
// printed at the end (the report quotes them).
import { afterAll, describe, expect, test } from 'vitest';
import { allocateModel, modelFinalState, modelForward, type Model } from '../../../engine/model';
import { createRng, type Rng } from '../../../engine/rng';
import { exportOnnx, type ExportInput } from '../../../engine/onnx/export';
import { SeqLabModel } from '../../../engine/runtime/modelSession';
import { allCases, type ModelCase } from './cases';

const BATCHES = [1, 3, 17];
const LENGTHS = [4, 11];
const worst = new Map<string, number>();

function note(kind: string, value: number): void {
  worst.set(kind, Math.max(worst.get(kind) ?? 0, value));
}

function engineModel(input: ExportInput): Model {
  const model = allocateModel(input.spec, { dtype: 'f32' });
  for (const [name, values] of Object.entries(input.params)) model.p[name].set(values);
  return model;
}

/** max |a − b| / max(1, |b|) (relative = true) or max |a − b|. */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>, relative = false): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]) / (relative ? Math.max(1, Math.abs(b[i])) : 1);
    if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
  }
  return max;
}

/** Raw rows around each feature's mean (one-hot slots 0/1), as a user's CSV would give them. */
function rawFeatures(rng: Rng, input: ExportInput, B: number, T: number): Float32Array {
  const { mean, std, names } = input.metadata.normalization!.features;
  const F = names.length;
  const x = new Float32Array(B * T * F);
  for (let i = 0; i < B * T; i++) {
    for (let f = 0; f < F; f++) x[i * F + f] = names[f].includes('=') ? Number(rng.uniform() < 0.5) : mean[f] + std[f] * 1.5 * rng.normal();
  }
  return x;
}

/** The data layer's scaling (types.ts), in float64: x' = (x − base)/std, base = last row or mean. */
function scaleLikeDataLayer(input: ExportInput, x: Float32Array, B: number, T: number): { scaled: Float32Array; last: (b: number, f: number) => number } {
  const { mean, std, relative } = input.metadata.normalization!.features;
  const F = mean.length;
  const last = (b: number, f: number) => x[(b * T + T - 1) * F + f];
  const scaled = new Float32Array(x.length);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) {
    const i = (b * T + t) * F + f;
    scaled[i] = (x[i] - (relative[f] ? last(b, f) : mean[f])) / std[f];
  }
  return { scaled, last };
}

function softmaxRows(logits: ArrayLike<number>, width: number): Float64Array {
  const out = new Float64Array(logits.length);
  for (let row = 0; row < logits.length / width; row++) {
    let max = -Infinity;
    for (let j = 0; j < width; j++) max = Math.max(max, logits[row * width + j]);
    let sum = 0;
    for (let j = 0; j < width; j++) sum += (out[row * width + j] = Math.exp(logits[row * width + j] - max));
    for (let j = 0; j < width; j++) out[row * width + j] /= sum;
  }
  return out;
}

async function checkForecast(c: ModelCase, onnx: SeqLabModel, model: Model, rng: Rng, B: number, T: number): Promise<void> {
  const { input } = c;
  const norm = input.metadata.normalization!;
  const x = rawFeatures(rng, input, B, T);
  const { io } = onnx.metadata;
  const out = await onnx.run({ [io.input]: { data: x, dims: [B, T, norm.features.names.length] } }, [io.normalized!, io.output]);
  const { scaled, last } = scaleLikeDataLayer(input, x, B, T);
  const engine = modelForward(model, { B, T, x: scaled }, { training: false });
  const scaledDiff = maxDiff(out[io.normalized!].data, engine);
  const K = norm.targets.names.length;
  const original = new Float64Array(engine.length);
  for (let i = 0; i < engine.length; i++) {
    const b = Math.floor(i / input.spec.outputSize);
    const k = i % K;
    const base = norm.formulation === 'relative' ? last(b, norm.targets.featureIndex[k]) : norm.targets.mean[k];
    original[i] = base + engine[i] * norm.targets.std[k];
  }
  const originalDiff = maxDiff(out[io.output].data, original, true);
  note('forecast scaled output (abs)', scaledDiff);
  note('forecast original units (rel)', originalDiff);
  expect(scaledDiff).toBeLessThanOrEqual(1e-5);
  expect(originalDiff).toBeLessThanOrEqual(1e-5);
}

async function checkClassify(c: ModelCase, onnx: SeqLabModel, model: Model, rng: Rng, B: number, T: number): Promise<void> {
  const { input } = c;
  const F = input.spec.input.kind === 'features' ? input.spec.input.size : 0;
  const x = rawFeatures(rng, input, B, T);
  const { io } = onnx.metadata;
  const feeds = { [io.input]: { data: x, dims: [B, T, F] } } as Parameters<SeqLabModel['run']>[0];
  let lengths: Int32Array | undefined;
  if (io.lengths) {
    lengths = Int32Array.from({ length: B }, (_, b) => (b === 0 ? T : 1 + rng.below(T)));
    // Padding past each length is zeros, as the data layer pads; neither side may read it.
    for (let b = 0; b < B; b++) x.fill(0, (b * T + lengths[b]) * F, (b + 1) * T * F);
    feeds[io.lengths] = { data: lengths, dims: [B] };
  }
  const out = await onnx.run(feeds, [io.logits!, io.output]);
  const engine = modelForward(model, { B, T, x: scaleLikeDataLayer(input, x, B, T).scaled, ...(lengths ? { lengths } : {}) }, { training: false });
  const logitDiff = maxDiff(out[io.logits!].data, engine);
  const probabilityDiff = maxDiff(out[io.output].data, softmaxRows(engine, input.spec.outputSize), true);
  note('classify logits (abs)', logitDiff);
  note('classify probabilities (rel)', probabilityDiff);
  expect(logitDiff).toBeLessThanOrEqual(1e-5);
  expect(probabilityDiff).toBeLessThanOrEqual(1e-5);
}

async function checkText(c: ModelCase, onnx: SeqLabModel, model: Model, rng: Rng, B: number, T: number): Promise<void> {
  const spec = c.input.spec;
  const V = spec.outputSize;
  const tokens = Int32Array.from({ length: B * T }, () => rng.below(V));
  const stateSize = spec.layers * B * spec.hiddenSize;
  const h0 = Float32Array.from({ length: stateSize }, () => 0.5 * rng.normal());
  const c0 = Float32Array.from({ length: stateSize }, () => 0.5 * rng.normal());
  const { io } = onnx.metadata;
  const dims = [spec.layers, B, spec.hiddenSize];
  const feeds = { [io.input]: { data: BigInt64Array.from(tokens, (t) => BigInt(t)), dims: [B, T] }, [io.h0!]: { data: h0, dims } } as Parameters<SeqLabModel['run']>[0];
  const outputs = [io.output, io.probabilities!, io.hN!];
  if (spec.cell === 'lstm') {
    feeds[io.c0!] = { data: c0, dims };
    outputs.push(io.cN!);
  }
  const out = await onnx.run(feeds, outputs);
  const engine = modelForward(model, { B, T, x: tokens }, { training: false, initialState: { h: h0, ...(spec.cell === 'lstm' ? { c: c0 } : {}) } });
  const logitDiff = maxDiff(out[io.output].data, engine);
  const probabilityDiff = maxDiff(out[io.probabilities!].data, softmaxRows(engine, V), true);
  const final = modelFinalState(model);
  const stateDiff = Math.max(maxDiff(out[io.hN!].data, final.h), spec.cell === 'lstm' ? maxDiff(out[io.cN!].data, final.c!) : 0);
  note('text logits (abs)', logitDiff);
  note('text probabilities (rel)', probabilityDiff);
  note('text final state (abs)', stateDiff);
  expect(logitDiff).toBeLessThanOrEqual(1e-5);
  expect(probabilityDiff).toBeLessThanOrEqual(1e-5);
  expect(stateDiff).toBeLessThanOrEqual(1e-5);
}

describe('exported graph in onnxruntime-node = engine float32 forward', () => {
  for (const c of allCases()) {
    test(c.name, async () => {
      const onnx = await SeqLabModel.load(exportOnnx(c.input));
      const model = engineModel(c.input);
      const rng = createRng(7);
      const check = c.input.metadata.task === 'forecast' ? checkForecast : c.input.metadata.task === 'classify' ? checkClassify : checkText;
      try {
        for (const B of BATCHES) for (const T of LENGTHS) await check(c, onnx, model, rng, B, T);
      } finally {
        await onnx.release();
      }
    });
  }
});

afterAll(() => {
  const lines = [...worst].map(([kind, value]) => `  ${kind.padEnd(32)} ${value.toExponential(2)}`);
  console.log(`ONNX parity, largest differences over batches ${BATCHES.join('/')} × lengths ${LENGTHS.join('/')}:\n${lines.join('\n')}`);
});

// Running a loaded model per task, with raw inputs in and raw outputs out (the graph does the scaling).
// Feeds and outputs are found by the names metadata.io records, so a PyTorch export given SeqLab
// metadata runs the same way as SeqLab's own.
import { SeqLabError } from '../errors';
import { DataType } from '../onnx/proto';
import type { Task } from '../onnx/metadataTypes';
import type { Feed, SeqLabModel } from './modelSession';

function requireTask(model: SeqLabModel, task: Task): void {
  if (model.metadata.task !== task) {
    const use = model.metadata.task === 'text' ? "'seqlab sample'" : "'seqlab predict'";
    throw new SeqLabError('BAD_ARGUMENT', `this is a ${model.metadata.task} model, not a ${task} model; use ${use}`, model.file === undefined ? {} : { file: model.file });
  }
}

export interface ForecastResult {
  /** [B, horizon, targets] in original units. */
  values: Float32Array;
  horizon: number;
  targets: string[];
}

/** x: raw features [B, T, F] (the input columns, in order). */
export async function runForecast(model: SeqLabModel, x: Float32Array, B: number, T: number): Promise<ForecastResult> {
  requireTask(model, 'forecast');
  const { io, normalization, horizon } = model.metadata;
  const F = normalization!.features.names.length;
  const result = await model.run({ [io.input]: { data: x, dims: [B, T, F] } }, [io.output]);
  // [B, horizon, K] or, from other exporters, [B, horizon·K] step-major: the same memory either way.
  return { values: result[io.output].data, horizon: horizon!, targets: normalization!.targets.names };
}

/** x: raw features [B, T, F]; lengths [B] when the model classifies sequences (right-padded). */
export async function runClassify(model: SeqLabModel, x: Float32Array, B: number, T: number, lengths?: Int32Array): Promise<{ probabilities: Float32Array; classes: string[] }> {
  requireTask(model, 'classify');
  const { io, normalization, classes } = model.metadata;
  const feeds: Record<string, Feed> = { [io.input]: { data: x, dims: [B, T, normalization!.features.names.length] } };
  if (io.lengths !== undefined) feeds[io.lengths] = { data: lengths ?? new Int32Array(B).fill(T), dims: [B] };
  const result = await model.run(feeds, [io.output]);
  return { probabilities: result[io.output].data, classes: classes! };
}

export interface TextState {
  batch: number;
  /** [layers, batch, hidden] */
  h: Float32Array;
  /** LSTM only. */
  c?: Float32Array;
}

export function zeroTextState(model: SeqLabModel, batch: number): TextState {
  requireTask(model, 'text');
  const { layers, hiddenSize, cell } = model.metadata.model;
  const size = layers * batch * hiddenSize;
  return { batch, h: new Float32Array(size), ...(cell === 'lstm' ? { c: new Float32Array(size) } : {}) };
}

/**
 * One call over tokens [B, T] from `state`: logits [B, T, V] and the state after the last token, so
 * generation feeds one token per call instead of re-running the prefix.
 */
export async function runTextStep(model: SeqLabModel, tokens: ArrayLike<number>, B: number, T: number, state: TextState): Promise<{ logits: Float32Array; state: TextState }> {
  requireTask(model, 'text');
  const { io, model: spec } = model.metadata;
  const stateDims = [spec.layers, B, spec.hiddenSize];
  const int64 = model.info.inputs.find((input) => input.name === io.input)?.elemType === DataType.INT64;
  const ids = int64 ? BigInt64Array.from(Array.from(tokens, (id) => BigInt(id))) : Int32Array.from(tokens);
  const feeds: Record<string, Feed> = { [io.input]: { data: ids, dims: [B, T] }, [io.h0!]: { data: state.h, dims: stateDims } };
  const outputs = [io.output, io.hN!];
  if (spec.cell === 'lstm') {
    feeds[io.c0!] = { data: state.c!, dims: stateDims };
    outputs.push(io.cN!);
  }
  const result = await model.run(feeds, outputs);
  const next: TextState = { batch: B, h: result[io.hN!].data, ...(spec.cell === 'lstm' ? { c: result[io.cN!].data } : {}) };
  return { logits: result[io.output].data, state: next };
}

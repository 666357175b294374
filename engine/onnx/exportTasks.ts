// One graph per task. Each takes the builder, the spec, its parameters and the metadata, declares the
// graph inputs and outputs, and returns their names (which metadata.io records).
//
//   forecast  x[batch,seq,F] → scale → Transpose → LSTM/GRU ×L → Y_h → Squeeze → Gemm → forecast_normalized
//             → Reshape[batch,horizon,K] → ·std + mean | last value → forecast
//   classify  x[batch,seq,F] (+ lengths[batch] int32) → scale → Transpose → LSTM/GRU ×L (sequence_lens)
//             → Y_h → Squeeze → Gemm → logits → Softmax → probabilities
//   text      tokens[batch,seq] int64, h0 (, c0) [L,batch,H] → Gather(embedding) → Transpose
//             → LSTM/GRU ×L (initial state sliced per layer) → Squeeze → Transpose → MatMul+Add → logits
//             → Softmax → probabilities; hN (, cN) = Concat of each layer's final state
import type { ModelSpec } from '../spec';
import { DataType } from './proto';
import { attr, type GraphBuilder } from './graphBuilder';
import type { ModelIo, SeqLabModelMetadata } from './metadataTypes';
import { emitEveryStepHead, emitLastStepHead, emitRecurrentStack, type NamedParams } from './recurrent';
import { emitForecastUnscaling, emitInputScaling } from './scaling';

/** What an exporter needs from the metadata (everything but what export.ts fills in itself). */
export type TaskMetadata = Omit<SeqLabModelMetadata, 'io' | 'model' | 'formatVersion'>;

/** batch-first [batch, seq, …] ↔ time-major [seq, batch, …]: LSTM/GRU layout 0 (ORT rejects layout 1). */
const swapBatchAndTime = (g: GraphBuilder, x: string, prefix: string): string => g.op('Transpose', [x], prefix, [attr.ints('perm', [1, 0, 2])]);

export function exportForecastGraph(g: GraphBuilder, spec: ModelSpec, params: NamedParams, meta: TaskMetadata): ModelIo {
  const norm = meta.normalization!;
  const features = norm.features.names.length;
  const targets = norm.targets.names.length;
  const horizon = meta.horizon!;
  const x = g.input('x', DataType.FLOAT, ['batch', 'seq', features]);
  const scaled = emitInputScaling(g, x, norm);
  const timeMajor = swapBatchAndTime(g, scaled.scaled, 'x_time_major');
  const { finalH } = emitRecurrentStack(g, spec, params, timeMajor, { needSequence: false });
  const normalized = g.output(emitLastStepHead(g, params, spec, finalH[finalH.length - 1], 'forecast_normalized'), DataType.FLOAT, ['batch', spec.outputSize]);
  const forecast = emitForecastUnscaling(g, normalized, norm, horizon, scaled, 'forecast');
  g.output(forecast, DataType.FLOAT, ['batch', horizon, targets]);
  return { input: x, output: forecast, normalized };
}

/**
 * A classifier over sequences (metadata.sequenceId set) takes right-padded sequences and their lengths,
 * which every layer gets as sequence_lens: Y_h is then each sequence's state at its own last step, as
 * the engine's head reads it. Windows over one series all have the full length and need no lengths.
 */
export function exportClassifyGraph(g: GraphBuilder, spec: ModelSpec, params: NamedParams, meta: TaskMetadata): ModelIo {
  const norm = meta.normalization!;
  const variableLength = typeof meta.sequenceId === 'string';
  if (variableLength && norm.features.relative.some(Boolean)) {
    // "The window's last row" differs per padded sequence; the data layer's classifiers are absolute.
    throw new Error('export: a classifier over sequences must use the absolute formulation');
  }
  const x = g.input('x', DataType.FLOAT, ['batch', 'seq', norm.features.names.length]);
  const lengths = variableLength ? g.input('lengths', DataType.INT32, ['batch']) : undefined;
  const scaled = emitInputScaling(g, x, norm);
  const timeMajor = swapBatchAndTime(g, scaled.scaled, 'x_time_major');
  const { finalH } = emitRecurrentStack(g, spec, params, timeMajor, { needSequence: false, sequenceLens: lengths });
  const logits = g.output(emitLastStepHead(g, params, spec, finalH[finalH.length - 1], 'logits'), DataType.FLOAT, ['batch', spec.outputSize]);
  const probabilities = g.node('Softmax', [logits], ['probabilities'], [attr.int('axis', 1)])[0];
  g.output(probabilities, DataType.FLOAT, ['batch', spec.outputSize]);
  return { input: x, ...(lengths ? { lengths } : {}), output: probabilities, logits };
}

export function exportTextGraph(g: GraphBuilder, spec: ModelSpec, params: NamedParams): ModelIo {
  if (spec.input.kind !== 'tokens') throw new Error('export: a text model takes tokens');
  const lstm = spec.cell === 'lstm';
  const stateDims = [spec.layers, 'batch', spec.hiddenSize];
  const tokens = g.input('tokens', DataType.INT64, ['batch', 'seq']);
  const h0 = g.input('h0', DataType.FLOAT, stateDims);
  const c0 = lstm ? g.input('c0', DataType.FLOAT, stateDims) : undefined;
  const table = g.floats('embedding_weight', [spec.input.vocab, spec.input.embed], params['embedding.weight']);
  const embedded = g.op('Gather', [table, tokens], 'embedded', [attr.int('axis', 0)]);
  const timeMajor = swapBatchAndTime(g, embedded, 'embedded_time_major');
  const stack = emitRecurrentStack(g, spec, params, timeMajor, { needSequence: true, initialH: h0, initialC: c0 });
  const batchFirst = swapBatchAndTime(g, stack.sequence!, 'rnn_batch_first');
  const logits = g.output(emitEveryStepHead(g, params, spec, batchFirst, 'logits'), DataType.FLOAT, ['batch', 'seq', spec.outputSize]);
  const probabilities = g.node('Softmax', [logits], ['probabilities'], [attr.int('axis', 2)])[0];
  g.output(probabilities, DataType.FLOAT, ['batch', 'seq', spec.outputSize]);
  const hN = g.output(g.node('Concat', stack.finalH, ['hN'], [attr.int('axis', 0)])[0], DataType.FLOAT, stateDims);
  const io: ModelIo = { input: tokens, output: logits, probabilities, h0, hN };
  if (lstm) {
    io.c0 = c0;
    io.cN = g.output(g.node('Concat', stack.finalC, ['cN'], [attr.int('axis', 0)])[0], DataType.FLOAT, stateDims);
  }
  return io;
}

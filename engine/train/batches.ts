// Batch buffers for training, allocated once per run, and filling them from the prepared data.
import type { PreparedData } from '../data/types';
import type { Targets } from '../losses';
import type { Batch, Model } from '../model';
import type { Floats } from '../tensor';

export interface BatchBuffers {
  x: Floats | Int32Array; // [B, T, F] features or [B, T] tokens
  y: Floats | Int32Array; // [B, O] floats, [B] class ids, or [B, T] next tokens
  lengths: Int32Array; // [B] valid steps (classify)
  /** The targets of a batch of n windows, as the loss reads them. */
  targets(n: number): Targets;
}

export function batchBuffers(model: Model, data: PreparedData, batchSize: number): BatchBuffers {
  const T = data.window;
  const floats = (length: number) => model.allocator.floats(model.dtype, length);
  const lengths = new Int32Array(batchSize);
  if (data.task === 'text') {
    const y = new Int32Array(batchSize * T);
    return { x: new Int32Array(batchSize * T), y, lengths, targets: (n) => y.subarray(0, n * T) };
  }
  const x = floats(batchSize * T * data.input.size);
  if (data.task === 'classify') {
    const y = new Int32Array(batchSize);
    return { x, y, lengths, targets: (n) => y.subarray(0, n) };
  }
  const y = floats(batchSize * data.outputSize);
  return { x, y, lengths, targets: (n) => y.subarray(0, n * data.outputSize) };
}

export function fillTrainingBatch(data: PreparedData, buffers: BatchBuffers, windows: Int32Array): Batch {
  const n = windows.length;
  const T = data.window;
  if (data.task === 'text') {
    data.fillBatch('train', windows, buffers.x as Int32Array, buffers.y as Int32Array);
    return { B: n, T, x: (buffers.x as Int32Array).subarray(0, n * T) };
  }
  const x = (buffers.x as Floats).subarray(0, n * T * data.input.size);
  if (data.task === 'classify') {
    data.fillBatch('train', windows, buffers.x as Floats, buffers.y as Int32Array, buffers.lengths);
    return { B: n, T, x, lengths: buffers.lengths.subarray(0, n) };
  }
  data.fillBatch('train', windows, buffers.x as Floats, buffers.y as Floats);
  return { B: n, T, x };
}

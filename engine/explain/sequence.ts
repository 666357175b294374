// The sequence an explanation is about: one window of a validation or test split, as the model sees it
// (scaled features or token ids) and as the user knows it (original units, times, characters), with the
// scalar output whose attribution is computed:
//   forecast  the first target at the chosen horizon step, in original units (y = base + std·y')
//   classify  the log-probability of the predicted class
//   text      the log-probability of the character after the chunk, at the chunk's last step
import type { PreparedData, SplitName } from '../data/types';
import { SeqLabError } from '../errors';
import { heapAllocator, type DType, type Floats } from '../tensor';
import type { OutputTarget } from './attribution';
import type { ExplainInput, Grid } from './types';

export interface ExplainSequence {
  /** Steps the model runs (the window) and the valid ones among them (classify sequences are right-padded). */
  T: number;
  length: number;
  /** [T, F] model units, or [T] token ids. */
  x: Floats | Int32Array;
  input: ExplainInput;
  /** What is attributed, once the model's output on `x` is known (the predicted class depends on it). */
  target(out: ArrayLike<number>): OutputTarget;
}

/** One label per window of a split, in index order (for choosing a window by date, id or position). */
export function windowLabels(data: PreparedData, split: SplitName): string[] {
  return Array.from({ length: data.splits[split].windows }, (_, w) => windowLabel(data, split, w));
}

/**
 * A window's label: a forecast's first forecast step (the time the forecast chart plots its point at), a
 * classified window's last step or its sequence's id, a text chunk's first character.
 */
export function windowLabel(data: PreparedData, split: SplitName, w: number): string {
  if (data.task === 'forecast') {
    const row = data.lastRow(split, w) + 1;
    return data.timeLabel(row) ?? `row ${row + 1}`;
  }
  if (data.task === 'classify') {
    const rows = data.windowRows(split, w);
    if (rows.sequence !== null) return `${data.sequenceIdColumn} ${rows.sequence}`;
    return data.timeLabel(rows.start + rows.length - 1) ?? `row ${rows.start + rows.length}`;
  }
  return `character ${data.splits[split].start + w * data.window}`;
}

export function checkWindow(data: PreparedData, split: SplitName, index: number): void {
  const W = data.splits[split].windows;
  if (!(Number.isInteger(index) && index >= 0 && index < W)) {
    throw new SeqLabError('BAD_ARGUMENT', `--index ${index} is outside the ${split} split, which has ${W} window(s)`, {}, `Choose --index 0 to ${W - 1}.`);
  }
}

export function loadSequence(data: PreparedData, split: SplitName, index: number, dtype: DType, horizonStep = 1): ExplainSequence {
  checkWindow(data, split, index);
  const T = data.window;
  const windows = Int32Array.of(index);
  if (data.task === 'text') {
    const x = new Int32Array(T);
    const next = new Int32Array(T);
    data.fillBatch(split, windows, x, next);
    return {
      T, length: T, x,
      input: { kind: 'tokens', steps: T, times: null, features: ['token'], tokens: Array.from(x, (id) => data.vocabulary[id]) },
      target: () => ({ kind: 'logProb', row: T - 1, classIndex: next[T - 1] }),
    };
  }
  const F = data.input.size;
  const x = heapAllocator.floats(dtype, T * F);
  if (data.task === 'classify') {
    const label = new Int32Array(1);
    const lengths = new Int32Array(1);
    data.fillBatch(split, windows, x, label, lengths);
    const { start } = data.windowRows(split, index);
    const { mean, std } = data.normalisation.features;
    const length = lengths[0];
    const values = gridOf(F, length, (f, t) => x[t * F + f] * std[f] + mean[f]);
    return {
      T, length, x,
      input: { kind: 'features', steps: length, times: timesOf(length, (t) => data.timeLabel(start + t)), features: data.featureNames, values },
      target: (out) => ({ kind: 'logProb', row: 0, classIndex: argmax(out, data.outputSize) }),
    };
  }
  if (!(Number.isInteger(horizonStep) && horizonStep >= 1 && horizonStep <= data.horizon)) {
    throw new SeqLabError('BAD_ARGUMENT', `--horizon ${horizonStep} is outside the run's horizon of ${data.horizon} step(s)`, {}, `Choose --horizon 1 to ${data.horizon}.`);
  }
  data.fillBatch(split, windows, x, heapAllocator.floats(dtype, data.outputSize));
  const last = data.lastRow(split, index);
  const first = last - T + 1;
  const values = gridOf(F, T, (f, t) => data.rawFeatures[(first + t) * F + f]);
  const K = data.targetNames.length;
  return {
    T, length: T, x,
    input: { kind: 'features', steps: T, times: timesOf(T, (t) => data.timeLabel(first + t)), features: data.featureNames, values },
    target: () => ({ kind: 'value', index: (horizonStep - 1) * K, scale: data.normalisation.targets.std[0] }),
  };
}

function gridOf(rows: number, steps: number, value: (row: number, step: number) => number): Grid {
  const data = new Array<number>(rows * steps);
  for (let r = 0; r < rows; r++) for (let t = 0; t < steps; t++) data[r * steps + t] = value(r, t);
  return { rows, steps, data };
}

function timesOf(steps: number, time: (step: number) => string | null): string[] | null {
  if (steps === 0 || time(0) === null) return null;
  return Array.from({ length: steps }, (_, t) => time(t) ?? '');
}

export function argmax(values: ArrayLike<number>, count: number, offset = 0): number {
  let best = 0;
  for (let i = 1; i < count; i++) if (values[offset + i] > values[offset + best]) best = i;
  return best;
}

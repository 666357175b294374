// Splits and the statistics that come from the training split only.
import { SeqLabError } from '../errors';
import type { SplitConfig } from '../config/schema.generated';
import { type FillMethod, fillSegment } from './missing';
import { SPLIT_NAMES, type SplitName } from './types';

export type RowRanges = Record<SplitName, { start: number; end: number }>;

/** Consecutive row ranges in the order train, validation, test; every split gets at least one row. */
export function chronologicalRanges(rows: number, split: SplitConfig): RowRanges {
  const train = Math.max(1, Math.round(rows * split.train));
  const validation = Math.max(1, Math.round(rows * split.validation));
  const test = rows - train - validation;
  return { train: { start: 0, end: train }, validation: { start: train, end: train + validation }, test: { start: train + validation, end: train + validation + Math.max(0, test) } };
}

/** How many of `total` items (sequences) go to each split; every split at least one when total >= 3. */
export function countsByFraction(total: number, split: SplitConfig): Record<SplitName, number> {
  const train = Math.max(1, Math.round(total * split.train));
  const validation = Math.max(1, Math.round(total * split.validation));
  return { train, validation, test: total - train - validation };
}

/**
 * Fills missing values of every column in each split separately (left anchors may come from earlier
 * rows, which are the past). `methodOf(c)` gives the method per column. Returns the cells filled.
 */
export function fillBySplit(matrix: Float64Array, width: number, ranges: RowRanges, methodOf: (c: number) => FillMethod, describe: (c: number, split: SplitName, firstRow: number) => SeqLabError): number {
  let filled = 0;
  for (const name of SPLIT_NAMES) {
    const { start, end } = ranges[name];
    for (let c = 0; c < width; c++) {
      const count = fillSegment(matrix, width, c, start, end, methodOf(c), true);
      if (count < 0) throw describe(c, name, start);
      filled += count;
    }
  }
  return filled;
}

export interface ColumnStats {
  mean: number[];
  std: number[];
  /** Columns whose training values are constant (their std is recorded as 1). */
  constant: number[];
}

/**
 * Mean and population standard deviation of each column over `rows` of the training split only.
 * One-hot columns and scaling "none" get mean 0 and std 1 (left as they are).
 */
export function trainingStats(matrix: Float64Array, width: number, trainRows: Iterable<number>, keepAsIs: (c: number) => boolean): ColumnStats {
  const sum = new Float64Array(width);
  const count = new Float64Array(width);
  const rows = [...trainRows];
  for (const r of rows) for (let c = 0; c < width; c++) {
    sum[c] += matrix[r * width + c];
    count[c]++;
  }
  const mean = Array.from(sum, (s, c) => (count[c] ? s / count[c] : 0));
  const squares = new Float64Array(width);
  for (const r of rows) for (let c = 0; c < width; c++) {
    const d = matrix[r * width + c] - mean[c];
    squares[c] += d * d;
  }
  const std: number[] = [];
  const constant: number[] = [];
  for (let c = 0; c < width; c++) {
    if (keepAsIs(c)) {
      mean[c] = 0;
      std.push(1);
      continue;
    }
    const s = Math.sqrt(squares[c] / Math.max(1, count[c]));
    if (!(s > 1e-12 * Math.max(1, Math.abs(mean[c])))) {
      constant.push(c);
      std.push(1);
    } else std.push(s);
  }
  return { mean, std, constant };
}

/** The rows start..end-1. (A typed array: iterating a generator costs a call per row, which showed in
 *  `seqlab init` on million-row files.) */
export function rangeRows(start: number, end: number): Iterable<number> {
  const rows = new Int32Array(Math.max(0, end - start));
  for (let i = 0; i < rows.length; i++) rows[i] = start + i;
  return rows;
}

// PreparedData: what the training loop (issue 5), the metrics and the ONNX exporter (issue 6) consume.
//
//   const { config, file } = loadConfig('co2.seqlab.json');      // engine/config/load.ts
//   const data = await prepareData(config, file);                 // engine/data/prepare.ts
//
// Shapes (B = batch, T = window, F = features per step, K = targets, H = horizon, O = outputs):
//   forecast  x Float32Array|Float64Array [B,T,F] scaled, batch-first;  y floats [B,O], O = H·K, index h·K + k
//   classify  x floats [B,T,F] scaled (right-padded with 0 for sequences); y Int32Array [B] class ids;
//             lengths Int32Array [B] valid steps (T for windows over one series)
//   text      x Int32Array [B,T] token ids; y Int32Array [B,T] the next token at every step (characters or
//             words: tokenize.ts)
// Windows are numbered 0..splits[s].windows-1 within each split and are index ranges into one scaled series
// (no per-window copies): fillBatch copies the requested windows into caller-owned arrays, so the loop
// allocates its batch buffers once. Shuffling is the caller's (seeded, within the training split).
//
// Guarantees: scaling statistics, one-hot levels, classes and the text vocabulary come from the training
// split only (a validation/test window whose class never occurs in training is left out and reported);
// no window straddles a split boundary; missing values are filled within each split, never from a later
// one; rows are ordered by the time column, and gaps of a regular time axis are inserted as missing rows.
//
// Forecast formulation (recorded in `normalisation`, which goes into ONNX metadata and into the graph):
//   absolute  x' = (x - mean_f) / std_f                 y' = (y - mean_k) / std_k
//   relative  x' = (x - x[T-1]_f) / std_f  (relative_f) y' = (y - x[T-1]_{featureIndex_k}) / std_k
//   (features with relative_f = false, e.g. one-hot columns, stay absolute.) The inverse is
//   y = mean_k + y'·std_k (absolute) or y = last_k + y'·std_k (relative), done by `toOriginal`.
import type { SeqLabConfig } from '../config/schema.generated';
import type { Floats } from '../tensor';
import type { DataReport } from './report';
import type { TimeAxis } from './time';
import type { TokenizerSpec } from './tokenize';

export type Task = 'forecast' | 'classify' | 'text';
export type SplitName = 'train' | 'validation' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test'];

export interface SplitInfo {
  /** Windows (classify with sequences: sequences; text: seqLength chunks) in this split. */
  windows: number;
  /** Rows of the prepared series in the split, [start, end) (text: character positions). For classify
   *  with sequences the rows are not contiguous: start/end are 0 and `rows` counts them. */
  start: number;
  end: number;
  rows: number;
  /** First and last time value in the split, formatted like the file's time column; null without one. */
  from: string | null;
  to: string | null;
}

/** How one CSV column becomes input features (for `seqlab predict`, which reads raw CSVs). */
export type InputColumn =
  | { column: string; kind: 'numeric'; feature: number }
  | { column: string; kind: 'onehot'; levels: string[]; feature: number }; // features feature..feature+levels-1

/** Scaling and formulation as plain data: ONNX metadata and the exported graph's pre/post-processing. */
export interface Normalisation {
  formulation: 'relative' | 'absolute';
  scaling: 'standard' | 'none';
  features: { names: string[]; mean: number[]; std: number[]; relative: boolean[] };
  /** forecast only (empty lists otherwise). featureIndex[k] is the input feature holding target k. */
  targets: { names: string[]; mean: number[]; std: number[]; featureIndex: number[] };
}

/**
 * The prepared data as compact arrays, for training it elsewhere (`seqlab export-pytorch`): the one
 * scaled series every window reads, and where each window of each split sits in it. Window w of a split
 * reads rows start[w] .. start[w] + length[w] − 1 (length is the window T unless given):
 *   forecast  x = those rows, minus row start+T−1 for relative features; y = the `horizon` rows after it
 *   classify  x = those rows, right-padded with zeros to T; y = label[w]
 *   text      x = tokens start .. start+T−1, y = tokens start+1 .. start+T
 */
export interface CompactData {
  /** Scaled features [N, F] (forecast, classify) or token ids [N] (text). */
  series: Float64Array | Int32Array;
  /** F, or 1 for tokens. */
  width: number;
  windows: Record<SplitName, { start: Int32Array; length?: Int32Array; label?: Int32Array }>;
}

interface PreparedBase {
  task: Task;
  config: SeqLabConfig;
  /** Absolute path of the data file. */
  dataFile: string;
  /** T: steps per window (text: seqLength; classify with sequences: the longest sequence kept). */
  window: number;
  /** O: outputs of the model's head. */
  outputSize: number;
  splits: Record<SplitName, SplitInfo>;
  /** What `seqlab data` prints (formatDataReport in report.ts). */
  report: DataReport;
  /** The same windows as compact arrays (views of the prepared data, not copies). */
  compact(): CompactData;
}

export interface PreparedForecast extends PreparedBase {
  task: 'forecast';
  input: { kind: 'features'; size: number };
  horizon: number;
  featureNames: string[];
  targetNames: string[];
  inputColumns: InputColumn[];
  normalisation: Normalisation;
  time: TimeAxis | null;
  /** A prepared row's time, written like the file's time column (null without one): the panel's x labels. */
  timeLabel(row: number): string | null;
  /** Season in rows for the seasonal-naive baseline (1: no season, seasonal-naive = naive). */
  season: number;
  fillBatch(split: SplitName, windows: ArrayLike<number>, x: Floats, y: Floats): void;
  /** Model outputs [B,O] (model units) of these windows → original units [B,O]. */
  toOriginal(split: SplitName, windows: ArrayLike<number>, modelOutput: ArrayLike<number>, out: Floats): void;
  /** The true future [B,O] in original units. */
  truth(split: SplitName, windows: ArrayLike<number>, out: Floats): void;
  /** Each target's value at the window's last row [B,K], original units: the naive forecast. */
  lastValues(split: SplitName, windows: ArrayLike<number>, out: Floats): void;
  /** Seasonal-naive forecast [B,O]: the value one season before each future step, original units
   *  (it may read rows before the window: that is past data; before row 0 it falls back to naive). */
  seasonalNaive(split: SplitName, windows: ArrayLike<number>, out: Floats): void;
  /** Row index (into rawTargets) of a window's last input row. */
  lastRow(split: SplitName, window: number): number;
  /** Every target over every prepared row, original units, [rows, K] row-major. */
  rawTargets: Float64Array;
  /** Every input feature over every prepared row, original units after filling (one-hot 0/1), [rows, F]. */
  rawFeatures: Float64Array;
  /** Mean |y_t - y_{t-lag}| per target over the training rows: the MASE scale for lag 1 or the season. */
  inSampleNaiveMae(lag: number): number[];
}

export interface PreparedClassify extends PreparedBase {
  task: 'classify';
  input: { kind: 'features'; size: number };
  featureNames: string[];
  classNames: string[];
  labelColumn: string;
  /** Null for windows over one series (label `labelOffset` rows after the window's last row). */
  sequenceIdColumn: string | null;
  labelOffset: number;
  inputColumns: InputColumn[];
  normalisation: Normalisation;
  time: TimeAxis | null;
  fillBatch(split: SplitName, windows: ArrayLike<number>, x: Floats, y: Int32Array, lengths?: Int32Array): void;
  /** The class id of every window of the split, in window order (majority baseline, confusion matrix). */
  labels(split: SplitName): Int32Array;
  /** Where window w of a split lies: its first prepared row, its valid steps, the row holding its label,
   *  and the id of its sequence (null for windows over one series). */
  windowRows(split: SplitName, window: number): { start: number; length: number; labelRow: number; sequence: string | null };
  /** A prepared row's time, written like the file's time column (null without one). */
  timeLabel(row: number): string | null;
}

export interface PreparedText extends PreparedBase {
  task: 'text';
  input: { kind: 'tokens'; vocab: number };
  /** Token id → token text (a character, or a word or punctuation mark); id 0 is UNK_TOKEN, which every
   *  token outside the vocabulary maps to. */
  vocabulary: string[];
  /** How text became tokens (data.tokenizer): the same rule encodes prompts and decodes samples. */
  tokenizer: TokenizerSpec;
  fillBatch(split: SplitName, windows: ArrayLike<number>, x: Int32Array, y: Int32Array): void;
  /** The token ids of a split's text, in order (unigram baseline, evaluation over the whole split). */
  tokens(split: SplitName): Int32Array;
  encode(text: string): Int32Array;
  /** Text of token ids; `previous` is the text they continue (word tokens then start with the right space). */
  decode(ids: ArrayLike<number>, previous?: string): string;
}

export const UNK_TOKEN = '<unk>';

export type PreparedData = PreparedForecast | PreparedClassify | PreparedText;

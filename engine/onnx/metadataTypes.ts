// The typed form of SeqLab's ONNX metadata (one metadata_props key per field, see metadata.ts).
import type { ModelSpec } from '../spec';

export type Task = 'forecast' | 'classify' | 'text';

export type Formulation = 'relative' | 'absolute';

export type ColumnRole = 'time' | 'feature' | 'target' | 'label' | 'id' | 'ignored';

export interface ColumnInfo {
  name: string;
  /** A column can play several roles: a forecast target is usually also a feature. */
  roles: ColumnRole[];
}

/** One model input feature: a numeric column, or the one-hot indicator of one level of a text column. */
export interface FeatureInfo {
  column: string;
  /** When set, the feature is 1 where the column equals this level and 0 elsewhere. */
  level?: string;
}

/**
 * The scaling the graph applies itself, so that users feed raw numbers and get raw numbers.
 * - absolute: x' = (x − featureMean) / featureStd; y = y'·targetStd + targetMean.
 * - relative: x' = (x − x[last row of the window]) / featureStd; y = x_last[target] + y'·targetStd
 *   (the network predicts the change of each target from its last value, in units of its std).
 */
export interface Normalization {
  formulation: Formulation;
  featureMean: number[];
  featureStd: number[];
  /** Forecast only: per target, in output order. */
  targetMean?: number[];
  targetStd?: number[];
  /** Forecast: the position of each target among the features (required by relative, which needs its last value). */
  targetFeatureIndex?: number[];
}

/** Names of the graph's inputs and outputs and what each one holds. */
export interface ModelIo {
  /** Raw features [batch, seq, F] float32, or token ids [batch, seq] int64 (text). */
  input: string;
  /** int32 [batch], valid steps per sequence (classify over variable-length sequences). */
  lengths?: string;
  /** forecast: [batch, horizon, targets] in original units; classify: probabilities [batch, classes];
   *  text: logits [batch, seq, vocab]. */
  output: string;
  /** forecast: the network's scaled output [batch, horizon·targets], step-major. */
  normalized?: string;
  /** classify: logits [batch, classes]. */
  logits?: string;
  /** text: softmax of the logits [batch, seq, vocab]. */
  probabilities?: string;
  /** text: recurrent state in [layers, batch, hidden] (GRU has no c0/cN). */
  h0?: string;
  c0?: string;
  hN?: string;
  cN?: string;
}

export interface Vocabulary {
  /** Token i is tokens[i]: one character (or a special marker such as the unknown token). */
  tokens: string[];
  /** Index of the token that unknown characters map to. */
  unknown: number;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Metric name → value as summary.json has it (scalars, and `perStep` arrays for forecasts). */
export type MetricValues = Record<string, JsonValue>;

export interface ModelMetrics {
  val?: MetricValues;
  test?: MetricValues;
  /** Baseline name → metrics of the same shape (naive, seasonalNaive, majority, unigram). */
  baselines?: Record<string, { val?: MetricValues; test?: MetricValues }>;
}

export interface SeqLabModelMetadata {
  formatVersion: number;
  task: Task;
  engineVersion: string;
  /** Hash of the resolved config the model was trained with ('' when there is none, e.g. imports). */
  configHash: string;
  model: ModelSpec;
  io: ModelIo;
  /** forecast/classify: the CSV columns and their roles, in file order. */
  columns?: ColumnInfo[];
  /** forecast/classify: the input features in input order. */
  features?: FeatureInfo[];
  /** forecast: target columns in output order; classify: the one label column. */
  targets?: string[];
  /** Rows per window (forecast, windowed classify), the longest sequence (grouped classify), or the
   *  training sequence length (text). */
  window: number;
  /** forecast: steps predicted after the window. */
  horizon?: number;
  /** windowed classify: the label is read this many rows after the window's last row. */
  labelOffset?: number;
  /** classify: class labels, in output order. */
  classes?: string[];
  vocabulary?: Vocabulary;
  normalization?: Normalization;
  metrics?: ModelMetrics;
  /** The resolved .seqlab.json config the model was trained with. */
  config?: unknown;
}

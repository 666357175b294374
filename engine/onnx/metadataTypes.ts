// The typed form of SeqLab's ONNX metadata (one metadata_props key per field, see metadata.ts).
// The data-facing parts are the data layer's own types (engine/data/types.ts), stored as they are, so the
// exporter records exactly what training used and `seqlab predict` rebuilds inputs the same way:
//   inputColumns   how CSV columns become the F input features (numeric, or one-hot levels)
//   normalization  per-feature mean/std/relative and per-target mean/std/featureIndex; the graph applies
//                  it (x' = (x − base)/std with base = the window's last row for relative features,
//                  else the mean; y = mean or last value of the target + y'·std)
//   time           the training file's time column(s): name, date grain, format (data.columns.timeFormat;
//                  absent in older models), spacing — so that predict reads and continues it as training did
import type { ModelSpec } from '../spec';
import type { InputColumn, Normalisation } from '../data/types';
import type { TimeAxis } from '../data/time';
import type { TokenizerSpec } from '../data/tokenize';

export type { InputColumn, Normalisation, TimeAxis, TokenizerSpec };

export type Task = 'forecast' | 'classify' | 'text';

/** A CSV column and what it is for, as the data report describes it (e.g. role "input", "target",
 *  "time (orders the rows, not an input)", "left out: …"). Informational: running uses inputColumns. */
export interface ColumnInfo {
  name: string;
  kind: string;
  role: string;
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
  /** Token i is tokens[i]: one character, or with the word tokenizer a word, a punctuation mark or the
   *  paragraph token "\n\n" (and a special marker such as the unknown token). */
  tokens: string[];
  /** Index of the token that unknown characters or words map to. */
  unknown: number;
  /** How text becomes tokens (engine/data/tokenize.ts); absent in models from before word tokens: char. */
  tokenizer?: TokenizerSpec;
}

/** text: how to generate unless told otherwise (config export.sampling at export time). */
export interface TextSampling {
  prompt: string;
  length: number;
  temperature: number;
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
  /** Rows per window (forecast, windowed classify), the longest sequence kept (grouped classify), or
   *  the training sequence length (text). */
  window: number;
  /** forecast: steps predicted after the window. */
  horizon?: number;
  /** windowed classify: the label is read this many rows after the window's last row. */
  labelOffset?: number;
  /** forecast/classify: every CSV column of the training file and its role. */
  columns?: ColumnInfo[];
  /** forecast/classify: how CSV columns become the model's input features, in input order. */
  inputColumns?: InputColumn[];
  /** forecast/classify: the scaling the graph applies (the data layer's Normalisation). */
  normalization?: Normalisation;
  /** forecast/classify: the training file's time column, or null without one. */
  time?: TimeAxis | null;
  /** classify: the label column. */
  label?: string;
  /** classify: the sequence id column (one prediction per sequence), or null for windows over one series. */
  sequenceId?: string | null;
  /** classify: class labels, in output order. */
  classes?: string[];
  vocabulary?: Vocabulary;
  /** text: the generation defaults; models exported before SeqLab recorded them have none (DEFAULT_SAMPLING). */
  sampling?: TextSampling;
  metrics?: ModelMetrics;
  /** The resolved .seqlab.json config the model was trained with. */
  config?: JsonValue;
}

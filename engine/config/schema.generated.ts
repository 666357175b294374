// GENERATED from schemas/seqlab.schema.json by engine/config/generateTypes.ts: do not edit.
// Run `npm run generate` after changing the schema.
// These are the types of a config after loadConfig() has applied the schema's defaults.

/**
 * A SeqLab experiment: which data, which model, how to train it and what to export (<name>.seqlab.json).
 */
export interface SeqLabConfig {
  /**
   * Optional: the JSON Schema this file follows, for editors.
   */
  $schema?: string;
  /**
   * Version of this config format.
   */
  version: 1;
  data: DataConfig;
  model: ModelConfig;
  training: TrainingConfig;
  export: ExportConfig;
}
/**
 * The data file and how it becomes training windows.
 */
export interface DataConfig {
  /**
   * Data file (.csv, or .txt for text), relative to this config's folder.
   */
  file: string;
  /**
   * forecast: future values of the targets; classify: a label per window or sequence; text: the next token (character or word, see tokenizer).
   */
  task: 'forecast' | 'classify' | 'text';
  /**
   * CSV field delimiter; auto detects comma, semicolon or tab from the first lines.
   */
  delimiter: 'auto' | ',' | ';' | '\t';
  columns: ColumnsConfig;
  /**
   * Rows of history per window (classify with sequenceId: the longest sequence kept, its last rows).
   */
  window: number;
  /**
   * forecast: how many future rows each window predicts.
   */
  horizon: number;
  /**
   * classify without sequenceId: the label is read this many rows after the window's last row (1 = the next row).
   */
  labelOffset: number;
  /**
   * text: tokens (characters, or words with the word tokenizer) per training window.
   */
  seqLength: number;
  tokenizer: TokenizerConfig;
  split: SplitConfig;
  /**
   * Empty cells: error stops, drop removes the row, ffill repeats the last value, interpolate draws a straight line (within each split).
   */
  missing: 'error' | 'drop' | 'ffill' | 'interpolate';
  /**
   * fill inserts the rows missing from a regular time column as missing values; keep leaves the rows as they are.
   */
  timeGaps: 'fill' | 'keep';
  /**
   * standard divides by the training split's standard deviation (and subtracts its mean when absolute); none leaves values as they are.
   */
  scaling: 'standard' | 'none';
  /**
   * forecast: relative expresses each window and target as changes from the window's last row (trend-safe); absolute uses levels.
   */
  formulation: 'relative' | 'absolute';
  /**
   * forecast: season length in rows for the seasonal-naive baseline; "auto" derives it from the time spacing and the data.
   */
  season: 'auto' | number;
}
/**
 * Which CSV columns play which role.
 */
export interface ColumnsConfig {
  /**
   * Column that orders the rows and is never a feature; "auto" detects it by name or date values, null means none; a year and its quarter or month column as a list, ["year", "quarter"].
   */
  time: string | null | [string, string];
  /**
   * How the time column is written: "auto" detects it (seqlab init writes what it found); a date format such as "MM/DD/YYYY" or "DD.MM.YYYY"; "unix-s" / "unix-ms" for Unix times; "YYYY + Q" or "YYYY + M" (…) for a two-column time; "number" for plain numbers such as years. The README lists every format.
   */
  timeFormat:
    | 'auto'
    | 'number'
    | 'YYYY-MM-DD'
    | 'YYYY-MM'
    | 'YYYY-MM-DD hh:mm:ss'
    | 'YYYY/MM/DD'
    | 'MM/DD/YYYY'
    | 'DD/MM/YYYY'
    | 'MM/DD/YYYY hh:mm'
    | 'DD/MM/YYYY hh:mm'
    | 'MM/DD/YYYY hh:mm:ss'
    | 'DD/MM/YYYY hh:mm:ss'
    | 'M/D/YYYY'
    | 'D/M/YYYY'
    | 'M/D/YYYY hh:mm'
    | 'D/M/YYYY hh:mm'
    | 'M/D/YYYY hh:mm:ss'
    | 'D/M/YYYY hh:mm:ss'
    | 'MM.DD.YYYY'
    | 'DD.MM.YYYY'
    | 'MM.DD.YYYY hh:mm'
    | 'DD.MM.YYYY hh:mm'
    | 'MM.DD.YYYY hh:mm:ss'
    | 'DD.MM.YYYY hh:mm:ss'
    | 'M.D.YYYY'
    | 'D.M.YYYY'
    | 'M.D.YYYY hh:mm'
    | 'D.M.YYYY hh:mm'
    | 'M.D.YYYY hh:mm:ss'
    | 'D.M.YYYY hh:mm:ss'
    | 'MM-DD-YYYY'
    | 'DD-MM-YYYY'
    | 'MM-DD-YYYY hh:mm'
    | 'DD-MM-YYYY hh:mm'
    | 'MM-DD-YYYY hh:mm:ss'
    | 'DD-MM-YYYY hh:mm:ss'
    | 'M-D-YYYY'
    | 'D-M-YYYY'
    | 'M-D-YYYY hh:mm'
    | 'D-M-YYYY hh:mm'
    | 'M-D-YYYY hh:mm:ss'
    | 'D-M-YYYY hh:mm:ss'
    | 'MMM YYYY'
    | 'MMMM YYYY'
    | 'MMM-YYYY'
    | 'YYYYQq'
    | 'YYYY-Qq'
    | 'YYYY Qq'
    | 'Qq YYYY'
    | 'unix-s'
    | 'unix-ms'
    | 'YYYY + Q'
    | 'YYYY + Qq'
    | 'YYYY + M'
    | 'YYYY + MMM'
    | 'YYYY + MMMM';
  /**
   * classify only: column whose value groups rows into one sequence per label; null windows one series.
   */
  sequenceId: string | null;
  /**
   * forecast: the columns to predict; classify: the one label column; "auto" takes the last suitable column.
   */
  targets: 'auto' | [string, ...string[]];
  /**
   * Input columns; "auto" takes every numeric column and every categorical column with few levels (forecast targets are always inputs).
   */
  features: 'auto' | string[];
  /**
   * A text column with at most this many distinct values is one-hot encoded as a feature; with more it is left out.
   */
  maxCategories: number;
}
/**
 * text: how the file becomes tokens. The vocabulary comes from the training split only; every other token becomes <unk>.
 */
export interface TokenizerConfig {
  /**
   * char: every character is a token; word: words (with inner apostrophes and hyphens), numbers and punctuation marks are tokens, whitespace separates them, and a blank line is a paragraph token.
   */
  type: 'char' | 'word';
  /**
   * Lower-case the text before it is split into tokens.
   */
  lowercase: boolean;
  /**
   * At most this many tokens, <unk> included: the most frequent in the training split; rarer ones become <unk>.
   */
  maxVocabulary: number;
}
/**
 * Fractions of the data for training, validation and test (chronological, by sequence, or by position); they sum to 1.
 */
export interface SplitConfig {
  /**
   * Fraction for training; scaling statistics and the vocabulary come from this part only.
   */
  train: number;
  /**
   * Fraction for validation (early stopping, schedule).
   */
  validation: number;
  /**
   * Fraction for the final test metrics.
   */
  test: number;
}
/**
 * The recurrent network.
 */
export interface ModelConfig {
  /**
   * Recurrent cell.
   */
  cell: 'lstm' | 'gru';
  /**
   * Units per recurrent layer.
   */
  hiddenSize: number;
  /**
   * Stacked recurrent layers.
   */
  layers: number;
  /**
   * Dropout between stacked layers (needs layers > 1 to have an effect).
   */
  dropout: number;
  /**
   * LSTM: initial forget-gate bias (1 helps long memory; 0 is PyTorch's plain init).
   */
  forgetBias: number;
  /**
   * text: size of the token embedding.
   */
  embedSize: number;
}
/**
 * How the model is trained.
 */
export interface TrainingConfig {
  /**
   * Maximum passes over the training windows (early stopping may end sooner).
   */
  epochs: number;
  /**
   * Windows per optimiser step.
   */
  batchSize: number;
  /**
   * Train on at most this many windows per epoch, drawn with the seed (for large data); null uses them all.
   */
  maxWindowsPerEpoch: number | null;
  optimizer: OptimizerConfig;
  /**
   * Clip the global gradient norm to this value; 0 turns clipping off.
   */
  gradClipNorm: number;
  schedule: ScheduleConfig;
  earlyStopping: EarlyStoppingConfig;
  /**
   * Seed of every random choice (initialisation, shuffling, dropout, splits by sequence).
   */
  seed: number;
  /**
   * forecast: loss on the scaled outputs (classify and text use cross-entropy).
   */
  loss: 'mse' | 'mae' | 'huber';
  /**
   * huber: where the loss turns from quadratic to linear.
   */
  huberDelta: number;
}
/**
 * Optimiser and its settings.
 */
export interface OptimizerConfig {
  /**
   * Optimiser.
   */
  type: 'adam' | 'adamw' | 'sgd' | 'rmsprop';
  /**
   * Learning rate.
   */
  lr: number;
  /**
   * L2 penalty (adam, sgd, rmsprop) or decoupled weight decay (adamw).
   */
  weightDecay: number;
  /**
   * Momentum (sgd, rmsprop).
   */
  momentum: number;
  /**
   * Decay rates of the first and second moment estimates (adam, adamw).
   *
   * @minItems 2
   * @maxItems 2
   */
  betas: [number, number];
  /**
   * Added to the denominator for stability (adam, adamw, rmsprop).
   */
  eps: number;
  /**
   * Smoothing of the squared-gradient average (rmsprop).
   */
  alpha: number;
}
/**
 * Learning-rate schedule.
 */
export interface ScheduleConfig {
  /**
   * none, step decay, cosine annealing over the epochs, or reduce on a validation plateau.
   */
  type: 'none' | 'step' | 'cosine' | 'plateau';
  /**
   * step: epochs between decays.
   */
  stepSize: number;
  /**
   * step: factor applied at each decay.
   */
  gamma: number;
  /**
   * plateau: factor applied when validation loss stops improving.
   */
  factor: number;
  /**
   * plateau: epochs without improvement before the rate is reduced.
   */
  patience: number;
  /**
   * cosine and plateau: the rate never goes below this.
   */
  minLr: number;
}
/**
 * Stop when validation loss stops improving; the best weights are kept.
 */
export interface EarlyStoppingConfig {
  /**
   * Epochs without improvement before stopping; 0 turns early stopping off.
   */
  patience: number;
  /**
   * An improvement smaller than this does not count.
   */
  minDelta: number;
}
/**
 * What a finished run exports.
 */
export interface ExportConfig {
  /**
   * Write model.onnx (best weights, scaling inside the graph) at the end of every run.
   */
  onnx: boolean;
  /**
   * ONNX opset of the exported graph.
   */
  opset: number;
  sampling: SamplingConfig;
}
/**
 * text: how to generate text with the exported model unless told otherwise (seqlab sample, SeqLab: Predict). Recorded in the model's metadata.
 */
export interface SamplingConfig {
  /**
   * Text the generation starts from.
   */
  prompt: string;
  /**
   * Characters to generate.
   */
  length: number;
  /**
   * Below 1 is more conservative, 1 samples the model as trained, 0 always takes the likeliest character.
   */
  temperature: number;
}

// What `seqlab explain <run-dir> --json` prints, and what the panel's Explain view draws: types only,
// plain JSON data, no Node module behind them (engine/types.ts re-exports this file for the webview).
//
// One report explains one sequence (a validation or test window) with a run's best weights:
//   input          the sequence in original units (or its characters), on the time axis of every heatmap
//   layers         per layer, heatmaps units × steps of every gate and state, with per-unit variance
//                  and saturation (for sorting rows) and the block's saturation share
//   attribution    gradient × input and integrated gradients over features × steps, per-feature totals
//   saturation     per layer and gate, the share of saturated values over many windows of the split
//   diagnostics    lag trap, collapse, leakage, under/overfit: each with its evidence and a one-line fix
//   gradientNorms  per epoch, each layer's gradient norm per gate block (from the run's epoch events)
//
// Every matrix is a `Grid`: `rows` × `steps` numbers, row-major (value of row r at step t is
// data[r·steps + t]), where rows are hidden units (heatmaps) or input features (input, attribution).
// Heatmap and attribution values carry 6 significant digits; totals and completeness are computed before
// that rounding. The explained sequence runs on a float64 copy of the best weights; the split-wide passes
// (saturation, the diagnostics' predictions) on the run's own float32 kernels, as it was scored.
import type { Task } from '../data/types';

export interface Grid {
  rows: number;
  steps: number;
  /** [rows, steps] row-major. */
  data: number[];
}

export type ExplainSplit = 'validation' | 'test';

export interface ExplainReport {
  format: 'seqlab-explain/1';
  run: ExplainRunInfo;
  split: ExplainSplit;
  /** The window (forecast, classify over one series), sequence (classify with a sequence id) or chunk (text). */
  index: number;
  /** One label per window of the split, in index order, for a picker: a forecast window's first forecast
   *  step (the time of its point on the forecast chart), a classified window's last step or its sequence's
   *  id, a text chunk's first character offset. */
  windowLabels: string[];
  input: ExplainInput;
  layers: LayerInspection[];
  attribution: Attribution;
  saturation: SplitSaturation;
  diagnostics: Diagnostic[];
  /** Null when the run's epoch events carry no gradient norms (runs from before they were recorded). */
  gradientNorms: GradientNormHistory | null;
}

export interface ExplainRunInfo {
  dir: string;
  task: Task;
  cell: 'lstm' | 'gru';
  layers: number;
  hiddenSize: number;
  /** The epoch whose weights are explained (the run's best) and how many the run trained. */
  bestEpoch: number;
  epochs: number;
}

/** The sequence, on the same time axis as every heatmap (its `steps`, which exclude padding). */
export type ExplainInput =
  | {
      kind: 'features';
      steps: number;
      /** Time of each step, formatted like the file's time column; null without one. */
      times: string[] | null;
      /** Input feature names (rows of `values` and of the attribution grids). */
      features: string[];
      /** Values in original units (one-hot columns as 0/1), [features, steps]. */
      values: Grid;
    }
  | {
      kind: 'tokens';
      steps: number;
      times: null;
      /** One row, 'token': the attribution grids of a text model have one row per step's character. */
      features: string[];
      /** The characters of the chunk, one per step (the vocabulary's '<unk>' for unseen ones). */
      tokens: string[];
    };

/** Heatmaps of one recurrent layer. LSTM blocks: input, forget, output, candidate, cell, hidden;
 *  GRU blocks: update, reset, candidate, hidden. */
export interface LayerInspection {
  layer: number;
  cell: 'lstm' | 'gru';
  units: number;
  blocks: StateBlock[];
}

export type BlockKey = 'input' | 'forget' | 'output' | 'candidate' | 'cell' | 'hidden' | 'update' | 'reset';

export interface StateBlock {
  key: BlockKey;
  /** For the panel's title, e.g. "forget gate f". */
  label: string;
  /** 'sigmoid' values lie in (0, 1), 'tanh' in (−1, 1); 'unbounded' is the LSTM cell state. */
  range: 'sigmoid' | 'tanh' | 'unbounded';
  /** [units, steps]. */
  values: Grid;
  /** Per unit, the variance of its values over the steps (for sorting rows). */
  unitVariance: number[];
  /** Per unit, the share of its steps that are saturated (see `saturation`); null for unbounded blocks. */
  unitSaturation: number[] | null;
  /** Share of this sequence's values below/above the saturation thresholds: sigmoid < 0.05 and > 0.95;
   *  tanh < −0.95 and > 0.95. Null for the cell state. */
  saturation: { low: number; high: number } | null;
}

/** Saturation over many windows of the split (not only the explained one), per layer and gate. */
export interface SplitSaturation {
  /** How many windows were run (every window up to a cap, evenly spaced beyond it). */
  windows: number;
  gates: { layer: number; key: BlockKey; label: string; low: number; high: number }[];
}

/** Input attribution of one scalar output of the model (`target`). */
export interface Attribution {
  target: AttributionTarget;
  /** What the baseline input is, in words (integrated gradients start there). */
  baseline: string;
  /** Input features (forecast, classify) or ['token'] (text): the rows of both grids. */
  features: string[];
  /** x·∂y/∂x per feature and step (relative to the baseline, which is zero in the model's input space). */
  gradientTimesInput: Grid;
  integratedGradients: Grid;
  /** Steps of the integrated-gradients path (the Riemann midpoint rule over α ∈ (0, 1)). */
  integrationSteps: number;
  /** Completeness: Σ integrated gradients against y(input) − y(baseline); `error` = |sum − difference|. */
  completeness: { sum: number; difference: number; error: number };
  /** Per feature, summed over the steps: signed totals of both methods and Σ|integrated gradients|. */
  perFeature: { feature: string; gradientTimesInput: number; integratedGradients: number; absolute: number }[];
}

export type AttributionTarget =
  | {
      task: 'forecast';
      /** The first target column, at `horizonStep` (1 = the next step) after the window. */
      name: string;
      horizonStep: number;
      /** Attributions are in the target's original units. */
      units: 'original';
      /** Model forecast, truth and naive forecast (the last value) for this window, original units. */
      prediction: number;
      truth: number;
      naive: number;
      /** The forecast for the baseline input (same window base), original units. */
      baselinePrediction: number;
      time: string | null;
    }
  | {
      task: 'classify';
      /** The predicted class; attributions are of its log-probability (nats). */
      className: string;
      classIndex: number;
      probability: number;
      truthClass: string;
      baselineProbability: number;
    }
  | {
      task: 'text';
      /** The character after the chunk; attributions are of its log-probability (nats) at the last step. */
      token: string;
      logProbability: number;
      baselineLogProbability: number;
      /** The character the model finds most likely there, and its probability. */
      predicted: string;
      predictedProbability: number;
    };

/** What `seqlab explain --diagnostics --json` prints: the diagnostics alone, with no window explained. */
export interface DiagnosticsReport {
  format: 'seqlab-diagnostics/1';
  split: ExplainSplit;
  diagnostics: Diagnostic[];
}

export type DiagnosticId = 'lag-trap' | 'collapse' | 'leakage-feature' | 'leakage-duplicates' | 'underfit' | 'overfit';

export interface Diagnostic {
  id: DiagnosticId;
  title: string;
  /** 'raised': the problem is there; 'clear': checked and not found; 'not-applicable': cannot be checked here
   *  (e.g. the lag trap of a classifier), `summary` says why. */
  status: 'raised' | 'clear' | 'not-applicable';
  /** One line with the numbers behind the verdict. */
  summary: string;
  /** One line: what to change (also present when clear, for the reader who wonders). */
  fix: string;
  /** The numbers the verdict was computed from, by name (e.g. maeModel, maeNaive, corrTruth, corrShifted). */
  measures: Record<string, number>;
  evidence: Evidence[];
}

/** What the panel plots beside a diagnostic. */
export type Evidence = SeriesEvidence | BarsEvidence | TimelineEvidence | MatchesEvidence;

export interface SeriesEvidence {
  kind: 'series';
  title: string;
  /** x values: epochs, window indices, or lags; `labels` (dates) when the data has a time column. */
  x: { name: string; values: number[]; labels: string[] | null };
  series: { name: string; role: SeriesRole; values: (number | null)[] }[];
  /** Vertical markers, e.g. the epoch overfitting began. */
  markers: { x: number; label: string }[];
}

export type SeriesRole = 'truth' | 'model' | 'baseline' | 'train' | 'validation' | 'other';

export interface BarsEvidence {
  kind: 'bars';
  title: string;
  unit: string;
  bars: { label: string; value: number; role: 'reference' | 'flagged' | 'normal' }[];
}

/** The split on a timeline: where each split begins and ends, in rows and (with a time column) dates. */
export interface TimelineEvidence {
  kind: 'timeline';
  title: string;
  /** The time column's name, or null (then `from`/`to` are null and rows are the axis). */
  axis: string | null;
  spans: { split: 'train' | 'validation' | 'test'; from: string | null; to: string | null; rows: number; windows: number }[];
}

/** Identical windows in training and in validation/test. */
export interface MatchesEvidence {
  kind: 'matches';
  title: string;
  /** Windows compared per split, and how many of each split have an identical training window. */
  checked: { split: 'validation' | 'test'; windows: number; matched: number }[];
  /** Up to 20 examples: a validation/test window and a training window with the same values. */
  examples: { split: 'validation' | 'test'; window: number; trainWindow: number; label: string; trainLabel: string }[];
}

/** Per epoch, each recurrent layer's gradient L2 norm per gate block (before clipping), averaged over the
 *  epoch's batches: norms[e][l][g] for epochs[e], layer l, gate gates[g]. */
export interface GradientNormHistory {
  gates: string[];
  epochs: number[];
  norms: number[][][];
}

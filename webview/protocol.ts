// The messages between a SeqLab panel's host (extension/) and its webview (webview/).
// Types only: both sides import this file with `import type`, so it adds no code to either bundle, and
// it carries the engine's own event types (through engine/types.ts) rather than copies of them.
// Discriminants are string literals rather than const enums: they survive per-file transpilation
// (esbuild, vitest) and read plainly in the webview's devtools.
//
// Flow: one panel per config. The host owns the data. When the webview says `ready` (and whenever the
// panel becomes visible again) the host sends one `snapshot` of every run of the config, built from the
// runs' metrics.jsonl and the live events; then, only while the panel is visible, `append` deltas (at
// most a few per second) and `runs` whenever a run's state, label or summary changes.
import type { BaselineName, EpochEvent, PredictionPreview, RunStatus, RunSummary, SampleEvent, Task, TaskMetrics } from '../engine/types';

/** The config a panel belongs to, as the webview displays it. */
export interface PanelConfig {
  /** The config's URI: the webview keeps it in its state so the panel is restored for the same config. */
  readonly id: string;
  /** The config's stem, e.g. `co2-concentration` for `co2-concentration.seqlab.json`. */
  readonly name: string;
  /** The config's path relative to the workspace folder (or absolute outside any folder). */
  readonly displayPath: string;
  /** The data file's path as the config names it. */
  readonly dataFile: string;
  /** Null until the config's first run starts (the config may not parse yet). */
  readonly task: Task | null;
}

/** What a run is doing now: the engine's `runState`, plus `queued` for a run waiting for a worker. */
export type RunStateKind = 'queued' | 'running' | 'running-elsewhere' | 'interrupted' | RunStatus;

/** Everything the panel shows about one run except its curves. */
export interface RunMeta {
  /** The run folder's name: unique within its config, stable across reloads. */
  readonly id: string;
  /** 0-based position of the run among its config's runs, in order of creation: picks its colour. */
  readonly index: number;
  /** What changed against the config's previous run (`model.hiddenSize 64→128`, `rerun`, …), from run.json. */
  readonly label: string;
  /** ISO time the run was created. */
  readonly created: string;
  readonly state: RunStateKind;
  readonly task: Task | null;
  /** Trainable parameters (from the start event). */
  readonly parameters: number | null;
  /** Epochs the run may train (from the start event). */
  readonly epochs: number | null;
  readonly bestEpoch: number | null;
  /** Seconds of training so far (sum of the epochs' durations), or of the whole run once it ended. */
  readonly seconds: number | null;
  /** The baselines' validation metrics, known from the start event on. */
  readonly baselines: Partial<Record<BaselineName, TaskMetrics>>;
  /** summary.json once the run has ended: test metrics and the baselines' test metrics. */
  readonly summary: RunSummary | null;
  /** Why the run failed or stopped, for the user. */
  readonly message: string | null;
}

/** Per-batch training loss, one entry per optimiser step, as parallel columns (compact to post). */
export interface BatchColumns {
  readonly step: Float64Array;
  readonly epoch: Float64Array;
  readonly loss: Float64Array;
}

/** A run's curves and what its model did: the per-batch columns, every epoch event, and its samples. */
export interface RunSeries {
  readonly batches: BatchColumns;
  /** Every epoch event, in order (each carries its optimiser step). */
  readonly epochs: readonly EpochEvent[];
  /** Text runs: every epoch's sample; forecast and classify runs: the latest only. */
  readonly samples: readonly SampleEvent[];
}

/** Host → webview. */
export type HostToWebview =
  /** Everything the panel shows, sent on `ready` and when the panel becomes visible again. */
  | { readonly type: 'snapshot'; readonly config: PanelConfig; readonly runs: readonly { readonly meta: RunMeta; readonly series: RunSeries }[] }
  /** The meta of every run of the config, whenever one changed; a run missing here was deleted. */
  | { readonly type: 'runs'; readonly runs: readonly RunMeta[] }
  /** New points of one run since the last message (a run's first `append` may follow its `runs`). */
  | { readonly type: 'append'; readonly id: string; readonly series: RunSeries }
  /** SeqLab: Predict wrote predictions with a model of this config (sent again after each snapshot). */
  | { readonly type: 'predictions'; readonly predictions: PanelPredictions };

/** Predictions written by SeqLab: Predict, and what of them the panel draws. */
export interface PanelPredictions {
  /** The run whose model.onnx predicted (its id, as in RunMeta). */
  readonly runId: string;
  /** The run's change label, for the caption. */
  readonly runLabel: string;
  /** The input CSV's name, and the predictions file's name beside it. */
  readonly input: string;
  readonly output: string;
  /** The last predicted rows beside the input's own values there (`seqlab predict --json`). */
  readonly preview: PredictionPreview;
}

/** Webview → host. The host checks each one with `isWebviewToHost` before acting on it. */
export type WebviewToHost =
  /** The webview's script ran and its chart exists; the host may now post messages. */
  | { readonly type: 'ready' }
  /** An uncaught error in the webview's script, for the SeqLab log. */
  | { readonly type: 'error'; readonly message: string }
  /** The webview's CSP blocked something: always a bug in SeqLab, so it is logged as an error. */
  | { readonly type: 'cspViolation'; readonly directive: string; readonly blockedUri: string }
  /** The user pressed Stop on a run. */
  | { readonly type: 'stop'; readonly id: string }
  /** Export the loss chart: a PNG as a `data:image/png;base64,` URL, saved where the user picks (the host writes files, never the webview). */
  | { readonly type: 'savePng'; readonly dataUrl: string }
  /** Export every run's per-epoch metrics: the CSV's rows, header first, saved where the user picks. */
  | { readonly type: 'saveCsv'; readonly rows: readonly (readonly CsvCell[])[] };

/** One cell of an exported CSV: a number at full precision, a string, or empty. */
export type CsvCell = string | number | null;

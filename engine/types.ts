// The engine's types that the panel's browser code may see: types only, no Node module behind them, so
// webview/ can `import type` them (eslint allows webview/** this module alone; engine/index.ts re-exports it).
export type {
  TrainingEvent, StartEvent, BatchEvent, EpochEvent, SampleEvent, Sample, CheckpointEvent, DoneEvent, ErrorEvent, WarningEvent, RunStatus,
} from './train/events';
export type { TaskMetrics, ForecastMetrics, ClassifyMetrics, TextMetrics, WordMetrics } from './eval/metrics';
export type { BaselineName } from './eval/baselines';
export type { Task } from './data/types';
export type { RunSummary } from './runs/summary';
export type { RunState, RunStateKind } from './runs/runState';
export type { RunLock } from './runs/lock';
export type { TrainingOutcome } from './train/outcome';
export type * from './explain/types';
// What `seqlab predict --out FILE --json` reports and the panel draws: the last predictions beside the input's values.
export type { PredictionPreview } from './runtime/predictPreview';

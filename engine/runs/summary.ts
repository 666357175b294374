// summary.json: a run's outcome in one small file that tools (the extension, scripts, CI) can read.
//   { task, status, epochs, bestEpoch, metrics: {val, test}, baselines: {<name>: {val, test}}, … }
// Each metrics object holds the task's scalars (mae, rmse, smape, mase + perStep | accuracy, macroF1 +
// confusion | bitsPerChar, perplexity for characters | perplexity, accuracy for words); the baselines
// have the same shape as the model's metrics.
import type { Task } from '../data/types';
import type { ModelScores } from '../eval/baselines';
import type { TaskMetrics } from '../eval/metrics';
import type { RunStatus } from '../train/events';
import type { TrainingOutcome } from '../train/outcome';
import { ENGINE_VERSION } from '../version';

export interface RunSummary {
  task: Task;
  status: RunStatus;
  epochs: number;
  bestEpoch: number;
  metrics: { val: TaskMetrics | null; test: TaskMetrics | null };
  baselines: Record<string, { val: TaskMetrics; test: TaskMetrics }>;
  message: string;
  model: string | null;
  engineVersion: string;
  configHash: string;
}

/** How the loop ended, with the best weights' scores (null when no epoch ended). */
export function buildSummary(task: Task, outcome: TrainingOutcome, scores: ModelScores | null, configHash: string, model: string | null): RunSummary {
  const baselines: RunSummary['baselines'] = {};
  for (const [name, value] of Object.entries(scores?.baselines ?? {})) if (value) baselines[name] = value;
  return {
    task,
    status: outcome.status,
    epochs: outcome.epochs,
    bestEpoch: outcome.bestEpoch,
    metrics: { val: scores?.validation.metrics ?? null, test: scores?.test.metrics ?? null },
    baselines,
    message: outcome.message,
    model,
    engineVersion: ENGINE_VERSION,
    configHash,
  };
}

/**
 * A run that ended with an error, or whose trainer died and was released: no metrics, the reason, and
 * how far it got (from its checkpoint, when it has one).
 */
export function failedSummary(task: Task, reason: string, configHash: string, progress: { epochs: number; bestEpoch: number }): RunSummary {
  return {
    task, status: 'failed', epochs: progress.epochs, bestEpoch: progress.bestEpoch, metrics: { val: null, test: null }, baselines: {},
    message: reason, model: null, engineVersion: ENGINE_VERSION, configHash,
  };
}

/** The scalar metric names of a task, in the order tables show them; a text model's metrics tell a
 *  word model (perplexity, accuracy) from a character model (bits per character, perplexity). */
export function scalarMetricNames(task: Task, metrics?: TaskMetrics | null): string[] {
  if (task === 'text') return metrics && !('bitsPerChar' in metrics) ? ['perplexity', 'accuracy'] : ['bitsPerChar', 'perplexity'];
  return task === 'forecast' ? ['mae', 'rmse', 'smape', 'mase'] : ['accuracy', 'macroF1'];
}

/** Lower is better for every metric but accuracy and macro-F1. */
export function higherIsBetter(metric: string): boolean {
  return metric === 'accuracy' || metric === 'macroF1';
}

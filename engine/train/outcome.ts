// How a run ended, with the best weights' evaluations: what the loop hands back to the run session.
// A file of its own (types only) so that the summary's type does not pull the loop into the webview.
import type { BaselineName } from '../eval/baselines';
import type { SplitEvaluation } from '../eval/evaluate';
import type { TaskMetrics } from '../eval/metrics';
import type { RunStatus } from './events';

export interface TrainingOutcome {
  status: RunStatus;
  message: string;
  epochs: number;
  bestEpoch: number;
  /** With the best weights (absent when the run stopped or failed before any epoch ended). */
  validation: SplitEvaluation | null;
  test: SplitEvaluation | null;
  baselines: Partial<Record<BaselineName, { val: TaskMetrics; test: TaskMetrics }>>;
}

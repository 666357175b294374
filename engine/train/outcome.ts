// How the training loop ended: what it hands back to the run session, which then scores the best
// weights, exports them and writes the summary. A file of its own (types only) so that the summary's
// type does not pull the loop into the webview.
import type { RunStatus } from './events';

export interface TrainingOutcome {
  status: RunStatus;
  /** Why it ended, for the user ('' when it simply completed). */
  message: string;
  /** Epochs completed, and the epoch whose weights were best on validation (0: none ended). */
  epochs: number;
  bestEpoch: number;
}

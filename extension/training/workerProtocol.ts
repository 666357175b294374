// The messages between the extension host and a training worker (dist/trainWorker.js): types only,
// imported with `import type` on both sides. One worker trains one run. Stop and the thread count
// travel through shared memory (`WorkerControl`), not messages: the training loop polls them before
// every batch, while a message would wait for the worker's event loop.
import type { TrainingEvent } from '../../engine/index';

/** What the worker is asked to do, as its `workerData.job`. */
export type WorkerJob =
  | {
    readonly kind: 'start';
    /** Absolute path of the config: the record of the run, and the base of its relative paths. */
    readonly configFile: string;
    /** The config as parsed JSON when it differs from the saved file (an unsaved, valid edit). */
    readonly config?: unknown;
    /** The run folder, chosen by the host so it can name the run before the worker starts. */
    readonly runDir: string;
    readonly epochs?: number;
    /** What changed against the config's previous run (stored in run.json). */
    readonly label: string;
    /** The run-folder lock's token: identifies this trainer when the host must release its lock. */
    readonly token: string;
    /** Tests only: a lower limit of the SIMD kernels' memory, so that it fills without 4 GiB. */
    readonly arenaLimitBytes?: number;
  }
  | { readonly kind: 'resume'; readonly runDir: string; readonly token: string };

export interface WorkerData {
  readonly job: WorkerJob;
  /** Shared Int32 cells (workerControl.ts): written by the host, read by the worker between batches. */
  readonly control: SharedArrayBuffer;
}

/** Worker → host. */
export type WorkerToHost =
  /** Events in order. Batch events come grouped (at most ~10 messages a second); others at once. */
  | { readonly type: 'events'; readonly events: readonly TrainingEvent[] }
  /** Something the user should know that is not a failure (e.g. slower kernels). */
  | { readonly type: 'warning'; readonly message: string }
  /** The run ended (any status, including `stopped`): its summary is on disk. */
  | {
    readonly type: 'finished'; readonly runDir: string; readonly status: string;
    /** Batches that ended after the stop flag was set: at most the one in progress (0 or 1). */
    readonly batchesAfterStop: number;
  }
  /** Ended at its next batch on the host's interrupt: checkpoint kept, no summary, lock released. */
  | { readonly type: 'interrupted'; readonly message: string }
  /** The run could not start or broke: `userError` for the user's input (data, config, disk). */
  | { readonly type: 'failed'; readonly message: string; readonly userError: boolean };

import { parentPort, workerData } from 'node:worker_threads';
import { isSeqLabError, resumeRun, startRun, type RunHandlers, type TrainingEvent } from '../../engine/index';
import { EventBatcher } from './eventBatcher';
import { WorkerControl } from './workerControl';
import type { WorkerData, WorkerToHost } from './workerProtocol';

// The training worker (dist/trainWorker.js): one run per worker, started by extension/training/
// trainingWorker.ts. It runs the engine's own startRun/resumeRun, which install the SIMD kernels in
// this thread and write the run folder; the host only listens. Events go to the host in order, batch
// events grouped (eventBatcher.ts).

const port = parentPort;
if (!port) throw new Error('trainWorker.js runs as a worker thread');
const { job, control: buffer } = workerData as WorkerData;
const control = new WorkerControl(buffer);

function post(message: WorkerToHost): void {
  port?.postMessage(message);
}

/** Batch events emitted once the stop flag was up: the loop checks it before every batch, so at most 1. */
let batchesAfterStop = 0;
const batcher = new EventBatcher((events: TrainingEvent[]) => post({ type: 'events', events }));
const handlers: RunHandlers = {
  onEvent(event) {
    if (event.type === 'batch' && control.stopRequested) batchesAfterStop++;
    batcher.push(event);
    // The checkpoint of a stop is on disk (with the events before it) when its event is emitted:
    // ending here leaves the run interrupted and resumable from that batch, with no summary.
    if (event.type === 'checkpoint' && control.interruptRequested) {
      batcher.flush();
      process.exit(0);
    }
  },
  shouldStop: () => control.stopRequested,
  // The host rebalances threads when runs start or end (it sets them before the worker starts).
  threads: () => Math.max(1, control.threads),
  onWarning: (message) => post({ type: 'warning', message }),
};

async function main(): Promise<void> {
  try {
    const threads = control.threads > 0 ? control.threads : undefined;
    const result = job.kind === 'start'
      ? await startRun({ configFile: job.configFile, config: job.config, runDir: job.runDir, epochs: job.epochs, threads, label: job.label, token: job.token }, handlers)
      : await resumeRun(job.runDir, handlers, { token: job.token });
    batcher.flush();
    post({ type: 'finished', runDir: result.runDir, status: result.summary.status, batchesAfterStop });
  } catch (error) {
    batcher.flush();
    post(isSeqLabError(error)
      ? { type: 'failed', message: error.describe(), userError: true }
      : { type: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error), userError: false });
  }
}

void main();

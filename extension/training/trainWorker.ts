import { parentPort, workerData } from 'node:worker_threads';
import { isSeqLabError, resumeRun, setArenaLimit, startRun, type RunHandlers, type TrainingEvent } from '../../engine/index';
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
  },
  shouldStop: () => control.stopRequested,
  // Deactivation: the run ends at its next batch, its checkpoint saved and its lock released, unscored
  // and without a summary, so it is interrupted and resumes exactly.
  shouldInterrupt: () => control.interruptRequested,
  // The host rebalances threads when runs start or end (it sets them before the worker starts).
  threads: () => Math.max(1, control.threads),
  onWarning: (message) => post({ type: 'warning', message }),
};

async function main(): Promise<void> {
  if (job.kind === 'start' && job.arenaLimitBytes !== undefined) setArenaLimit(job.arenaLimitBytes);
  try {
    const threads = control.threads > 0 ? control.threads : undefined;
    const result = job.kind === 'start'
      ? await startRun({ configFile: job.configFile, config: job.config, runDir: job.runDir, epochs: job.epochs, threads, label: job.label, token: job.token }, handlers)
      : await resumeRun(job.runDir, handlers, { token: job.token });
    batcher.flush();
    post({ type: 'finished', runDir: result.runDir, status: result.summary.status, batchesAfterStop });
  } catch (error) {
    batcher.flush();
    if (isSeqLabError(error) && error.code === 'STOPPED' && control.interruptRequested) {
      post({ type: 'interrupted', message: error.message });
      return;
    }
    post(isSeqLabError(error)
      ? { type: 'failed', message: error.describe(), userError: true }
      : { type: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error), userError: false });
  }
}

void main();

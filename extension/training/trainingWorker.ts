import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import type { TrainingEvent } from '../../engine/index';
import { WorkerControl } from './workerControl';
import type { WorkerData, WorkerJob, WorkerToHost } from './workerProtocol';

// The host's side of one training worker. The worker reports events, then `finished` or `failed`;
// anything else that ends it (an uncaught error, terminate(), running out of its heap limit) is
// `crashed`, and the caller then releases the run's lock through the engine so the run is recorded
// as failed. The extension host and other workers carry on either way.

export type WorkerEnd =
  | { readonly kind: 'finished'; readonly status: string; readonly batchesAfterStop: number }
  | { readonly kind: 'failed'; readonly message: string; readonly userError: boolean }
  | { readonly kind: 'crashed'; readonly message: string }
  /** Ended on purpose at its next batch (deactivation): checkpoint kept, no summary, resumable. */
  | { readonly kind: 'interrupted'; readonly message: string };

export interface WorkerListener {
  onEvents(events: readonly TrainingEvent[]): void;
  onWarning(message: string): void;
  onEnd(end: WorkerEnd): void;
}

/** The worker's V8 heap limit. The WASM arena is outside it, which the memory check guards instead. */
const HEAP_LIMIT_MB = 2048;

export class TrainingWorker {
  private readonly control = new WorkerControl();
  private readonly worker: Worker;
  private end: WorkerEnd | undefined;
  private settleEnded: (end: WorkerEnd) => void = () => undefined;
  /** Resolves with how the worker ended (also after the host's listeners were disposed). */
  readonly ended = new Promise<WorkerEnd>((resolve) => (this.settleEnded = resolve));

  constructor(script: string, job: WorkerJob, threads: number, private readonly listener: WorkerListener) {
    this.control.threads = threads;
    const workerData: WorkerData = { job, control: this.control.buffer };
    this.worker = new Worker(script, { workerData, resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB }, stdout: false, stderr: false });
    this.worker.on('message', (message: WorkerToHost) => this.receive(message));
    this.worker.on('error', (error: Error & { code?: string }) => this.settle({
      kind: 'crashed',
      message: error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? vscode.l10n.t('the training worker ran out of memory ({0} MB heap)', HEAP_LIMIT_MB)
        : vscode.l10n.t('the training worker failed: {0}', error.message),
    }));
    this.worker.on('exit', (code) => this.settle({ kind: 'crashed', message: vscode.l10n.t('the training worker stopped unexpectedly (exit code {0})', code) }));
  }

  /** Asks the run to stop: the loop sees it before its next batch, then scores and exports the best weights. */
  stop(): void {
    this.control.requestStop();
  }

  /** Ends the run at its next batch, checkpoint saved, without scoring or a summary (deactivation). */
  interrupt(): void {
    this.control.requestInterrupt();
  }

  get stopRequested(): boolean {
    return this.control.stopRequested;
  }

  /** Takes effect before the next batch. */
  setThreads(threads: number): void {
    this.control.threads = threads;
  }

  /** Ends the worker at once (the run is then `crashed` unless it had already ended). */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }


  private receive(message: WorkerToHost): void {
    switch (message.type) {
      case 'events':
        this.listener.onEvents(message.events);
        return;
      case 'warning':
        this.listener.onWarning(message.message);
        return;
      case 'finished':
        this.settle({ kind: 'finished', status: message.status, batchesAfterStop: message.batchesAfterStop });
        return;
      case 'interrupted':
        this.settle({ kind: 'interrupted', message: message.message });
        return;
      case 'failed':
        this.settle({ kind: 'failed', message: message.message, userError: message.userError });
        return;
    }
  }

  /** The first ending wins: a worker that reported `finished` then exits is not a crash. */
  private settle(end: WorkerEnd): void {
    if (this.end) return;
    this.end = end;
    this.settleEnded(end);
    this.listener.onEnd(end);
  }
}

import * as crypto from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultRunDir, readRunEventsFrom, releaseInterruptedRun, releaseRun, type TrainingEvent } from '../../engine/index';
import { Disposable } from '../dispose';
import { showErrorWithLog } from '../notify';
import { reportEvents } from './eventReport';
import { eventsUpToCheckpoint, SeriesStore } from '../runs/seriesStore';
import { trainingSettings } from '../settings';
import { threadsPerRun } from './threads';
import { TrainingWorker, type WorkerEnd } from './trainingWorker';
import type { WorkerJob } from './workerProtocol';

// The runs this window trains: at most `seqlab.training.maxConcurrentRuns` workers at once, the rest
// queued in order; the threads of each running worker follow how many are training. The host only
// listens to the workers: the engine writes every run file. A worker that dies is released through
// the engine, which records the run as failed.

export type LivePhase = 'queued' | 'training' | 'finishing' | 'ended';

export interface LiveRun {
  readonly id: string;
  readonly runDir: string;
  readonly configFile: string;
  readonly label: string;
  readonly created: string;
  phase: LivePhase;
  /** Every event this window received (for a resumed run: from metrics.jsonl first). */
  readonly store: SeriesStore;
  end: WorkerEnd | null;
}

export interface StartRequest {
  readonly configFile: string;
  /** The config as parsed JSON when it differs from the saved file. */
  readonly config?: unknown;
  readonly label: string;
  readonly epochs?: number;
  /** Tests only: see WorkerJob. */
  readonly arenaLimitBytes?: number;
}

interface Entry {
  readonly run: LiveRun;
  readonly job: WorkerJob;
  worker: TrainingWorker | null;
  /** The warning codes this run has shown (each is shown once). */
  readonly warned: Set<string>;
  /**
   * A resumed run's worker messages wait, in order, for its earlier events to be read from
   * metrics.jsonl (in the background, so a long log never stalls the host); null for a new run.
   */
  queue: Promise<void> | null;
  history: TrainingEvent[];
}

export class RunManager extends Disposable {
  private readonly entries = new Map<string, Entry>();
  /** Deactivation began: runs are being interrupted and nothing new starts. */
  private shuttingDown = false;
  private readonly changeEmitter = this.register(new vscode.EventEmitter<LiveRun>());
  /** A run was added, changed phase, or ended. */
  readonly onDidChangeRun = this.changeEmitter.event;
  private readonly eventsEmitter = this.register(new vscode.EventEmitter<{ run: LiveRun; events: readonly TrainingEvent[] }>());
  /** New events of a live run, already appended to its store. */
  readonly onDidReceiveEvents = this.eventsEmitter.event;

  constructor(private readonly workerScript: string, private readonly log: vscode.LogOutputChannel) {
    super();
  }

  /** Starts a new run of `configFile` now, or queues it. */
  start(request: StartRequest): LiveRun {
    const runDir = this.freshRunDir(request.configFile);
    const token = crypto.randomUUID();
    const job: WorkerJob = {
      kind: 'start', configFile: request.configFile, config: request.config, runDir, epochs: request.epochs, label: request.label, token,
      arenaLimitBytes: request.arenaLimitBytes,
    };
    return this.enqueue(job, request.configFile, request.label, new SeriesStore());
  }

  /** Resumes an interrupted or stopped run (its curve so far is read when the worker says where it resumes). */
  resume(runDir: string, configFile: string, label: string): LiveRun {
    const run = this.enqueue({ kind: 'resume', runDir, token: crypto.randomUUID() }, configFile, label, new SeriesStore());
    const entry = this.entries.get(runDir);
    if (entry) {
      entry.queue = readRunEventsFrom(runDir).then(({ events }) => {
        entry.history = events;
      }, (error: unknown) => {
        this.log.warn(`${run.id}: its curve before the resume could not be read (${error instanceof Error ? error.message : String(error)})`);
      });
    }
    return run;
  }

  /** Stops a run: a queued one never starts; a training one stops within one batch. */
  stop(runDir: string): boolean {
    const entry = this.entries.get(runDir);
    if (!entry || entry.run.phase === 'ended') return false;
    if (!entry.worker) {
      this.drop(entry);
      return true;
    }
    entry.worker.stop();
    entry.run.phase = 'finishing';
    this.changed(entry.run);
    this.balanceThreads();
    return true;
  }

  get(runDir: string): LiveRun | undefined {
    return this.entries.get(runDir)?.run;
  }

  /** Live and queued runs (ended ones stay until the window closes, for their series). */
  all(): LiveRun[] {
    return [...this.entries.values()].map((entry) => entry.run);
  }

  isActive(runDir: string): boolean {
    const phase = this.entries.get(runDir)?.run.phase;
    return phase !== undefined && phase !== 'ended';
  }

  /** Terminates a run's worker at once, as a crash would (tests use it; the run ends `failed`). */
  async terminate(runDir: string): Promise<boolean> {
    const worker = this.entries.get(runDir)?.worker;
    if (!worker) return false;
    await worker.terminate();
    return true;
  }

  /**
   * Deactivation: every run in a worker ends at its next batch, its checkpoint saved and its lock
   * released, without a summary, so it is interrupted and resumes exactly; queued runs are dropped.
   * VS Code gives deactivate() 5 seconds: a worker still busy after `timeoutMs` (scoring, or a very
   * long batch) is terminated and its run released as interrupted, from its last checkpoint.
   */
  async interruptAll(timeoutMs = 3000): Promise<void> {
    this.shuttingDown = true;
    const working = [...this.entries.values()].filter((entry) => {
      if (entry.run.phase === 'queued') this.drop(entry);
      entry.worker?.interrupt();
      return entry.worker !== null;
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, timeoutMs, 'late')));
    await Promise.all(working.map(async ({ worker }) => {
      if (worker && (await Promise.race([worker.ended, late])) === 'late') await worker.terminate();
    }));
    clearTimeout(timer);
  }

  private enqueue(job: WorkerJob, configFile: string, label: string, store: SeriesStore): LiveRun {
    const run: LiveRun = {
      id: path.basename(job.runDir), runDir: job.runDir, configFile, label, created: new Date().toISOString(),
      phase: 'queued', store, end: null,
    };
    this.entries.set(job.runDir, { run, job, worker: null, warned: new Set(), queue: null, history: [] });
    this.changed(run);
    this.startQueued();
    return run;
  }

  private startQueued(): void {
    if (this.shuttingDown) return;
    const { maxConcurrentRuns } = trainingSettings();
    for (const entry of this.entries.values()) {
      if (this.running().length >= maxConcurrentRuns) break;
      if (entry.run.phase !== 'queued') continue;
      entry.run.phase = 'training';
      entry.worker = new TrainingWorker(this.workerScript, entry.job, this.threadsFor(this.training().length + 1), {
        onEvents: (events) => this.inOrder(entry, () => this.receive(entry, events)),
        onWarning: (message) => this.log.warn(`${entry.run.id}: ${message}`),
        onEnd: (end) => this.inOrder(entry, () => this.finish(entry, end)),
      });
      this.log.info(`${entry.run.id}: ${entry.job.kind === 'resume' ? 'resuming' : 'starting'} (${entry.run.label})`);
      this.changed(entry.run);
    }
    this.balanceThreads();
  }

  /** Runs `step` now, or after what the entry's queue holds (a resumed run's history being read). */
  private inOrder(entry: Entry, step: () => void): void {
    if (entry.queue === null) step();
    else entry.queue = entry.queue.then(step).catch((error: unknown) => this.log.error(`${entry.run.id}: ${String(error)}`));
  }

  private receive(entry: Entry, events: readonly TrainingEvent[]): void {
    const first = events[0];
    if (first?.type === 'start' && first.resumedAt && entry.run.store.start === null) {
      // The curve so far: the log up to the checkpoint the run resumes from (the resume cuts the rest).
      entry.run.store.append(eventsUpToCheckpoint(entry.history, first.resumedAt));
      entry.history = [];
    }
    entry.run.store.append(events);
    reportEvents(this.log, entry.run.id, events, entry.warned);
    // After its last epoch a run only scores and exports: it no longer needs the threads.
    if (events.some((event) => event.type === 'epoch' && event.epoch === entry.run.store.start?.epochs)) this.markFinishing(entry);
    this.eventsEmitter.fire({ run: entry.run, events });
  }

  private markFinishing(entry: Entry): void {
    if (entry.run.phase !== 'training') return;
    entry.run.phase = 'finishing';
    this.changed(entry.run);
    this.balanceThreads();
  }

  private finish(entry: Entry, end: WorkerEnd): void {
    if (entry.run.phase === 'ended') return;
    const { run, job } = entry;
    run.phase = 'ended';
    run.end = end;
    if (end.kind === 'crashed' && this.shuttingDown) {
      // Terminated on purpose (deactivation took too long): interrupted, from its last checkpoint.
      releaseInterruptedRun(run.runDir, job.token);
    } else if (this.isDisposed) {
      // After deactivation the log and notifications are gone; the run folder says how it ended.
    } else if (end.kind === 'crashed') {
      // The worker died without ending its run: the engine records it as failed, with why.
      const released = releaseRun(run.runDir, job.token, end.message);
      showErrorWithLog(this.log, vscode.l10n.t('{0}: {1}', run.id, end.message) + (released ? vscode.l10n.t(' (recorded as failed)') : ''));
    } else if (end.kind === 'failed') {
      // A user's error is one described line (file, row, column, hint); anything else is a bug, whose
      // stack goes to the log only.
      const [headline] = end.message.split('\n');
      if (!end.userError) this.log.error(`${run.id}: ${end.message}`);
      showErrorWithLog(this.log, vscode.l10n.t('{0}: {1}', run.id, end.userError ? end.message : vscode.l10n.t('internal error: {0}', headline)));
    } else if (end.kind === 'interrupted') {
      this.log.info(`${run.id}: ${end.message}; resume it from the Runs view`);
    }
    entry.worker = null;
    this.changed(run);
    this.startQueued();
  }

  /** A queued run that never started: no folder, nothing to keep. */
  private drop(entry: Entry): void {
    this.entries.delete(entry.run.runDir);
    entry.run.phase = 'ended';
    entry.run.end = { kind: 'finished', status: 'stopped', batchesAfterStop: 0 };
    this.changed(entry.run);
  }

  private running(): Entry[] {
    return [...this.entries.values()].filter((entry) => entry.worker !== null);
  }

  private training(): Entry[] {
    return this.running().filter((entry) => entry.run.phase === 'training');
  }

  private threadsFor(trainingRuns: number): number {
    return threadsPerRun(trainingSettings().threads, trainingRuns, os.availableParallelism());
  }

  /** Each training run's threads for the current number of training runs, from its next batch on. */
  private balanceThreads(): void {
    const training = this.training();
    const threads = this.threadsFor(training.length);
    for (const entry of training) entry.worker?.setThreads(threads);
  }

  /** The engine's default run folder, made unique among the runs this window has not started yet. */
  private freshRunDir(configFile: string): string {
    const base = defaultRunDir(configFile);
    let dir = base;
    for (let n = 2; this.entries.has(dir); n++) dir = `${base}-${n}`;
    return dir;
  }

  private changed(run: LiveRun): void {
    this.changeEmitter.fire(run);
  }

  /**
   * VS Code disposes the subscriptions right after calling deactivate(), without waiting for it: the
   * workers are asked to interrupt, not terminated, so that interruptAll can still wait for them.
   */
  override dispose(): void {
    this.shuttingDown = true;
    for (const entry of this.entries.values()) entry.worker?.interrupt();
    super.dispose();
  }
}

// Starting and resuming runs: config → data → run folder (under its lock) → training loop → the best
// weights scored and exported → summary. The CLI and the extension's training worker both call these.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig, resolveDataFile, validateConfig } from '../config/load';
import { assertMemoryFits } from '../config/memoryCheck';
import { prepareData } from '../data/prepare';
import type { PreparedData, Task } from '../data/types';
import { scoreModel } from '../eval/baselines';
import { isSeqLabError, SeqLabError } from '../errors';
import type { CheckpointEvent, DoneEvent, TrainingEvent } from '../train/events';
import { runTraining } from '../train/loop';
import { setupFromConfig } from '../train/setup';
import { RunWarnings } from '../train/warnings';
import { createTrainingState, encodeTrainingState, kernelsOf, readTrainingCheckpoint, restoreTrainingState, type TrainingState } from '../train/state';
import { ENGINE_VERSION } from '../version';
import { configHash } from './configHash';
import { metricsOf, writeRunModel } from './exportModel';
import { installRunKernels, type InstalledKernels } from './kernels';
import { acquireRunLock, type HeldRunLock } from './lock';
import { dataIdentity, openRunData, relativeToRun, type DataIdentity } from './runData';
import { createDefaultRunDir, importedRunError, RunFolder, runOrigin, type RunInfo } from './runFolder';
import { buildSummary, failedSummary, type RunSummary } from './summary';

export interface RunHandlers {
  onEvent(event: TrainingEvent): void;
  /** Polled before every batch: true stops the run there (its checkpoint is saved, its best weights scored). */
  shouldStop(): boolean;
  /**
   * Polled before every batch with `shouldStop`: true ends the run there as a stop does (its checkpoint
   * saved and logged) but leaves it unfinished: nothing is scored, no summary is written, and the lock is
   * released, so `runState` says interrupted and `resumeRun` continues it exactly. startRun/resumeRun then
   * reject with a SeqLabError of code STOPPED. For a trainer that is shutting down (an editor window
   * closing or reloading, SIGTERM), where Stop is the user's choice to end a run.
   */
  shouldInterrupt?(): boolean;
  /** Things the user should know that are not failures (a resume on other kernels, a stale lock taken over). */
  onWarning?(message: string): void;
  /** Polled before every batch: the SIMD threads (1, or 2: up to two, engine/runs/kernels.ts) from then on. Results do not depend on it. */
  threads?(): number;
}

export interface RunResult {
  runDir: string;
  summary: RunSummary;
}

export interface StartOptions {
  /** Where the config lives: relative paths in it resolve against it, and run.json records it. */
  configFile: string;
  /** The config as parsed JSON (e.g. an editor's unsaved text), validated here; default: read configFile. */
  config?: unknown;
  /** Default: <config folder>/.seqlab/runs/<yyyymmdd-hhmmss>-<name>/. */
  runDir?: string;
  /** Caps the epochs (early stopping still applies). */
  epochs?: number;
  /** Threads for the SIMD kernels at the start (default: 2 where there are two cores). */
  threads?: number;
  /** What changed against the config's previous run (e.g. "model.hiddenSize 64→128"), kept in run.json. */
  label?: string;
  /** The run.lock token (default: a random one); the extension host keeps it to release a dead worker's run. */
  token?: string;
}

export async function startRun(options: StartOptions, handlers: RunHandlers): Promise<RunResult> {
  const configFile = path.resolve(options.configFile);
  const config = options.config === undefined ? loadConfig(configFile).config : validateConfig(options.config, configFile);
  const dataFile = resolveDataFile(config, configFile);
  // The data's identity is taken before it is read, so a file changing during the read is refused by a resume.
  let identity: DataIdentity | null = await dataIdentity(dataFile).catch(() => null); // missing: prepareData says so
  await assertMemoryFits(config, configFile); // before the data is read: from a scan of its file
  const data = await prepareData(config, configFile, dataFile);
  await assertMemoryFits(config, configFile, data); // exactly, before anything is written
  identity ??= await dataIdentity(dataFile);
  const setup = setupFromConfig(config, data, options.epochs);
  const hash = configHash(config);
  let runDir: string;
  if (options.runDir) {
    runDir = path.resolve(options.runDir);
    fs.mkdirSync(runDir, { recursive: true });
  } else {
    runDir = createDefaultRunDir(configFile);
  }
  const info: RunInfo = {
    configFile, dataFile, relative: { configFile: relativeToRun(runDir, configFile), dataFile: relativeToRun(runDir, dataFile) },
    data: identity, engineVersion: ENGINE_VERSION, configHash: hash, created: new Date().toISOString(), label: options.label ?? null,
  };
  const ended = await underLock(runDir, options.token, handlers, async (lock) => {
    const run = RunFolder.claim(runDir, lock);
    let state: TrainingState | null = null;
    try {
      run.begin(config, info);
      const warnings = new RunWarnings();
      const kernels = installRunKernels(undefined, options.threads, warnings.warn);
      try {
        state = createTrainingState(setup, kernels.allocator, kernels.use);
        return await train(run, state, data, hash, kernels, handlers, warnings);
      } finally {
        kernels.dispose();
      }
    } catch (error) {
      recordFailure(run, lock, config.data.task, hash, state, error);
      throw error;
    } finally {
      run.close();
    }
  });
  return endOf(runDir, ended, handlers);
}

export async function resumeRun(runDir: string, handlers: RunHandlers, options: { token?: string } = {}): Promise<RunResult> {
  const dir = path.resolve(runDir);
  RunFolder.check(dir);
  const origin = runOrigin(dir);
  if (origin) throw importedRunError(dir, origin);
  const ended = await underLock(dir, options.token, handlers, async (lock) => {
    const run = RunFolder.open(dir, lock);
    const previous = fs.existsSync(run.file('summary')) ? run.readJson<RunSummary>('summary') : null;
    if (previous && (previous.status === 'completed' || previous.status === 'early-stopped')) {
      throw new SeqLabError('BAD_ARGUMENT', `the run already finished (${previous.status} after ${previous.epochs} epochs)`, { file: dir }, "Start a new run with 'seqlab train'.");
    }
    const checkpoint = readTrainingCheckpoint(run.readCheckpoint(), run.file('checkpoint'));
    const { config, data } = await openRunData(run);
    const hash = checkpoint.header.configHash;
    if (hash !== configHash(config)) {
      throw new SeqLabError('BAD_CONFIG', 'config.json no longer matches the config the checkpoint was made with', { file: run.file('config') }, 'Restore the original config.json, or start a new run.');
    }
    // The checks are done (a refused resume leaves the folder as it was): from here on the run trains
    // again, and an error ends it as failed.
    let state: TrainingState | null = null;
    const warnings = new RunWarnings();
    const kernels = installRunKernels(kernelsOf(checkpoint), undefined, warnings.warn);
    try {
      if (kernels.warning) handlers.onWarning?.(kernels.warning);
      const missing = run.continueLog(checkpoint.header.logBytes ?? null);
      if (missing) handlers.onWarning?.(missing);
      state = restoreTrainingState(checkpoint, kernels.allocator).state;
      state.kernels = kernels.use;
      return await train(run, state, data, hash, kernels, handlers, warnings);
    } catch (error) {
      recordFailure(run, lock, config.data.task, hash, state, error);
      throw error;
    } finally {
      run.close();
      kernels.dispose();
    }
  });
  return endOf(dir, ended, handlers);
}

/** After the lock is released (the run is over for whoever looks): `done` to the caller, or the interruption. */
function endOf(runDir: string, ended: Ended, handlers: RunHandlers): RunResult {
  if ('interruptedAt' in ended) {
    const { epoch, batch } = ended.interruptedAt;
    throw new SeqLabError('STOPPED', `interrupted after epoch ${epoch}${batch > 0 ? `, batch ${batch}` : ''}; its checkpoint is kept and it has no summary yet`, { file: runDir }, `Continue it with 'seqlab resume ${runDir}'.`);
  }
  handlers.onEvent(ended.done);
  return ended.result;
}

async function underLock<T>(runDir: string, token: string | undefined, handlers: RunHandlers, body: (lock: HeldRunLock) => Promise<T>): Promise<T> {
  const lock = acquireRunLock(runDir, { token, onWarning: handlers.onWarning });
  try {
    return await body(lock);
  } finally {
    lock.release();
  }
}

/** How `train` left the run: ended (the caller passes `done` on), or interrupted at its checkpoint. */
type Ended = { result: RunResult; done: DoneEvent } | { interruptedAt: { epoch: number; batch: number } };

/**
 * The loop, then the end of the run: the best weights scored and exported, `done` logged, the summary.
 * An interrupted run ends at its stop checkpoint instead, unscored and without a summary.
 */
async function train(
  run: RunFolder, state: TrainingState, data: PreparedData, hash: string, kernels: InstalledKernels, handlers: RunHandlers, warnings: RunWarnings,
): Promise<Ended> {
  const emit = (event: TrainingEvent): void => {
    if (event.type !== 'checkpoint') run.record(event); // saveCheckpoint logged it, before the checkpoint
    handlers.onEvent(event);
    if (event.type === 'start') warnings.open(emit); // warnings held back until the run has started
  };
  let interrupted = false;
  const outcome = await runTraining(state, data, {
    emit,
    shouldStop() {
      interrupted ||= handlers.shouldInterrupt?.() === true;
      return interrupted || handlers.shouldStop();
    },
    beforeBatch() {
      kernels.beforeBatch(handlers.threads?.());
    },
    saveCheckpoint(current) {
      const event: CheckpointEvent = { type: 'checkpoint', epoch: current.progress.epoch, batch: current.progress.batch, file: run.file('checkpoint') };
      run.saveCheckpoint(event, (logBytes) => encodeTrainingState(current, hash, logBytes));
      return event;
    },
  });
  // The loop saved (and logged) the checkpoint where it stopped: the run stays resumable from there.
  if (interrupted && outcome.status === 'stopped') return { interruptedAt: { epoch: state.progress.epoch, batch: state.progress.batch } };
  const { model, best, setup } = state;
  let scores = null;
  if (best.epoch > 0) {
    model.params.set(best.params);
    scores = scoreModel(model, data, setup.loss, setup.batchSize);
  }
  const summary = buildSummary(data.task, outcome, scores, hash, null);
  if (scores && data.config.export.onnx) {
    summary.model = run.writeWith('model', (file) => writeRunModel(file, { spec: setup.spec, layout: model.layout, params: best.params, data, configHash: hash, metrics: metricsOf(summary) }));
  }
  const done: DoneEvent = { type: 'done', status: outcome.status, epochs: outcome.epochs, bestEpoch: outcome.bestEpoch, message: outcome.message };
  run.finish(done, summary);
  return { result: { runDir: run.dir, summary }, done };
}

/**
 * A run that ended with an error records it through the engine: the error and a `failed` done event in
 * the log, and a failed summary with the reason; then the error goes on to the caller. Not when another
 * trainer took the folder over (its lock is no longer ours), and never at the cost of the first error.
 */
function recordFailure(run: RunFolder, lock: HeldRunLock, task: Task, hash: string, state: TrainingState | null, error: unknown): void {
  try {
    lock.verify();
  } catch {
    return;
  }
  const reason = isSeqLabError(error) ? error.describe() : `internal error: ${(error as Error)?.message ?? String(error)}`;
  const progress = { epochs: state?.progress.epoch ?? 0, bestEpoch: state?.best.epoch ?? 0 };
  try {
    run.fail([
      { type: 'error', code: isSeqLabError(error) ? error.code : 'INTERNAL', message: reason },
      { type: 'done', status: 'failed', ...progress, message: reason },
    ], failedSummary(task, reason, hash, progress));
  } catch {
    /* the disk may be what failed: the lock is still released and the error reported */
  }
}

// Starting and resuming runs: config → data → run folder (under its lock) → training loop → the best
// weights scored and exported → summary. The CLI and the extension's training worker both call these.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig, resolveDataFile, validateConfig } from '../config/load';
import { prepareData } from '../data/prepare';
import type { PreparedData } from '../data/types';
import { scoreModel } from '../eval/baselines';
import { SeqLabError } from '../errors';
import type { DoneEvent, TrainingEvent } from '../train/events';
import { runTraining } from '../train/loop';
import { setupFromConfig } from '../train/setup';
import { createTrainingState, encodeTrainingState, kernelsOf, readTrainingCheckpoint, restoreTrainingState, type TrainingState } from '../train/state';
import { ENGINE_VERSION } from '../version';
import { configHash } from './configHash';
import { metricsOf, writeRunModel } from './exportModel';
import { installRunKernels, type InstalledKernels } from './kernels';
import { acquireRunLock } from './lock';
import { dataIdentity, openRunData, relativeToRun, type DataIdentity } from './runData';
import { createDefaultRunDir, RunFolder, type RunInfo } from './runFolder';
import { buildSummary, type RunSummary } from './summary';

export interface RunHandlers {
  onEvent(event: TrainingEvent): void;
  /** Polled before every batch: true stops the run there (its checkpoint is saved, its best weights scored). */
  shouldStop(): boolean;
  /** Things the user should know that are not failures (a resume on other kernels, a stale lock taken over). */
  onWarning?(message: string): void;
  /** Polled before every batch: the SIMD threads (1 or 2) from then on. Results do not depend on it. */
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
  const data = await prepareData(config, configFile, dataFile);
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
  const lock = acquireRunLock(runDir, { token: options.token, onWarning: handlers.onWarning });
  try {
    const run = RunFolder.create(runDir, config, info, lock);
    const kernels = installRunKernels(undefined, options.threads);
    try {
      return await train(run, createTrainingState(setup, kernels.allocator, kernels.use), data, hash, kernels, handlers);
    } finally {
      kernels.dispose();
    }
  } finally {
    lock.release();
  }
}

export async function resumeRun(runDir: string, handlers: RunHandlers, options: { token?: string } = {}): Promise<RunResult> {
  const dir = path.resolve(runDir);
  RunFolder.check(dir);
  const lock = acquireRunLock(dir, { token: options.token, onWarning: handlers.onWarning });
  try {
    const run = RunFolder.open(dir, lock);
    const { config, data } = await openRunData(run);
    const previous = fs.existsSync(run.file('summary')) ? run.readJson<RunSummary>('summary') : null;
    if (previous && (previous.status === 'completed' || previous.status === 'early-stopped')) {
      throw new SeqLabError('BAD_ARGUMENT', `the run already finished (${previous.status} after ${previous.epochs} epochs)`, { file: dir }, "Start a new run with 'seqlab train'.");
    }
    const checkpoint = readTrainingCheckpoint(run.readCheckpoint(), run.file('checkpoint'));
    if (checkpoint.header.configHash !== configHash(config)) {
      throw new SeqLabError('BAD_CONFIG', 'config.json no longer matches the config the checkpoint was made with', { file: run.file('config') }, 'Restore the original config.json, or start a new run.');
    }
    const kernels = installRunKernels(kernelsOf(checkpoint));
    try {
      if (kernels.warning) handlers.onWarning?.(kernels.warning);
      const { state, configHash: saved } = restoreTrainingState(checkpoint, kernels.allocator);
      state.kernels = kernels.use;
      return await train(run, state, data, saved, kernels, handlers);
    } finally {
      kernels.dispose();
    }
  } finally {
    lock.release();
  }
}

/** The loop, then the end of the run: the best weights scored and exported, the summary, `done`. */
async function train(run: RunFolder, state: TrainingState, data: PreparedData, hash: string, kernels: InstalledKernels, handlers: RunHandlers): Promise<RunResult> {
  const outcome = await runTraining(state, data, {
    emit(event) {
      run.record(event);
      handlers.onEvent(event);
    },
    shouldStop: handlers.shouldStop,
    beforeBatch() {
      const wanted = handlers.threads?.();
      if (wanted !== undefined && wanted !== kernels.use.threads) kernels.setThreads(wanted);
    },
    saveCheckpoint: (current) => run.saveCheckpoint(encodeTrainingState(current, hash)),
  });
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
  run.record(done);
  run.writeJson('summary', summary);
  run.flushMetrics();
  handlers.onEvent(done);
  return { runDir: run.dir, summary };
}

// Starting, resuming and evaluating runs: config → data → training loop → run folder → summary (and the
// ONNX export once the run ends). The CLI and the extension's training worker both call these.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config/load';
import type { SeqLabConfig } from '../config/schema.generated';
import { prepareData } from '../data/prepare';
import type { PreparedData } from '../data/types';
import { SeqLabError } from '../errors';
import type { TrainingEvent } from '../train/events';
import { runTraining, type TrainingOutcome } from '../train/loop';
import { setupFromConfig } from '../train/setup';
import { createTrainingState, encodeTrainingState, kernelsOf, readTrainingCheckpoint, restoreTrainingState, type TrainingState } from '../train/state';
import { ENGINE_VERSION } from '../version';
import { configHash } from './configHash';
import { exportAtEndOfRun } from './exportModel';
import { installRunKernels } from './kernels';
import { acquireRunLock } from './lock';
import { createDefaultRunDir, RunFolder, type RunInfo } from './runFolder';
import { buildSummary, type RunSummary } from './summary';

export interface RunHandlers {
  onEvent(event: TrainingEvent): void;
  shouldStop(): boolean;
  /** Things the user should know that are not failures (e.g. a resume on other kernels). */
  onWarning?(message: string): void;
  /** Writes model.onnx once the training has ended and returns its path (default: exportAtEndOfRun). */
  exportModel?(run: RunFolder, state: TrainingState, data: PreparedData, outcome: TrainingOutcome, configHash: string): string | null;
}

export interface RunResult {
  runDir: string;
  summary: RunSummary;
}

export interface StartOptions {
  configFile: string;
  runDir?: string;
  /** Caps the epochs (early stopping still applies). */
  epochs?: number;
  /** Threads for the SIMD kernels (default: 2 where there are two cores). */
  threads?: number;
  /** The run.lock token (default: a random one); the extension host keeps it to release a dead worker's run. */
  token?: string;
}

export async function startRun(options: StartOptions, handlers: RunHandlers): Promise<RunResult> {
  const loaded = loadConfig(options.configFile);
  const data = await prepareData(loaded.config, loaded.file);
  const setup = setupFromConfig(loaded.config, data, options.epochs);
  const hash = configHash(loaded.config);
  const stat = fs.statSync(loaded.dataFile);
  const info: RunInfo = {
    configFile: loaded.file, dataFile: loaded.dataFile, data: { size: stat.size, mtimeMs: stat.mtimeMs },
    engineVersion: ENGINE_VERSION, configHash: hash, created: new Date().toISOString(),
  };
  let runDir: string;
  if (options.runDir) {
    runDir = path.resolve(options.runDir);
    fs.mkdirSync(runDir, { recursive: true });
  } else {
    runDir = createDefaultRunDir(loaded.file);
  }
  const lock = acquireRunLock(runDir, { token: options.token, onWarning: handlers.onWarning });
  try {
    const run = RunFolder.create(runDir, loaded.config, info, lock);
    const kernels = installRunKernels(undefined, options.threads);
    try {
      return await train(run, createTrainingState(setup, kernels.allocator, kernels.use), data, hash, handlers);
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
      throw new SeqLabError('BAD_ARGUMENT', `the run already finished (${previous.status} after ${previous.epochs} epochs)`, { file: runDir }, "Start a new run with 'seqlab train'.");
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
      return await train(run, state, data, saved, handlers);
    } finally {
      kernels.dispose();
    }
  } finally {
    lock.release();
  }
}

/** The run's config and its prepared data, refusing data that changed since the run began. */
export async function openRunData(run: RunFolder): Promise<{ config: SeqLabConfig; data: PreparedData; info: RunInfo }> {
  const config = run.readJson<SeqLabConfig>('config');
  const info = run.readJson<RunInfo>('run');
  if (path.resolve(path.dirname(info.configFile), config.data.file) !== info.dataFile) {
    throw new SeqLabError('BAD_CONFIG', 'config.json names another data file than the one the run used', { file: run.file('config'), path: '/data/file' });
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(info.dataFile);
  } catch {
    throw new SeqLabError('BAD_DATA', 'the data file of this run is gone', { file: info.dataFile });
  }
  if (stat.size !== info.data.size || stat.mtimeMs !== info.data.mtimeMs) {
    throw new SeqLabError('BAD_DATA', 'the data file changed since the run started, so the run cannot continue exactly', { file: info.dataFile }, "Start a new run with 'seqlab train'.");
  }
  // data.file resolves against the original config's folder, exactly as when the run started.
  return { config, data: await prepareData(config, info.configFile), info };
}

async function train(run: RunFolder, state: TrainingState, data: PreparedData, hash: string, handlers: RunHandlers): Promise<RunResult> {
  let summary: RunSummary | null = null;
  await runTraining(state, data, {
    emit(event) {
      run.record(event);
      handlers.onEvent(event);
    },
    shouldStop: handlers.shouldStop,
    saveCheckpoint: (current) => run.saveCheckpoint(encodeTrainingState(current, hash)),
    finalize(outcome) {
      const exportModel = handlers.exportModel ?? exportAtEndOfRun;
      const model = outcome.bestEpoch > 0 ? exportModel(run, state, data, outcome, hash) : null;
      summary = buildSummary(data.task, outcome, hash, model);
      run.writeJson('summary', summary);
    },
  });
  run.flushMetrics();
  return { runDir: run.dir, summary: summary! };
}

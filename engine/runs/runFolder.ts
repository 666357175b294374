// A run folder on disk: `<config folder>/.seqlab/runs/<yyyymmdd-hhmmss>-<config stem>/` by default.
//   config.json     the exact config used (defaults applied)
//   run.json        what started it: config file, the data file it resolved to (absolute and relative
//                   to the run folder; size, mtime and SHA-256), engine version, config hash, label
//   metrics.jsonl   every training event, one JSON object per line, appended (runLog.ts)
//   checkpoint.bin  the latest checkpoint (weights, optimiser, schedule, PRNGs, progress, best weights)
//   summary.json    status and final metrics against the baselines
//   model.onnx      the exported model (best weights), when export is on
//   run.lock        while a trainer writes the folder (lock.ts): one writer per run folder
// Every file but metrics.jsonl is written atomically; metrics.jsonl only grows, and each checkpoint
// records how much of it belongs to it (runLog.ts). Only the holder of run.lock writes. Stale temp files
// from killed writers are swept when a writer opens the run (under its lock, so never a live writer's).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SeqLabConfig } from '../config/schema.generated';
import { SeqLabError } from '../errors';
import { atomicWriteFileSync, sweepStaleTempFiles } from '../io/atomicWrite';
import type { CheckpointEvent, DoneEvent, TrainingEvent } from '../train/events';
import { writePoint } from './faults';
import type { HeldRunLock } from './lock';
import type { DataIdentity } from './runData';
import { RunLog } from './runLog';
import type { RunSummary } from './summary';

export const RUN_FILES = {
  config: 'config.json',
  run: 'run.json',
  metrics: 'metrics.jsonl',
  checkpoint: 'checkpoint.bin',
  summary: 'summary.json',
  model: 'model.onnx',
  lock: 'run.lock',
} as const;

/** A run folder's file by name. */
export function runFile(runDir: string, name: keyof typeof RUN_FILES): string {
  return path.join(runDir, RUN_FILES[name]);
}

export interface RunInfo {
  /** Absolute paths of the config the run started from and of the data file it resolved to. */
  configFile: string;
  dataFile: string;
  /** The same two relative to the run folder ('/'-separated), so a moved or copied workspace finds them (absent in older runs). */
  relative?: { configFile: string; dataFile: string };
  data: DataIdentity;
  engineVersion: string;
  configHash: string;
  created: string;
  /** What changed against the config's previous run (e.g. "model.hiddenSize 64→128"), given by the editor. */
  label?: string | null;
  /** Set when SeqLab did not train the run itself (`seqlab import-pytorch`): such a run has no checkpoint. */
  origin?: RunOrigin;
}

/** A run trained by PyTorch (train.py in an export folder) and imported: where, on what, how it went. */
export interface RunOrigin {
  kind: 'pytorch';
  exportDir: string;
  device: string;
  processes: number;
  torch: string;
  seconds: number;
  steps: number;
  /** The engine's validation loss with the imported weights beside train.py's for its best epoch. */
  validationLoss: { engine: number; pytorch: number | null };
}

/** Where a run came from, if SeqLab did not train it (undefined too when run.json is missing or unreadable:
 *  whoever reads it next reports that). */
export function runOrigin(runDir: string): RunOrigin | undefined {
  try {
    return (JSON.parse(fs.readFileSync(runFile(runDir, 'run'), 'utf8')) as RunInfo).origin;
  } catch {
    return undefined;
  }
}

/** What resume, eval and export say about a run trained elsewhere: there is no checkpoint to start from. */
export function importedRunError(dir: string, origin: RunOrigin): SeqLabError {
  return new SeqLabError('BAD_ARGUMENT', `this run was trained with PyTorch (${origin.device}, ${origin.processes} process(es)) and imported from ${origin.exportDir}; it has no checkpoint, so it cannot be resumed or re-scored from one`, { file: dir },
    'Its model is model.onnx and its scores are in summary.json. To train further, run train.py in the export folder (or export this config again) and import the result.');
}

/** Creates the default run folder of a config; two trainers starting in the same second get a folder each. */
export function createDefaultRunDir(configFile: string, now = new Date()): string {
  const base = defaultRunDir(configFile, now);
  fs.mkdirSync(path.dirname(base), { recursive: true });
  for (let n = 1; ; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    try {
      fs.mkdirSync(dir); // not recursive: fails if the folder exists, so only one trainer gets it
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export function defaultRunDir(configFile: string, now = new Date()): string {
  const stem = path.basename(configFile).replace(/\.seqlab\.json$/i, '').replace(/\.json$/i, '');
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const base = path.join(path.dirname(configFile), '.seqlab', 'runs', `${stamp}-${stem}`);
  let dir = base;
  for (let n = 2; fs.existsSync(dir); n++) dir = `${base}-${n}`;
  return dir;
}

export class RunFolder {
  private log: RunLog | null = null;

  private constructor(readonly dir: string, private readonly writer: HeldRunLock | null) {}

  /** The folder of a new run, whose lock `writer` holds; refuses a folder that already holds a run. */
  static claim(dir: string, writer: HeldRunLock): RunFolder {
    if (fs.existsSync(path.join(dir, RUN_FILES.checkpoint)) || fs.existsSync(path.join(dir, RUN_FILES.summary))) {
      throw new SeqLabError('BAD_ARGUMENT', 'this folder already holds a run', { file: dir }, `Use 'seqlab resume ${dir}' to continue it, or choose another --run-dir.`);
    }
    sweepStaleTempFiles(dir);
    return new RunFolder(dir, writer);
  }

  /** A new run's first files: config.json, run.json, and an empty metrics.jsonl. */
  begin(config: SeqLabConfig, info: RunInfo): void {
    const writer = this.holder();
    this.writeJson('config', config);
    this.writeJson('run', info);
    this.log = RunLog.create(this.file('metrics'), () => writer.verify());
  }

  /** Refuses a folder that is not a run's (before anything takes its lock). */
  static check(dir: string): void {
    if (!fs.existsSync(path.join(dir, RUN_FILES.config))) {
      throw new SeqLabError('BAD_ARGUMENT', 'not a SeqLab run folder (no config.json)', { file: dir }, "Pass the folder 'seqlab train' printed, e.g. .seqlab/runs/<date>-<name>.");
    }
  }

  /** An existing run: for reading (eval, export), or for writing with its lock held (resume). */
  static open(dir: string, writer: HeldRunLock | null = null): RunFolder {
    RunFolder.check(dir);
    if (writer) sweepStaleTempFiles(dir);
    return new RunFolder(dir, writer);
  }

  /**
   * Continues metrics.jsonl where the checkpoint being resumed left it (`logBytes`, null for checkpoints
   * that did not record it). Returns a warning when the log lacks events the checkpoint counts.
   */
  continueLog(logBytes: number | null): string | null {
    const writer = this.holder();
    writer.verify();
    const { log, warning } = RunLog.resume(this.file('metrics'), logBytes, () => writer.verify());
    this.log = log;
    return warning;
  }

  file(name: keyof typeof RUN_FILES): string {
    return path.join(this.dir, RUN_FILES[name]);
  }

  readJson<T>(name: keyof typeof RUN_FILES): T {
    const file = this.file(name);
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
    } catch (error) {
      throw new SeqLabError('IO', `cannot read ${RUN_FILES[name]} (${(error as Error).message})`, { file });
    }
  }

  readCheckpoint(): Uint8Array {
    const file = this.file('checkpoint');
    if (!fs.existsSync(file)) {
      const origin = runOrigin(this.dir);
      if (origin) throw importedRunError(this.dir, origin);
      throw new SeqLabError('BAD_ARGUMENT', 'the run has no checkpoint yet (it stopped before its first epoch ended)', { file: this.dir });
    }
    return new Uint8Array(fs.readFileSync(file));
  }

  record(event: TrainingEvent): void {
    this.openLog().record(event);
  }

  /** Appends the checkpoint's own event to the log and syncs it, then writes the checkpoint, which records the log's length. */
  saveCheckpoint(event: CheckpointEvent, encode: (logBytes: number) => Uint8Array): void {
    const log = this.openLog();
    log.record(event);
    log.flush(true);
    this.write('checkpoint', encode(log.length));
  }

  /** The run's end: `done` appended to the log and synced, then summary.json. */
  finish(done: DoneEvent, summary: RunSummary): void {
    const log = this.openLog();
    log.record(done);
    log.flush(true);
    this.writeJson('summary', summary);
  }

  /**
   * A run that ended with an error: its `error` and `done` events at the end of the log (after any
   * events still queued), then the failed summary.
   */
  fail(events: TrainingEvent[], summary: RunSummary): void {
    if (this.log) {
      for (const event of events) this.log.record(event);
      this.log.flush(true);
    } else {
      this.mustWrite('metrics');
      for (const event of events) RunLog.appendAfterCrash(this.file('metrics'), event);
    }
    this.writeJson('summary', summary);
  }

  /** Closes metrics.jsonl, writing what is still queued if the lock allows (a run ended by an error). */
  close(): void {
    const log = this.log;
    this.log = null;
    if (!log) return;
    try {
      log.flush(false);
    } catch {
      /* the lock was lost, or the disk refused: the error that ended the run is the one to report */
    } finally {
      log.close();
    }
  }

  writeJson(name: keyof typeof RUN_FILES, value: unknown): void {
    this.write(name, JSON.stringify(value, null, 2) + '\n');
  }

  /** A file another module writes (atomically), e.g. model.onnx: returns its path. */
  writeWith(name: keyof typeof RUN_FILES, write: (file: string) => void): string {
    this.mustWrite(name);
    write(this.file(name));
    return this.file(name);
  }

  private write(name: keyof typeof RUN_FILES, data: string | Uint8Array): void {
    this.mustWrite(name);
    atomicWriteFileSync(this.file(name), data);
  }

  /** Before every write: only the lock's holder writes, and the crash tests kill here. */
  private mustWrite(name: keyof typeof RUN_FILES): void {
    this.holder().verify();
    writePoint(RUN_FILES[name]);
  }

  private holder(): HeldRunLock {
    if (!this.writer) throw new Error('RunFolder: a run folder written without its lock');
    return this.writer;
  }

  private openLog(): RunLog {
    if (!this.log) throw new Error('RunFolder: metrics.jsonl is not open for writing');
    return this.log;
  }
}

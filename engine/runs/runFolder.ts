// A run folder on disk: `<config folder>/.seqlab/runs/<yyyymmdd-hhmmss>-<config stem>/` by default.
//   config.json     the exact config used (defaults applied)
//   run.json        what started it: config file, the data file it resolved to (absolute and relative
//                   to the run folder; size, mtime and SHA-256), engine version, config hash, label
//   metrics.jsonl   every training event, one JSON object per line
//   checkpoint.bin  the latest checkpoint (weights, optimiser, schedule, PRNGs, progress, best weights)
//   summary.json    status and final metrics against the baselines
//   model.onnx      the exported model (best weights), when export is on
//   run.lock        while a trainer writes the folder (lock.ts): one writer per run folder
// Every file is written atomically; metrics.jsonl is rewritten whole at each checkpoint, so it always
// agrees with checkpoint.bin (a crash loses the same events as it loses progress). Stale temp files
// from killed writers are swept when a writer opens the run (under its lock, so never a live writer's).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SeqLabConfig } from '../config/schema.generated';
import { SeqLabError } from '../errors';
import { atomicWriteFileSync, sweepStaleTempFiles } from '../io/atomicWrite';
import type { TrainingEvent } from '../train/events';
import { writePoint } from './faults';
import type { HeldRunLock } from './lock';
import type { DataIdentity } from './runData';

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
  private readonly lines: string[];

  private constructor(readonly dir: string, lines: string[], private readonly writer: HeldRunLock | null) {
    this.lines = lines;
  }

  /**
   * A new run in a folder whose lock `writer` holds: refuses a folder that already holds a run, then
   * writes config.json and run.json.
   */
  static create(dir: string, config: SeqLabConfig, info: RunInfo, writer: HeldRunLock): RunFolder {
    if (fs.existsSync(path.join(dir, RUN_FILES.checkpoint)) || fs.existsSync(path.join(dir, RUN_FILES.summary))) {
      throw new SeqLabError('BAD_ARGUMENT', 'this folder already holds a run', { file: dir }, `Use 'seqlab resume ${dir}' to continue it, or choose another --run-dir.`);
    }
    sweepStaleTempFiles(dir);
    const run = new RunFolder(dir, [], writer);
    run.writeJson('config', config);
    run.writeJson('run', info);
    return run;
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
    const metrics = path.join(dir, RUN_FILES.metrics);
    const text = fs.existsSync(metrics) ? fs.readFileSync(metrics, 'utf8') : '';
    return new RunFolder(dir, text.split('\n').filter((line) => line.trim().length > 0), writer);
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
    if (!fs.existsSync(file)) throw new SeqLabError('BAD_ARGUMENT', 'the run has no checkpoint yet (it stopped before its first epoch ended)', { file: this.dir });
    return new Uint8Array(fs.readFileSync(file));
  }

  record(event: TrainingEvent): void {
    this.lines.push(JSON.stringify(event));
  }

  /** Writes the checkpoint, then the events so far; both atomically. Returns the checkpoint's path. */
  saveCheckpoint(bytes: Uint8Array): string {
    this.write('checkpoint', bytes);
    this.flushMetrics();
    return this.file('checkpoint');
  }

  flushMetrics(): void {
    this.write('metrics', this.lines.length > 0 ? this.lines.join('\n') + '\n' : '');
  }

  writeJson(name: keyof typeof RUN_FILES, value: unknown): void {
    this.write(name, JSON.stringify(value, null, 2) + '\n');
  }

  /** A file another module writes (atomically), e.g. model.onnx: returns its path. */
  writeWith(name: keyof typeof RUN_FILES, write: (file: string) => void): string {
    this.guard(name);
    write(this.file(name));
    return this.file(name);
  }

  private write(name: keyof typeof RUN_FILES, data: string | Uint8Array): void {
    this.guard(name);
    atomicWriteFileSync(this.file(name), data);
  }

  /** Before every write: only the lock's holder writes, and the crash tests kill here. */
  private guard(name: keyof typeof RUN_FILES): void {
    if (!this.writer) throw new Error(`RunFolder: ${RUN_FILES[name]} written without the run's lock`);
    this.writer.verify();
    writePoint(RUN_FILES[name]);
  }
}

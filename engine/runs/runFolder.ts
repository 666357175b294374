// A run folder on disk: `<config folder>/.seqlab/runs/<yyyymmdd-hhmmss>-<config stem>/` by default.
//   config.json     the exact config used (defaults applied)
//   run.json        what started it: config file, the data file it resolved to (with size and mtime),
//                   engine version, config hash
//   metrics.jsonl   every training event, one JSON object per line
//   checkpoint.bin  the latest checkpoint (weights, optimiser, schedule, PRNGs, progress, best weights)
//   summary.json    status and final metrics against the baselines
//   model.onnx      the exported model (best weights), when export is on
// Every file is written atomically; metrics.jsonl is rewritten whole at each checkpoint, so it always
// agrees with checkpoint.bin (a crash loses the same events as it loses progress). Stale temp files
// from killed writers are swept when a run is opened.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SeqLabConfig } from '../config/schema.generated';
import { SeqLabError } from '../errors';
import { atomicWriteFileSync, sweepStaleTempFiles } from '../io/atomicWrite';
import type { TrainingEvent } from '../train/events';

export const RUN_FILES = {
  config: 'config.json',
  run: 'run.json',
  metrics: 'metrics.jsonl',
  checkpoint: 'checkpoint.bin',
  summary: 'summary.json',
  model: 'model.onnx',
} as const;

export interface RunInfo {
  configFile: string;
  dataFile: string;
  data: { size: number; mtimeMs: number };
  engineVersion: string;
  configHash: string;
  created: string;
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

export function defaultRunDir(configFile: string, now = new Date()): string {
  const stem = path.basename(configFile).replace(/\.seqlab\.json$/i, '').replace(/\.json$/i, '');
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const base = path.join(path.dirname(configFile), '.seqlab', 'runs', `${stamp}-${stem}`);
  let dir = base;
  for (let n = 2; fs.existsSync(dir); n++) dir = `${base}-${n}`;
  return dir;
}

/** What resume, eval and export say about a run trained elsewhere: there is no checkpoint to start from. */
export function importedRunError(dir: string, origin: RunOrigin): SeqLabError {
  return new SeqLabError('BAD_ARGUMENT', `this run was trained with PyTorch (${origin.device}, ${origin.processes} process(es)) and imported from ${origin.exportDir}; it has no checkpoint, so it cannot be resumed or re-scored from one`, { file: dir },
    'Its model is model.onnx and its scores are in summary.json. To train further, run train.py in the export folder (or export this config again) and import the result.');
}

export class RunFolder {
  private readonly lines: string[];

  private constructor(readonly dir: string, lines: string[]) {
    this.lines = lines;
  }

  /** A new run: creates the folder (refusing one that already holds a run) and writes config.json and run.json. */
  static create(dir: string, config: SeqLabConfig, info: RunInfo): RunFolder {
    if (fs.existsSync(path.join(dir, RUN_FILES.checkpoint)) || fs.existsSync(path.join(dir, RUN_FILES.summary))) {
      throw new SeqLabError('BAD_ARGUMENT', 'this folder already holds a run', { file: dir }, `Use 'seqlab resume ${dir}' to continue it, or choose another --run-dir.`);
    }
    fs.mkdirSync(dir, { recursive: true });
    sweepStaleTempFiles(dir);
    const run = new RunFolder(dir, []);
    run.writeJson('config', config);
    run.writeJson('run', info);
    return run;
  }

  /** An existing run, for eval and resume. */
  static open(dir: string): RunFolder {
    if (!fs.existsSync(path.join(dir, RUN_FILES.config))) {
      throw new SeqLabError('BAD_ARGUMENT', 'not a SeqLab run folder (no config.json)', { file: dir }, "Pass the folder 'seqlab train' printed, e.g. .seqlab/runs/<date>-<name>.");
    }
    sweepStaleTempFiles(dir);
    const metrics = path.join(dir, RUN_FILES.metrics);
    const text = fs.existsSync(metrics) ? fs.readFileSync(metrics, 'utf8') : '';
    return new RunFolder(dir, text.split('\n').filter((line) => line.trim().length > 0));
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
      const origin = fs.existsSync(this.file('run')) ? this.readJson<RunInfo>('run').origin : undefined;
      if (origin) throw importedRunError(this.dir, origin);
      throw new SeqLabError('BAD_ARGUMENT', 'the run has no checkpoint yet (it stopped before its first epoch ended)', { file: this.dir });
    }
    return new Uint8Array(fs.readFileSync(file));
  }

  record(event: TrainingEvent): void {
    this.lines.push(JSON.stringify(event));
  }

  /** Writes the checkpoint, then the events so far; both atomically. Returns the checkpoint's path. */
  saveCheckpoint(bytes: Uint8Array): string {
    atomicWriteFileSync(this.file('checkpoint'), bytes);
    this.flushMetrics();
    return this.file('checkpoint');
  }

  flushMetrics(): void {
    atomicWriteFileSync(this.file('metrics'), this.lines.length > 0 ? this.lines.join('\n') + '\n' : '');
  }

  writeJson(name: keyof typeof RUN_FILES, value: unknown): void {
    atomicWriteFileSync(this.file(name), JSON.stringify(value, null, 2) + '\n');
  }
}

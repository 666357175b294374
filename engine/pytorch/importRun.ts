// `seqlab import-pytorch`: what train.py made in an export folder → an ordinary SeqLab run folder:
// config.json and run.json (with where it came from), metrics.jsonl (train.py's events, then a text or
// forecast sample from the best weights, then `done`), summary.json from the engine's own evaluation of
// those weights on the data file the export names, and model.onnx. No checkpoint.bin: the run cannot be
// resumed (engine/runs refuses, naming the export).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareData } from '../data/prepare';
import type { PreparedData } from '../data/types';
import { baselineMetrics, scoreModel } from '../eval/baselines';
import { SeqLabError } from '../errors';
import { allocateModel } from '../model';
import { createRng } from '../rng';
import { metricsOf, writeRunModel } from '../runs/exportModel';
import { installRunKernels } from '../runs/kernels';
import { acquireRunLock } from '../runs/lock';
import { dataIdentity, relativeToRun } from '../runs/runData';
import { createDefaultRunDir, RunFolder, type RunInfo } from '../runs/runFolder';
import { buildSummary, type RunSummary } from '../runs/summary';
import type { DoneEvent, RunStatus, TrainingEvent } from '../train/events';
import { createSampler } from '../train/samples';
import { setupFromConfig } from '../train/setup';
import { ENGINE_VERSION } from '../version';
import { checkNpy, readExportFolder, readJson, RESULT_FILES, type ExportFolder, type TrainResult } from './manifest';
import { readNpy } from './npy';

export interface ImportOptions {
  runDir?: string;
  /** Threads for the evaluation's SIMD kernels (default: 2 where there are two cores). */
  threads?: number;
  /** Things the user should know that are not failures (a stale run lock taken over). */
  onWarning?(message: string): void;
}

export interface ImportResult {
  runDir: string;
  summary: RunSummary;
  result: TrainResult;
  /** The engine's validation loss with the imported weights, beside train.py's for its best epoch. */
  validationLoss: { engine: number; pytorch: number | null };
}

const STATUSES: RunStatus[] = ['completed', 'early-stopped', 'stopped', 'diverged'];

export async function importFromPytorch(exportDir: string, options: ImportOptions = {}): Promise<ImportResult> {
  const folder = await readExportFolder(path.resolve(exportDir));
  const { manifest } = folder;
  const result = readResult(folder);
  const events = readEvents(path.join(folder.dir, RESULT_FILES.metrics), result);
  const identity = await dataIdentity(folder.dataFile);
  const data = await prepareData(folder.config, folder.configFile, folder.dataFile);
  checkPreparedMatches(folder, data);

  // Everything is checked and scored before the run folder is made: a refused import writes nothing.
  const setup = setupFromConfig(folder.config, data);
  const kernels = installRunKernels(undefined, options.threads);
  try {
    const model = allocateModel(setup.spec, { allocator: kernels.allocator });
    if (model.layout.size !== manifest.parameters) throw new SeqLabError('BAD_DATA', `the config builds ${model.layout.size} parameters, the export recorded ${manifest.parameters}`, { file: folder.configFile });
    model.params.set(readNpy(path.join(folder.dir, RESULT_FILES.params)).data);
    const scores = scoreModel(model, data, setup.loss, setup.batchSize);
    // A sample from the best weights with the sample stream of the run's seed, as a SeqLab run draws it.
    const sample: TrainingEvent = { type: 'sample', epoch: result.epochs, sample: createSampler(model, data, setup.batchSize)(createRng(setup.seed * 4 + 3)) };
    const start = events[0] as Extract<TrainingEvent, { type: 'start' }>;
    start.baselines = baselineMetrics(data, 'validation'); // train.py leaves them to SeqLab
    const done = events.pop() as DoneEvent;

    const runDir = options.runDir ? path.resolve(options.runDir) : createDefaultRunDir(importConfigName(folder));
    fs.mkdirSync(runDir, { recursive: true });
    const info: RunInfo = {
      configFile: folder.configFile, dataFile: folder.dataFile,
      relative: { configFile: relativeToRun(runDir, folder.configFile), dataFile: relativeToRun(runDir, folder.dataFile) },
      data: identity, engineVersion: ENGINE_VERSION, configHash: manifest.configHash, created: new Date().toISOString(), label: `trained with PyTorch on ${result.processes} ${result.device} process(es)`,
      origin: {
        kind: 'pytorch', exportDir: folder.dir, device: result.device, processes: result.processes, torch: result.torch,
        seconds: result.seconds, steps: result.steps, validationLoss: { engine: scores.validation.loss, pytorch: result.bestValLoss },
      },
    };
    const outcome = { status: result.status, message: result.message, epochs: result.epochs, bestEpoch: result.bestEpoch };
    const summary = buildSummary(data.task, outcome, scores, manifest.configHash, null);
    const lock = acquireRunLock(runDir, { onWarning: options.onWarning });
    try {
      const run = RunFolder.claim(runDir, lock);
      try {
        run.begin(folder.config, info);
        for (const event of [...events, sample]) run.record(event);
        if (folder.config.export.onnx) {
          summary.model = run.writeWith('model', (file) => writeRunModel(file, {
            spec: setup.spec, layout: model.layout, params: model.params, data, configHash: manifest.configHash, metrics: metricsOf(summary),
          }));
        }
        run.finish(done, summary);
      } finally {
        run.close();
      }
    } finally {
      lock.release();
    }
    return { runDir, summary, result, validationLoss: { engine: scores.validation.loss, pytorch: result.bestValLoss } };
  } finally {
    kernels.dispose();
  }
}

/** The name the default run folder is made from: `<original config folder>/.seqlab/runs/<date-time>-<name>-pytorch/`
 *  when the original config's folder is on this machine, else the same under the export folder. */
function importConfigName(folder: ExportFolder): string {
  const original = folder.manifest.source.config;
  const base = fs.existsSync(path.dirname(original)) ? original : path.join(folder.dir, path.basename(original));
  const stem = path.basename(base).replace(/\.seqlab\.json$/i, '').replace(/\.json$/i, '');
  return path.join(path.dirname(base), `${stem}-pytorch.seqlab.json`);
}

function readResult(folder: ExportFolder): TrainResult {
  const file = path.join(folder.dir, RESULT_FILES.result);
  if (!fs.existsSync(file)) {
    throw new SeqLabError('BAD_DATA', 'train.py has not finished here (no result/result.json)', { file: folder.dir }, 'Run train.py in this folder (or copy its result/ folder back here), then import again.');
  }
  const result = readJson<TrainResult>(file);
  if (result.configHash !== folder.manifest.configHash) {
    throw new SeqLabError('BAD_DATA', `result.json was trained from another export (config hash ${result.configHash}, this export's is ${folder.manifest.configHash})`, { file });
  }
  if (!STATUSES.includes(result.status) || !Number.isInteger(result.epochs) || !Number.isInteger(result.bestEpoch)) {
    throw new SeqLabError('BAD_DATA', `expected status (${STATUSES.join(', ')}), epochs and bestEpoch`, { file });
  }
  if (result.bestEpoch < 1) {
    throw new SeqLabError('BAD_DATA', `train.py ended (${result.status}) before any epoch improved the validation loss, so there are no weights to import${result.message ? `: ${result.message}` : ''}`, { file });
  }
  checkNpy(path.join(folder.dir, RESULT_FILES.params), { dtype: '<f4', shape: [folder.manifest.parameters] });
  return result;
}

/** train.py's events: SeqLab's own shapes, start first and done last, one epoch event per epoch. */
function readEvents(file: string, result: TrainResult): TrainingEvent[] {
  if (!fs.existsSync(file)) throw new SeqLabError('BAD_DATA', 'missing: train.py writes its events here', { file });
  const events: TrainingEvent[] = [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let event: TrainingEvent;
    try {
      event = JSON.parse(line) as TrainingEvent;
    } catch {
      throw new SeqLabError('BAD_DATA', 'not a JSON line', { file, row: index + 1 });
    }
    if (!['start', 'batch', 'epoch', 'done', 'error'].includes(event?.type)) throw new SeqLabError('BAD_DATA', `unexpected event ${JSON.stringify(event?.type)}`, { file, row: index + 1 });
    events.push(event);
  });
  const done = events.at(-1);
  if (events[0]?.type !== 'start' || done?.type !== 'done') throw new SeqLabError('BAD_DATA', 'expected a start event first and a done event last (did train.py finish?)', { file });
  const epochs = events.filter((event) => event.type === 'epoch').length;
  if (epochs !== result.epochs || done.status !== result.status) {
    throw new SeqLabError('BAD_DATA', `holds ${epochs} epoch(s) ending ${done.status}; result.json says ${result.epochs} ending ${result.status}`, { file });
  }
  return events;
}

/** The data prepared here must be the data train.py trained on: same windows, vocabulary, classes. */
function checkPreparedMatches(folder: ExportFolder, data: PreparedData): void {
  const { manifest } = folder;
  const differs = (what: string) => {
    throw new SeqLabError('BAD_DATA', `the data prepared now differs from the export (${what})`, { file: folder.dataFile }, 'Export and train again.');
  };
  if (data.task !== manifest.task) differs(`task ${data.task}, exported ${manifest.task}`);
  for (const split of ['train', 'validation', 'test'] as const) {
    if (data.splits[split].windows !== manifest.splits[split].windows) differs(`${data.splits[split].windows} ${split} windows, exported ${manifest.splits[split].windows}`);
  }
  if (data.task === 'text' && JSON.stringify(data.vocabulary) !== JSON.stringify(manifest.text?.vocabulary)) differs('the vocabulary');
  if (data.task === 'classify' && JSON.stringify(data.classNames) !== JSON.stringify(manifest.classify?.classes)) differs('the classes');
}

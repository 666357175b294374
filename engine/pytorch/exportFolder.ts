// `seqlab export-pytorch`: a folder that trains a config's model with PyTorch (manifest.ts lists what
// is in it). The data goes out compactly, exactly as the engine sees it; the initial weights and the
// engine's batch order for the first epochs go with it, so PyTorch can start where SeqLab starts and
// see the same batches. The folder is assembled under a temporary name beside --out and renamed into
// place, so a failure never leaves half an export.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config/load';
import type { SeqLabConfig } from '../config/schema.generated';
import { prepareData } from '../data/prepare';
import { SPLIT_NAMES, type PreparedData } from '../data/types';
import { SeqLabError } from '../errors';
import { writeSyncedFile } from '../io/atomicWrite';
import { configHash } from '../runs/configHash';
import { RunFolder, RUN_FILES } from '../runs/runFolder';
import { dataIdentity, openRunData } from '../runs/runData';
import { setupFromConfig } from '../train/setup';
import { createTrainingState } from '../train/state';
import { ENGINE_VERSION } from '../version';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, type ExportManifest, type NpyFile } from './manifest';
import { descrOf, encodeNpy, type NpyArray } from './npy';
import { exportReadme } from './readme';
import { TRAIN_PY } from './trainScript.generated';

/** init/order.npy holds at most this many window indices (16 MB); longer runs continue with PyTorch's sampler. */
export const MAX_ORDER_ENTRIES = 4_000_000;

export interface ExportOptions {
  /** A .seqlab.json config, or a run folder (its config.json and data, checked unchanged). */
  source: string;
  out: string;
  /** Replace an existing folder at `out`. */
  force?: boolean;
  /** Epochs of SeqLab's batch order to include (default: every epoch, up to MAX_ORDER_ENTRIES indices). */
  orderEpochs?: number;
}

export async function exportForPytorch(options: ExportOptions): Promise<{ dir: string; manifest: ExportManifest }> {
  const { config, data, configFile, runDir, dataFile } = await openSource(path.resolve(options.source));
  const out = path.resolve(options.out);
  if (fs.existsSync(out) && !options.force) {
    throw new SeqLabError('BAD_ARGUMENT', 'already exists', { file: out }, 'Choose another --out, or pass --force to replace it.');
  }
  if (!fs.existsSync(path.dirname(out))) throw new SeqLabError('IO', 'the folder for --out does not exist', { file: path.dirname(out) });

  const setup = setupFromConfig(config, data);
  const state = createTrainingState(setup);
  const trainWindows = data.splits.train.windows;
  const perEpoch = Math.min(trainWindows, setup.maxWindowsPerEpoch ?? trainWindows);
  const orderEpochs = Math.max(0, Math.min(options.orderEpochs ?? setup.epochs, setup.epochs, Math.floor(MAX_ORDER_ENTRIES / perEpoch)));
  // The engine's order: each epoch shuffles all training windows with the run's shuffle stream and
  // trains on the first perEpoch of them (engine/train/loop.ts, startEpoch).
  const order = new Int32Array(orderEpochs * perEpoch);
  for (let e = 0; e < orderEpochs; e++) {
    order.set(state.rngs.shuffle.shuffle(Int32Array.from({ length: trainWindows }, (_, i) => i)).subarray(0, perEpoch), e * perEpoch);
  }

  const arrays: Record<string, { data: NpyArray; shape: number[] }> = {};
  const compact = data.compact();
  arrays['data/series.npy'] = { data: compact.series, shape: compact.width === 1 && data.task === 'text' ? [compact.series.length] : [compact.series.length / compact.width, compact.width] };
  for (const split of SPLIT_NAMES) {
    const windows = compact.windows[split];
    arrays[`data/${split}.start.npy`] = { data: windows.start, shape: [windows.start.length] };
    if (windows.length) arrays[`data/${split}.length.npy`] = { data: windows.length, shape: [windows.length.length] };
    if (windows.label) arrays[`data/${split}.label.npy`] = { data: windows.label, shape: [windows.label.length] };
    if (data.task === 'forecast' && data.normalisation.formulation === 'relative') {
      arrays[`data/${split}.base.npy`] = { data: relativeBases(compact.series as Float64Array, windows.start, data.window, data.normalisation.features.relative), shape: [windows.start.length, compact.width] };
    }
  }
  arrays['init/params.npy'] = { data: Float32Array.from(state.model.params), shape: [state.model.layout.size] };
  if (orderEpochs > 0) arrays['init/order.npy'] = { data: order, shape: [orderEpochs, perEpoch] };

  const relativeData = path.relative(out, dataFile).split(path.sep).join('/');
  const exportedConfig: SeqLabConfig = { ...config, data: { ...config.data, file: relativeData } };
  const identity = await dataIdentity(dataFile);
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    seqlabVersion: ENGINE_VERSION,
    created: new Date().toISOString(),
    configHash: configHash(exportedConfig),
    task: data.task,
    source: { config: configFile, run: runDir },
    data: { file: relativeData, ...identity },
    setup,
    layout: state.model.layout.entries,
    parameters: state.model.layout.size,
    window: data.window,
    outputSize: data.outputSize,
    perEpoch,
    batchesPerEpoch: Math.ceil(perEpoch / setup.batchSize),
    orderEpochs,
    splits: Object.fromEntries(SPLIT_NAMES.map((split) => [split, { windows: data.splits[split].windows, rows: data.splits[split].rows }])) as ExportManifest['splits'],
    ...taskFacts(data),
    files: Object.fromEntries(Object.entries(arrays).map(([name, array]) => [name, { dtype: descrOf(array.data), shape: array.shape } as NpyFile])),
  };

  const temp = path.join(path.dirname(out), `.seqlab-tmp-${path.basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    fs.mkdirSync(path.join(temp, 'data'), { recursive: true });
    fs.mkdirSync(path.join(temp, 'init'));
    const write = (name: string, bytes: string | Uint8Array) => writeSyncedFile(path.join(temp, name), bytes);
    for (const [name, array] of Object.entries(arrays)) write(name, encodeNpy(array.data, array.shape));
    write('config.json', JSON.stringify(exportedConfig, null, 2) + '\n');
    write('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
    write('train.py', TRAIN_PY);
    write('README.md', exportReadme(manifest, path.basename(configFile)));
    fs.chmodSync(path.join(temp, 'train.py'), 0o755);
    if (fs.existsSync(out)) fs.rmSync(out, { recursive: true });
    fs.renameSync(temp, out);
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw new SeqLabError('IO', `cannot write the export (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { file: out });
  }
  return { dir: out, manifest };
}

async function openSource(source: string): Promise<{ config: SeqLabConfig; data: PreparedData; configFile: string; runDir: string | null; dataFile: string }> {
  if (fs.existsSync(source) && fs.statSync(source).isDirectory()) {
    if (!fs.existsSync(path.join(source, RUN_FILES.run))) throw new SeqLabError('BAD_ARGUMENT', 'a folder that is not a SeqLab run (no run.json)', { file: source }, 'Pass a .seqlab.json config or a run folder.');
    const { config, data, configFile, dataFile } = await openRunData(RunFolder.open(source));
    return { config, data, configFile, runDir: source, dataFile };
  }
  const loaded = loadConfig(source);
  return { config: loaded.config, data: await prepareData(loaded.config, loaded.file), configFile: loaded.file, runDir: null, dataFile: loaded.dataFile };
}

/** base[w, f] = series[last row of w, f] for relative features, 0 for the others. */
function relativeBases(series: Float64Array, start: Int32Array, T: number, relative: boolean[]): Float64Array {
  const F = relative.length;
  const base = new Float64Array(start.length * F);
  for (let w = 0; w < start.length; w++) {
    const last = start[w] + T - 1;
    for (let f = 0; f < F; f++) base[w * F + f] = relative[f] ? series[last * F + f] : 0;
  }
  return base;
}

function taskFacts(data: PreparedData): Pick<ExportManifest, 'normalisation' | 'forecast' | 'classify' | 'text'> {
  if (data.task === 'text') return { text: { vocabulary: data.vocabulary, tokenizer: data.tokenizer } };
  const normalisation = data.normalisation;
  if (data.task === 'classify') return { normalisation, classify: { classes: data.classNames, featureNames: data.featureNames, sequences: data.sequenceIdColumn !== null } };
  const { targets, features } = normalisation;
  return {
    normalisation,
    forecast: {
      horizon: data.horizon, targetIndex: targets.featureIndex, targetNames: targets.names, targetMean: targets.mean, targetStd: targets.std,
      // The MASE scale as the engine uses it: a missing or zero scale counts as 1 (eval/metrics.ts).
      maseScale: data.inSampleNaiveMae(1).map((scale) => (scale > 0 ? scale : 1)),
      relative: features.relative, featureNames: features.names,
    },
  };
}

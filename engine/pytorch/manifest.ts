// An export folder for PyTorch (`seqlab export-pytorch`) and what `seqlab import-pytorch` reads back.
//
//   manifest.json        this file's ExportManifest: versions, the setup train.py follows, the parameter
//                        layout, the data file (relative to the folder, with size and mtime), every array
//   config.json          the resolved config; data.file is relative to this folder
//   train.py, README.md  the PyTorch script and how to run it
//   data/series.npy      float64 [N, F] scaled features, or int32 [N] token ids
//   data/<split>.start.npy   int32 [W] first row (token) of each window
//   data/<split>.length.npy, .label.npy   int32 [W] (classify)
//   data/<split>.base.npy    float64 [W, F] what a relative forecast subtracts (the last row's relative features)
//   init/params.npy      float32 [P] SeqLab's initial weights, flat, in SeqLab's layout
//   init/order.npy       int32 [E, perEpoch] the training windows of SeqLab's first E epochs, in batch order
//   result/              written by train.py: params.npy, metrics.jsonl, result.json
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfigText } from '../config/load';
import type { SeqLabConfig } from '../config/schema.generated';
import type { Normalisation, SplitName } from '../data/types';
import type { TokenizerSpec } from '../data/tokenize';
import { SeqLabError } from '../errors';
import type { ParamEntry } from '../params';
import { configHash } from '../runs/configHash';
import { sameData, type DataIdentity } from '../runs/runData';
import type { TrainingSetup } from '../train/setup';
import { ENGINE_VERSION } from '../version';
import { readNpyHeader } from './npy';

export const EXPORT_FORMAT = 'seqlab-pytorch-export';
export const EXPORT_FORMAT_VERSION = 1;

export interface NpyFile {
  dtype: '<f4' | '<f8' | '<i4';
  shape: number[];
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  formatVersion: number;
  seqlabVersion: string;
  created: string;
  configHash: string;
  task: 'forecast' | 'classify' | 'text';
  /** Where it came from on the exporting machine (absolute paths; informational). */
  source: { config: string; run: string | null };
  /** The data file, relative to the export folder, as it was when exported (size, mtime, SHA-256). */
  data: { file: string } & DataIdentity;
  setup: TrainingSetup;
  layout: ParamEntry[];
  parameters: number;
  window: number;
  outputSize: number;
  /** Training windows per epoch (maxWindowsPerEpoch applied) and optimiser steps per epoch. */
  perEpoch: number;
  batchesPerEpoch: number;
  /** Epochs of SeqLab's batch order in init/order.npy. */
  orderEpochs: number;
  splits: Record<SplitName, { windows: number; rows: number }>;
  /** forecast, classify: the scaling the series went through (per feature mean, std, relative; per target). */
  normalisation?: Normalisation;
  forecast?: { horizon: number; targetIndex: number[]; targetNames: string[]; targetMean: number[]; targetStd: number[]; maseScale: number[]; relative: boolean[]; featureNames: string[] };
  classify?: { classes: string[]; featureNames: string[]; sequences: boolean };
  text?: { vocabulary: string[]; tokenizer: TokenizerSpec };
  /** Every array of the folder (path relative to it) with its dtype and shape. */
  files: Record<string, NpyFile>;
}

/** What train.py writes at the end (result/result.json). */
export interface TrainResult {
  format: string;
  formatVersion: number;
  configHash: string;
  status: 'completed' | 'early-stopped' | 'stopped' | 'diverged';
  message: string;
  epochs: number;
  bestEpoch: number;
  bestValLoss: number | null;
  steps: number;
  seconds: number;
  device: string;
  processes: number;
  order: string;
  dropout: number;
  torch: string;
}

export const RESULT_FILES = { params: 'result/params.npy', metrics: 'result/metrics.jsonl', result: 'result/result.json' } as const;

export interface ExportFolder {
  dir: string;
  manifest: ExportManifest;
  config: SeqLabConfig;
  configFile: string;
  /** Absolute path of the data file. */
  dataFile: string;
}

/**
 * Reads and checks an export folder: manifest format and SeqLab version, config.json against the
 * manifest's hash, every array's dtype and shape, and the data file's size and mtime. Every problem is
 * a SeqLabError naming the file and what was expected.
 */
export async function readExportFolder(dir: string): Promise<ExportFolder> {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new SeqLabError('BAD_ARGUMENT', 'no such folder', { file: dir }, "Pass the folder 'seqlab export-pytorch --out' wrote.");
  if (!fs.existsSync(manifestFile)) throw new SeqLabError('BAD_DATA', 'not a SeqLab export for PyTorch (no manifest.json)', { file: dir }, "Pass the folder 'seqlab export-pytorch --out' wrote.");
  const manifest = readJson<ExportManifest>(manifestFile);
  if (manifest.format !== EXPORT_FORMAT || manifest.formatVersion !== EXPORT_FORMAT_VERSION) {
    throw new SeqLabError('BAD_DATA', `not a SeqLab export this version reads (format ${JSON.stringify(manifest.format)} version ${JSON.stringify(manifest.formatVersion)}; expected ${EXPORT_FORMAT} version ${EXPORT_FORMAT_VERSION})`, { file: manifestFile });
  }
  if (manifest.seqlabVersion !== ENGINE_VERSION) {
    throw new SeqLabError('BAD_DATA', `exported by SeqLab ${manifest.seqlabVersion}; this is SeqLab ${ENGINE_VERSION}, whose data preparation may differ`, { file: manifestFile }, `Import it with SeqLab ${manifest.seqlabVersion}, or export again with this version and train again.`);
  }
  const configFile = path.join(dir, 'config.json');
  if (!fs.existsSync(configFile)) throw new SeqLabError('BAD_DATA', 'the export has no config.json', { file: dir });
  const config = parseConfigText(fs.readFileSync(configFile, 'utf8'), configFile);
  if (configHash(config) !== manifest.configHash) {
    throw new SeqLabError('BAD_DATA', 'config.json is not the config this folder was exported with (its hash differs from manifest.json\'s)', { file: configFile }, 'Restore config.json, or export again from the changed config.');
  }
  for (const [name, expected] of Object.entries(manifest.files)) checkNpy(path.join(dir, name), expected);
  const dataFile = path.resolve(dir, config.data.file);
  if (path.resolve(dir, manifest.data.file) !== dataFile) throw new SeqLabError('BAD_DATA', 'config.json and manifest.json name different data files', { file: configFile, path: '/data/file' });
  if (!fs.existsSync(dataFile)) {
    throw new SeqLabError('BAD_DATA', `the data file the export was made from is not at ${manifest.data.file} (relative to the export folder)`, { file: dataFile }, 'Keep the export folder where it was exported (copy only result/ back from the training machine), or put the data file there.');
  }
  // Same size and modification time; or, when a copy changed the time, the same SHA-256.
  if (!(await sameData(dataFile, manifest.data))) {
    const stat = fs.statSync(dataFile);
    throw new SeqLabError('BAD_DATA', `the data file changed since the export (size ${stat.size} bytes, modified ${new Date(stat.mtimeMs).toISOString()}; the export recorded ${manifest.data.size} bytes, ${new Date(manifest.data.mtimeMs).toISOString()}, and the content differs)`, { file: dataFile }, 'Evaluating on other data would give the PyTorch weights metrics they were not trained for: export and train again.');
  }
  return { dir, manifest, config, configFile, dataFile };
}

/** Checks that a .npy file exists and holds the dtype and shape the manifest records. */
export function checkNpy(file: string, expected: NpyFile): void {
  if (!fs.existsSync(file)) throw new SeqLabError('BAD_DATA', `missing: the manifest lists this array (${expected.dtype} [${expected.shape.join(', ')}])`, { file });
  const header = readNpyHeader(file);
  if (header.descr !== expected.dtype || header.shape.join(',') !== expected.shape.join(',')) {
    throw new SeqLabError('BAD_DATA', `holds ${header.descr} [${header.shape.join(', ')}], the manifest records ${expected.dtype} [${expected.shape.join(', ')}]`, { file }, 'The folder was changed after export: export again.');
  }
}

export function readJson<T>(file: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new SeqLabError('BAD_DATA', `cannot read it as JSON (${(error as Error).message})`, { file });
  }
}

// Where a run's config and data live, and whether the data is still the data it trained on. run.json
// records both paths absolute and relative to the run folder, so a workspace that was moved or copied
// (its run folders with it) still finds them; the data file is recognised by size and modification
// time, or by its SHA-256 when a copy changed the time.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SeqLabConfig } from '../config/schema.generated';
import { prepareData } from '../data/prepare';
import type { PreparedData } from '../data/types';
import { SeqLabError } from '../errors';
import { configHash } from './configHash';
import type { RunFolder, RunInfo } from './runFolder';

export interface DataIdentity {
  size: number;
  mtimeMs: number;
  /** Absent in runs made before it was recorded. */
  sha256?: string;
}

export interface OpenedRun {
  config: SeqLabConfig;
  info: RunInfo;
  /** Where the config and data are now (through the run folder when the workspace moved). */
  configFile: string;
  dataFile: string;
  data: PreparedData;
}

/** A data file's identity, taken before it is read (so a file changing during the read is caught later). */
export async function dataIdentity(file: string): Promise<DataIdentity> {
  const stat = fs.statSync(file);
  return { size: stat.size, mtimeMs: stat.mtimeMs, sha256: await sha256(file) };
}

/** `to` relative to the run folder, with '/' so that it reads the same on every system. */
export function relativeToRun(runDir: string, to: string): string {
  return path.relative(runDir, to).split(path.sep).join('/');
}

/** The run's config and its prepared data, refusing a config.json that changed or data that is not the run's. */
export async function openRunData(run: RunFolder): Promise<OpenedRun> {
  const config = run.readJson<SeqLabConfig>('config');
  const info = run.readJson<RunInfo>('run');
  if (configHash(config) !== info.configHash) {
    throw new SeqLabError('BAD_CONFIG', 'config.json was changed since the run started', { file: run.file('config') }, 'Restore the original config.json, or start a new run.');
  }
  const { configFile, dataFile } = await locateRunFiles(run.dir, info);
  // data.file resolves as when the run started, from where the config is now.
  return { config, info, configFile, dataFile, data: await prepareData(config, configFile, dataFile) };
}

/**
 * The config and data paths to use: through the run folder first (a copied workspace then uses its own
 * copy of the data), else as recorded; the first whose data file is the run's.
 */
export async function locateRunFiles(runDir: string, info: RunInfo): Promise<{ configFile: string; dataFile: string }> {
  const candidates = [{ configFile: info.configFile, dataFile: info.dataFile }];
  if (info.relative) candidates.unshift({ configFile: path.resolve(runDir, info.relative.configFile), dataFile: path.resolve(runDir, info.relative.dataFile) });
  let changed: string | null = null;
  for (const candidate of candidates) {
    if (!fs.existsSync(candidate.dataFile)) continue;
    if (await sameData(candidate.dataFile, info.data)) return candidate;
    changed ??= candidate.dataFile;
  }
  if (changed) {
    throw new SeqLabError('BAD_DATA', 'the data file changed since the run started, so the run cannot continue exactly', { file: changed }, "Start a new run with 'seqlab train'.");
  }
  const where = candidates.map((c) => c.dataFile).filter((file, i, all) => all.indexOf(file) === i).join(' or ');
  throw new SeqLabError('BAD_DATA', `the data file of this run is gone (looked for ${where})`, { file: info.dataFile });
}

/** Whether a file is the one recorded: same size and modification time, or same SHA-256 when a copy changed the time. */
export async function sameData(file: string, recorded: DataIdentity): Promise<boolean> {
  const stat = fs.statSync(file);
  if (stat.size !== recorded.size) return false;
  if (stat.mtimeMs === recorded.mtimeMs) return true;
  return recorded.sha256 !== undefined && (await sha256(file)) === recorded.sha256;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

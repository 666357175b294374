import * as fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultConfigPath, type Task } from '../../engine/index';

// Which configs in a data file's folder train on it: every `*.seqlab.json` there whose `data.file`
// resolves to the file. A config that does not parse is skipped (it names no data file we can trust).

export const CONFIG_SUFFIX = '.seqlab.json';

export function isConfigFile(filePath: string): boolean {
  return filePath.toLowerCase().endsWith(CONFIG_SUFFIX);
}

/** The configs beside `dataFile` that name it, the default name (`<stem>.seqlab.json`) first. */
export async function configsForDataFile(dataFile: string): Promise<string[]> {
  const folder = path.dirname(dataFile);
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const name of names.filter(isConfigFile).sort()) {
    const file = path.join(folder, name);
    if (await namesDataFile(file, dataFile)) found.push(file);
  }
  const preferred = defaultConfigPath(dataFile);
  return found.sort((a, b) => Number(b === preferred) - Number(a === preferred));
}

async function namesDataFile(configFile: string, dataFile: string): Promise<boolean> {
  try {
    const value: unknown = JSON.parse(await fs.readFile(configFile, 'utf8'));
    const file = (value as { data?: { file?: unknown } } | null)?.data?.file;
    return typeof file === 'string' && path.resolve(path.dirname(configFile), file) === dataFile;
  } catch {
    return false;
  }
}

/** A config name for a new config of `dataFile` that does not exist yet: `<stem>.seqlab.json`, `<stem>-2.seqlab.json`, … */
export async function freshConfigPath(dataFile: string): Promise<string> {
  const preferred = defaultConfigPath(dataFile);
  const stem = preferred.slice(0, -CONFIG_SUFFIX.length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? preferred : `${stem}-${n}${CONFIG_SUFFIX}`;
    try {
      await fs.access(candidate);
    } catch {
      return candidate;
    }
  }
}

/** `co2-concentration` for `…/co2-concentration.seqlab.json`. */
export function configStem(configFile: string): string {
  const name = path.basename(configFile);
  return isConfigFile(name) ? name.slice(0, -CONFIG_SUFFIX.length) : path.basename(name, path.extname(name));
}

/** The data file and task a config names, as written (empty and null when it does not parse yet). */
export function readConfigSummary(configFile: string): { dataFile: string; task: Task | null } {
  try {
    const data = (JSON.parse(readFileSync(configFile, 'utf8')) as { data?: { file?: unknown; task?: unknown } } | null)?.data;
    const task = data?.task === 'classify' || data?.task === 'text' ? data.task : data?.file ? 'forecast' : null;
    return { dataFile: typeof data?.file === 'string' ? data.file : '', task };
  } catch {
    return { dataFile: '', task: null };
  }
}

// Shared helpers of the data tests: fixture paths, temp folders, configs with defaults.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateConfig } from '../../../engine/config/load';
import type { SeqLabConfig } from '../../../engine/config/schema.generated';

export const fixtures = path.resolve(__dirname, '../../fixtures/data');
export const samples = path.resolve(__dirname, '../../../samples');

export function fixture(name: string): string {
  return path.join(fixtures, name);
}

export function tempDir(prefix = 'seqlab-data-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A config with defaults applied; `configFile` anchors data.file. */
export function config(data: Record<string, unknown>, rest: Record<string, unknown> = {}, configFile = path.join(fixtures, 'test.seqlab.json')): SeqLabConfig {
  return validateConfig({ data, ...rest }, configFile);
}

/** Writes files into a fresh temp folder and returns it. */
export function writeFiles(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

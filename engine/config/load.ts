// Loading a `<name>.seqlab.json`: read, parse (JSON syntax errors name line and column), check against
// the schema with defaults applied, then the checks a schema cannot express (fractions summing to 1,
// roles that contradict each other). Every problem is a SeqLabError BAD_CONFIG naming the file and the
// JSON path.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SeqLabError } from '../errors';
import type { SeqLabConfig } from './schema.generated';
import { applySchema } from './validate';

export type { SeqLabConfig } from './schema.generated';

export interface LoadedConfig {
  /** The config with every default applied. */
  config: SeqLabConfig;
  /** Absolute path of the config file. */
  file: string;
  /** Its folder: relative paths in the config (data.file) resolve against it. */
  dir: string;
  /** Absolute path of the data file. */
  dataFile: string;
}

export function loadConfig(file: string): LoadedConfig {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SeqLabError('IO', code === 'ENOENT' ? 'config file not found' : `cannot read the config (${code ?? String(error)})`, { file: absolute });
  }
  const config = parseConfigText(text, absolute);
  return { config, file: absolute, dir: path.dirname(absolute), dataFile: resolveDataFile(config, absolute) };
}

/** Parses and validates config text; `file` is where it came from (for messages and relative paths). */
export function parseConfigText(text: string, file: string): SeqLabConfig {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const { line, column } = jsonErrorPosition(body, (error as Error).message);
    throw new SeqLabError('BAD_CONFIG', `not valid JSON: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')}`, { file, row: line, column }, 'a .seqlab.json is plain JSON: no comments, no trailing commas, keys in double quotes');
  }
  return validateConfig(value, file);
}

/** Schema plus semantic checks on an already parsed value; returns a defaulted copy. */
export function validateConfig(value: unknown, file: string): SeqLabConfig {
  const config = applySchema(value, file);
  checkSemantics(config, file);
  return config;
}

export function resolveDataFile(config: SeqLabConfig, configFile: string): string {
  return path.resolve(path.dirname(path.resolve(configFile)), config.data.file);
}

function checkSemantics(config: SeqLabConfig, file: string): void {
  const fail = (at: string, message: string, hint?: string): never => {
    throw new SeqLabError('BAD_CONFIG', message, { file, path: at }, hint);
  };
  const { data } = config;
  const { train, validation, test } = data.split;
  const sum = train + validation + test;
  if (Math.abs(sum - 1) > 1e-6) fail('/data/split', `train + validation + test must be 1, got ${+sum.toFixed(6)}`);
  const { columns } = data;
  if (data.task === 'text') return;
  if (path.extname(data.file).toLowerCase() === '.txt') {
    fail('/data/task', `a .txt file is read as text, but the task is "${data.task}"`, 'set "task": "text", or point data.file at a CSV');
  }
  if (columns.sequenceId !== null && data.task !== 'classify') {
    fail('/data/columns/sequenceId', `sequences grouped by an id column are for classify, but the task is "${data.task}"`, 'set it to null');
  }
  if (data.task === 'classify' && Array.isArray(columns.targets) && columns.targets.length !== 1) {
    fail('/data/columns/targets', `classify predicts one label column, got ${columns.targets.length}`);
  }
  const timeNames = columns.time === null || columns.time === 'auto' ? [] : Array.isArray(columns.time) ? columns.time : [columns.time];
  for (const name of timeNames) {
    if (name === columns.sequenceId) fail('/data/columns/sequenceId', `"${name}" cannot be both a time column and the sequence id`);
  }
  const roles: [string, string | null][] = [...timeNames.map((name) => ['time column', name] as [string, string]), ['sequence id', columns.sequenceId]];
  if (Array.isArray(columns.features)) {
    columns.features.forEach((name, index) => {
      for (const [role, column] of roles) {
        if (column === name) fail(`/data/columns/features/${index}`, `"${name}" is the ${role}, which is never a feature`);
      }
    });
  }
  if (Array.isArray(columns.targets)) {
    columns.targets.forEach((name, index) => {
      for (const [role, column] of roles) {
        if (column === name) fail(`/data/columns/targets/${index}`, `"${name}" is the ${role}, which cannot be a target`);
      }
    });
  }
}

/** Line and column (1-based) of a JSON.parse error, from the position V8 reports. */
function jsonErrorPosition(text: string, message: string): { line?: number; column?: number } {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : /end of JSON input/.test(message) ? text.length : undefined;
  if (offset === undefined) return {};
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

// Loading a `<name>.seqlab.json`: read, parse (JSON syntax errors name line and column), check against
// the schema with defaults applied, then the checks a schema cannot express (fractions summing to 1,
// roles that contradict each other). Every problem is a SeqLabError BAD_CONFIG naming the file and the
// JSON path.
import * as path from 'node:path';
import { SeqLabError } from '../errors';
import { readRegularFileSync } from '../io/files';
import { parseJsonText } from './jsonText';
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

/** Configs are a few kilobytes; anything past this is not one (and is not read whole). */
export const MAX_CONFIG_BYTES = 1 << 20;

export function loadConfig(file: string): LoadedConfig {
  const absolute = path.resolve(file);
  const text = readRegularFileSync(absolute, { what: 'config file', maxBytes: MAX_CONFIG_BYTES }).toString('utf8');
  const config = parseConfigText(text, absolute);
  return { config, file: absolute, dir: path.dirname(absolute), dataFile: resolveDataFile(config, absolute) };
}

/** Parses and validates config text; `file` is where it came from (for messages and relative paths). */
export function parseConfigText(text: string, file: string): SeqLabConfig {
  const parsed = parseJsonText(text);
  if (parsed.error) {
    const { message, line, column, hint } = parsed.error;
    throw new SeqLabError('BAD_CONFIG', message, { file, row: line, column }, hint);
  }
  return validateConfig(parsed.value, file);
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
  const [first] = semanticProblems(config);
  if (first) throw new SeqLabError('BAD_CONFIG', first.message, { file, path: first.path }, first.hint);
}

export interface SemanticProblem {
  path: string;
  message: string;
  hint?: string;
}

/** Every check a schema cannot express, on a config the schema accepted (defaults applied). */
export function semanticProblems(config: SeqLabConfig): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const fail = (at: string, message: string, hint?: string): void => {
    problems.push({ path: at, message, ...(hint ? { hint } : {}) });
  };
  const { data } = config;
  const { train, validation, test } = data.split;
  const sum = train + validation + test;
  if (Math.abs(sum - 1) > 1e-6) fail('/data/split', `train + validation + test must be 1, got ${+sum.toFixed(6)}`);
  const { columns } = data;
  if (data.task === 'text') return problems;
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
  return problems;
}

// What `seqlab init` proposes for a data file: the task, the columns' roles written out explicitly (so
// they are easy to edit), window and split sizes that leave enough windows in every split, and a model
// and epoch count sized by the cost model (sizing.ts) to train in about two minutes.
import * as path from 'node:path';
import { SeqLabError } from '../errors';
import { readCsvFile } from '../data/csv/readCsv';
import { prepareSeries } from '../data/prepare';
import { refuseWideTable } from '../data/wideTable';
import { resolveRoles } from '../data/roles';
import { buildSeries } from '../data/series';
import { chronologicalRanges } from '../data/split';
import { prepareText, proposeTokenizer, readText } from '../data/text';
import type { Spacing } from '../data/time';
import type { PreparedData, Task } from '../data/types';
import { chooseSizes, type SizingChoice } from './sizing';
import type { SeqLabConfig } from './schema.generated';
import { validateConfig } from './load';
import { inSchemaOrder } from './validate';

export interface ProposeOptions {
  /** Absolute path of the data file. */
  dataFile: string;
  /** Absolute path the config will be written to (data.file is made relative to its folder). */
  configFile: string;
  task?: Task;
  targets?: string[];
  sequenceId?: string;
}

export interface Proposal {
  config: SeqLabConfig;
  prepared: PreparedData;
  sizing: SizingChoice;
}

const DAY = 86_400_000;

export function taskForFile(file: string): Task {
  return ['.txt', '.text', '.md'].includes(path.extname(file).toLowerCase()) ? 'text' : 'forecast';
}

export function defaultConfigPath(dataFile: string): string {
  const extension = path.extname(dataFile);
  return path.join(path.dirname(dataFile), `${path.basename(dataFile, extension)}.seqlab.json`);
}

export async function proposeConfig(options: ProposeOptions): Promise<Proposal> {
  const task = options.task ?? taskForFile(options.dataFile);
  const relativeFile = path.relative(path.dirname(options.configFile), options.dataFile).split(path.sep).join('/');
  if (task === 'text') {
    if (options.targets?.length || options.sequenceId) throw new SeqLabError('BAD_ARGUMENT', '--target and --sequence-id are for CSV data, not text');
    const split = { train: 0.9, validation: 0.05, test: 0.05 };
    const { seqLength, ...tokenizer } = proposeTokenizer(await readText(options.dataFile), split.train);
    const draft = validateConfig({ data: { file: relativeFile, task, seqLength, tokenizer, split } }, options.configFile);
    const prepared = await prepareText(draft, options.dataFile, options.configFile);
    return finish(draft, prepared, options.configFile);
  }
  if (taskForFile(options.dataFile) === 'text') {
    throw new SeqLabError('BAD_ARGUMENT', `--task ${task} needs a CSV file; ${path.basename(options.dataFile)} is read as text`, {}, 'use --task text, or give a .csv file');
  }
  const table = await readCsvFile(options.dataFile);
  for (const name of [...(options.targets ?? []), ...(options.sequenceId ? [options.sequenceId] : [])]) {
    if (!table.columns.some((c) => c.name === name)) {
      throw new SeqLabError('BAD_ARGUMENT', `no column ${JSON.stringify(name)} in ${path.basename(options.dataFile)}; its columns are: ${table.columns.map((c) => c.name).join(', ')}`);
    }
  }
  if (options.sequenceId && task !== 'classify') throw new SeqLabError('BAD_ARGUMENT', '--sequence-id groups rows into sequences for --task classify');
  if (task === 'classify' && options.targets && options.targets.length > 1) throw new SeqLabError('BAD_ARGUMENT', 'classify takes one --target (the label column)');
  if (!options.targets?.length) refuseWideTable(table, options.dataFile);
  const columns = { targets: options.targets?.length ? options.targets : 'auto', sequenceId: options.sequenceId ?? null };
  const base = { file: relativeFile, task, delimiter: table.delimiter, columns };
  const roles = asArgumentErrors(() => resolveRoles(table, { task, columns: validateConfig({ data: base }, options.configFile).data.columns, labelOffset: 1, configFile: options.configFile }));
  const time = roles.time;
  const explicitColumns = {
    time: time ? (time.columns.length > 1 ? time.columns.map((c) => c.name) : time.column.name) : null,
    timeFormat: time ? time.format ?? 'number' : 'auto',
    sequenceId: roles.sequenceId?.name ?? null,
    targets: task === 'forecast' ? roles.targets.map((c) => c.name) : [roles.label?.column.name as string],
    features: [...new Set(roles.features.map((f) => f.column.name))],
  };
  // The roles again from the columns as written, so that the report is what `seqlab data` will print;
  // the series is built once, and its row count sizes the windows.
  const draftData = validateConfig({ data: { ...base, columns: { ...explicitColumns } } }, options.configFile).data;
  const explicitRoles = asArgumentErrors(() => resolveRoles(table, { task, columns: draftData.columns, labelOffset: draftData.labelOffset, configFile: options.configFile }));
  explicitRoles.notes.unshift(...roles.notes.filter((note) => !explicitRoles.notes.includes(note)));
  const series = buildSeries(table, explicitRoles, draftData);
  const sizes = windowAndSplit(task, series.rows, series.sequenceStarts, series.timeAxis?.spacing ?? null, options.dataFile);
  const draft = validateConfig({ data: { ...base, columns: { ...explicitColumns }, ...sizes } }, options.configFile);
  const prepared = asArgumentErrors(() => prepareSeries(table, explicitRoles, series, draft, options.configFile));
  return finish(draft, prepared, options.configFile);
}

function finish(draft: SeqLabConfig, prepared: PreparedData, configFile: string): Proposal {
  const sizing = chooseSizes({
    task: prepared.task,
    cell: draft.model.cell,
    inputSize: prepared.input.kind === 'features' ? prepared.input.size : prepared.input.vocab,
    steps: prepared.window,
    outputSize: prepared.outputSize,
    trainWindows: prepared.splits.train.windows,
    validationWindows: prepared.splits.validation.windows,
  });
  const config = structuredClone(draft);
  Object.assign(config.model, sizing.model);
  const { lr, patience, schedulePatience, ...training } = sizing.training;
  Object.assign(config.training, training);
  config.training.optimizer.lr = lr;
  config.training.earlyStopping.patience = patience;
  config.training.schedule.patience = schedulePatience;
  return { config: inSchemaOrder(validateConfig(config, configFile)), prepared, sizing };
}

/** Window, horizon / label offset and split fractions that fit the number of rows (or sequences). */
function windowAndSplit(task: Exclude<Task, 'text'>, rows: number, sequenceStarts: Int32Array | null, spacing: Spacing | null, dataFile: string): Record<string, unknown> {
  if (sequenceStarts) {
    let longest = 0;
    for (let i = 0; i + 1 < sequenceStarts.length; i++) longest = Math.max(longest, sequenceStarts[i + 1] - sequenceStarts[i]);
    const sequences = sequenceStarts.length - 1;
    const split = sequences >= 100 ? { train: 0.7, validation: 0.15, test: 0.15 } : { train: 0.6, validation: 0.2, test: 0.2 };
    return { window: Math.min(longest, 1000), split };
  }
  const split = rows >= 300 ? { train: 0.7, validation: 0.15, test: 0.15 } : { train: 0.6, validation: 0.2, test: 0.2 };
  const ranges = chronologicalRanges(rows, split);
  const smallest = Math.min(...Object.values(ranges).map((r) => r.end - r.start));
  const after = 1; // horizon 1 (forecast) or labelOffset 1 (classify)
  const preferred = preferredWindow(task, spacing);
  const minWindows = smallest >= 30 ? 8 : Math.max(1, Math.floor(smallest / 3));
  const fits = smallest - after + 1 - minWindows;
  if (smallest - after < 2) {
    throw new SeqLabError('BAD_DATA', `${rows} rows are too few to train and test on: the smallest split would have ${smallest} row(s), and a window needs at least 2 rows plus the ${task === 'forecast' ? 'value' : 'label'} after them`, { file: dataFile },
      'about 30 rows is the least that gives every split a few windows');
  }
  const window = Math.max(2, Math.min(preferred, fits));
  return { window, ...(task === 'forecast' ? { horizon: 1 } : { labelOffset: 1 }), split };
}

function preferredWindow(task: Exclude<Task, 'text'>, spacing: Spacing | null): number {
  if (spacing?.unit === 'month') return spacing.step === 1 ? 24 : spacing.step === 3 ? 12 : 8;
  if (spacing?.unit === 'ms') {
    if (spacing.step === DAY) return task === 'classify' ? 7 : 14; // classify: "the past week"
    if (spacing.step === 7 * DAY) return 26;
    if (spacing.step === 3_600_000) return 48;
    if (spacing.step === 60_000) return 60;
  }
  return 24;
}

/** Column problems found while proposing come from the command line's flags, not from a config file. */
function asArgumentErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SeqLabError && error.code === 'BAD_CONFIG' && error.where.path?.startsWith('/data/columns/targets')) {
      throw new SeqLabError('BAD_ARGUMENT', `--target: ${error.message}`, {}, error.hint);
    }
    throw error;
  }
}

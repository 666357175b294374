// Which column plays which role: the time column (orders rows, never a feature), the sequence id, the
// targets or label, and the input features (numeric columns as they are, text columns with few levels
// one-hot encoded). Names given in the config are checked; "auto" is inferred the same way `seqlab init`
// proposes it, and every column left out is listed with the reason.
import * as path from 'node:path';
import { SeqLabError } from '../errors';
import type { ColumnsConfig } from '../config/schema.generated';
import { numberHint } from './csv/cells';
import type { RawColumn, RawTable } from './csv/readCsv';
import { type TimeRole, looksLikeTimeName, resolveTime } from './timeRole';
import type { Task } from './types';

export { looksLikeTimeName };

export type FeatureSource = { column: RawColumn; kind: 'numeric' } | { column: RawColumn; kind: 'onehot'; levels: string[] };

export interface LabelSource {
  column: RawColumn;
  classes: string[];
  /** Class id per raw row, -1 where missing. */
  classOf: Int32Array;
}

export interface ColumnRoles {
  time: TimeRole | null;
  sequenceId: RawColumn | null;
  /** forecast: the numeric target columns. */
  targets: RawColumn[];
  /** classify: the label column. */
  label: LabelSource | null;
  features: FeatureSource[];
  ignored: { name: string; reason: string; kind: string; missing: number }[];
  /** Every column name in file order (for reports). */
  order: string[];
  notes: string[];
}

export interface RoleOptions {
  task: Exclude<Task, 'text'>;
  columns: ColumnsConfig;
  labelOffset: number;
  /** The config file, for messages about names it gives. */
  configFile: string;
}

export const MAX_CLASSES = 256;

export function resolveRoles(table: RawTable, options: RoleOptions): ColumnRoles {
  const { task, columns, configFile } = options;
  const dataName = path.basename(table.file);
  const byName = new Map(table.columns.map((column) => [column.name, column]));
  let reservedRoles = new Map<string, string>();
  const lookup = (name: string, at: string): RawColumn => {
    const column = byName.get(name);
    const role = reservedRoles.get(name);
    if (column && role && at.startsWith('/data/columns/targets')) {
      throw new SeqLabError('BAD_CONFIG', `${JSON.stringify(name)} is the ${role}, which cannot be a target`, { file: configFile, path: at }, role === 'time column' ? 'set data.columns.time to null (or to another column) to use it as numbers' : undefined);
    }
    if (column) return column;
    throw new SeqLabError('BAD_CONFIG', `no column ${JSON.stringify(name)} in ${dataName}; its columns are: ${table.columns.map((c) => c.name).join(', ')}`, { file: configFile, path: at });
  };
  const notes: string[] = [];
  const ignored: ColumnRoles['ignored'] = [];

  const sequenceId = columns.sequenceId === null ? null : lookup(columns.sequenceId, '/data/columns/sequenceId');
  const time = resolveTime(table, columns.time, columns.timeFormat, sequenceId, configFile, lookup, notes);
  const timeNames = time ? time.columns.map((c) => c.name) : [];
  const reserved = new Set([...timeNames, ...(sequenceId ? [sequenceId.name] : [])]);
  reservedRoles = new Map([...timeNames.map((name) => [name, 'time column'] as const), ...(sequenceId ? [[sequenceId.name, 'sequence id'] as const] : [])]);

  let targets: RawColumn[] = [];
  let label: LabelSource | null = null;
  if (task === 'forecast') {
    if (columns.targets === 'auto') {
      const last = [...table.columns].reverse().find((c) => c.kind === 'numeric' && !reserved.has(c.name));
      if (!last) throw new SeqLabError('BAD_DATA', 'no numeric column to forecast', { file: table.file }, 'forecasting needs at least one column of numbers besides the time column');
      targets = [last];
    } else {
      targets = columns.targets.map((name, i) => requireNumeric(lookup(name, `/data/columns/targets/${i}`), table.file, `/data/columns/targets/${i}`, configFile));
    }
  } else {
    const column = columns.targets === 'auto'
      ? [...table.columns].reverse().find((c) => c.kind === 'categorical' && !reserved.has(c.name) && c.levels !== null && c.levels.length >= 2)
      : lookup(columns.targets[0], '/data/columns/targets/0');
    if (!column) throw new SeqLabError('BAD_DATA', 'no text column to use as the label', { file: table.file }, 'name the label column with --target or data.columns.targets');
    label = labelSource(column, table.file, configFile);
  }
  const targetNames = new Set(targets.map((c) => c.name));
  const labelName = label?.column.name;
  // The label is a feature only when it is strictly in the past: windows over one series, offset >= 1.
  const labelIsPast = task === 'classify' && sequenceId === null && options.labelOffset >= 1;

  const features: FeatureSource[] = [];
  if (columns.features === 'auto') {
    for (const column of table.columns) {
      if (reserved.has(column.name)) continue;
      if (column.name === labelName && !labelIsPast) continue;
      const reason = autoFeature(column, columns.maxCategories, features, table.file);
      if (reason) ignored.push({ name: column.name, reason, kind: column.kind, missing: column.missing });
    }
  } else {
    columns.features.forEach((name, i) => {
      const at = `/data/columns/features/${i}`;
      const column = lookup(name, at);
      if (name === labelName && !labelIsPast) {
        throw new SeqLabError('BAD_CONFIG', `${JSON.stringify(name)} is the label; as an input it would give the answer away`, { file: configFile, path: at },
          sequenceId ? 'with sequences the label is on every row of its sequence: remove it from the features' : 'with labelOffset 0 the label is in the window: remove it or set labelOffset to 1');
      }
      features.push(explicitFeature(column, columns.maxCategories, table.file, configFile, at));
    });
    const chosen = new Set(columns.features);
    for (const column of table.columns) {
      if (!chosen.has(column.name) && !reserved.has(column.name) && !targetNames.has(column.name) && column.name !== labelName) ignored.push({ name: column.name, reason: 'not listed in data.columns.features', kind: column.kind, missing: column.missing });
    }
  }
  for (const target of targets) {
    if (!features.some((f) => f.column === target)) {
      features.push({ column: target, kind: 'numeric' });
      if (columns.features !== 'auto') notes.push(`target ${JSON.stringify(target.name)} added to the inputs (a forecast always sees its targets' history)`);
    }
  }
  if (features.length === 0) throw new SeqLabError('BAD_DATA', 'no column can be an input feature', { file: table.file }, 'the inputs are numeric columns and text columns with few distinct values');
  return { time, sequenceId, targets, label, features, ignored, order: table.columns.map((c) => c.name), notes };
}

function mixedError(column: RawColumn, file: string): SeqLabError {
  const cell = column.firstNonNumeric as { row: number; text: string };
  return new SeqLabError('BAD_DATA', `expected a number, got ${JSON.stringify(cell.text)}`, { file, row: cell.row, column: column.name }, numberHint(cell.text, ''));
}

function requireNumeric(column: RawColumn, file: string, at: string, configFile: string): RawColumn {
  if (column.kind === 'numeric') return column;
  if (column.kind === 'mixed') throw mixedError(column, file);
  throw new SeqLabError('BAD_CONFIG', `forecast targets must be numeric, but ${JSON.stringify(column.name)} is ${column.kind === 'empty' ? 'empty' : column.kind === 'date' ? 'dates' : 'text'}`, { file: configFile, path: at },
    column.kind === 'categorical' ? 'to predict a label, use the classify task' : undefined);
}

function autoFeature(column: RawColumn, maxCategories: number, features: FeatureSource[], file: string): string | undefined {
  switch (column.kind) {
    case 'numeric':
      features.push({ column, kind: 'numeric' });
      return undefined;
    case 'mixed':
      throw mixedError(column, file);
    case 'empty':
      return 'has no values';
    case 'date':
      return 'holds dates (only the time column may; it orders the rows)';
    case 'categorical': {
      const count = column.levels?.length;
      if (count === undefined || count > maxCategories) return `text with ${count ?? 'very many'} distinct values (more than maxCategories = ${maxCategories}), left out`;
      if (count < 2) return 'text with a single value, carries no information';
      features.push({ column, kind: 'onehot', levels: [...(column.levels as string[])].sort() });
      return undefined;
    }
  }
}

function explicitFeature(column: RawColumn, maxCategories: number, file: string, configFile: string, at: string): FeatureSource {
  if (column.kind === 'numeric') return { column, kind: 'numeric' };
  if (column.kind === 'mixed') throw mixedError(column, file);
  if (column.kind === 'categorical' && column.levels && column.levels.length <= maxCategories) return { column, kind: 'onehot', levels: [...column.levels].sort() };
  const why = column.kind === 'empty' ? 'has no values' : column.kind === 'date' ? 'holds dates' : `has ${column.levels?.length ?? 'very many'} distinct text values, more than maxCategories (${maxCategories})`;
  throw new SeqLabError('BAD_CONFIG', `${JSON.stringify(column.name)} cannot be a feature: it ${why}`, { file: configFile, path: at }, column.kind === 'categorical' ? 'raise data.columns.maxCategories or remove it' : 'remove it from the features');
}

function labelSource(column: RawColumn, file: string, configFile: string): LabelSource {
  let names: string[];
  let ofCode: (row: number) => number;
  if (column.kind === 'categorical' && column.levels) {
    names = [...column.levels].sort();
    const rank = column.levels.map((level) => names.indexOf(level));
    const codes = column.codes as Int32Array;
    ofCode = (row) => (codes[row] < 0 ? -1 : rank[codes[row]]);
  } else if (column.kind === 'numeric') {
    const values = [...new Set(Array.from(column.numbers).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
    if (values.length > MAX_CLASSES || values.some((v) => !Number.isInteger(v))) {
      throw new SeqLabError('BAD_CONFIG', `the label ${JSON.stringify(column.name)} has ${values.length} distinct numbers${values.some((v) => !Number.isInteger(v)) ? ', not all whole' : ''}; a label needs a few classes`, { file: configFile, path: '/data/columns/targets/0' }, 'to predict numbers, use the forecast task');
    }
    names = values.map(String);
    const index = new Map(values.map((v, i) => [v, i]));
    ofCode = (row) => (Number.isNaN(column.numbers[row]) ? -1 : (index.get(column.numbers[row]) as number));
  } else if (column.kind === 'mixed') {
    throw mixedError(column, file);
  } else {
    const why = column.kind === 'empty' ? 'has no values' : column.kind === 'date' ? 'holds dates' : `has more than ${MAX_CLASSES} distinct values`;
    throw new SeqLabError('BAD_CONFIG', `${JSON.stringify(column.name)} cannot be the label: it ${why}`, { file: configFile, path: '/data/columns/targets/0' });
  }
  if (names.length > MAX_CLASSES) throw new SeqLabError('BAD_CONFIG', `the label ${JSON.stringify(column.name)} has ${names.length} classes, more than ${MAX_CLASSES}`, { file: configFile, path: '/data/columns/targets/0' });
  if (names.length < 2) throw new SeqLabError('BAD_DATA', `the label ${JSON.stringify(column.name)} has ${names.length} class; classification needs at least 2`, { file, column: column.name });
  const classOf = new Int32Array(column.numbers.length);
  for (let row = 0; row < classOf.length; row++) classOf[row] = ofCode(row);
  return { column, classes: names, classOf };
}

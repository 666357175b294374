// A CSV read by the data layer's reader (engine/data/csv) → the model's raw input features, rebuilt
// as training built them (metadata inputColumns: numeric columns as they are, one-hot slots for text
// columns, unknown levels all zero), with rows ordered by the time column and, for classifiers over
// sequences, grouped by sequence id. Columns are matched by name. Gaps in a regular time column and
// missing cells are handled by the run's own policies (config data.timeGaps and data.missing, from the
// metadata; the schema's defaults, fill and interpolate, for models without a config), with the data
// layer's functions, over the input file as one segment (per sequence for sequence models).
import { SeqLabError } from '../errors';
import type { RawColumn, RawTable } from '../data/csv/readCsv';
import { detectSpacing, fillGaps, timeOrder, type TimeAxis } from '../data/time';
import { resolveTime } from '../data/timeRole';
import { fillSegment } from '../data/missing';
import type { SeqLabModelMetadata } from '../onnx/metadataTypes';

export interface ModelInputs {
  file: string;
  /** Rows after ordering. */
  rows: number;
  /** [rows, F] raw feature values; NaN where a cell is empty. */
  features: Float32Array;
  F: number;
  /** The 1-based data row of the file each ordered row comes from; 0 for a row inserted into a time gap. */
  sourceRow: Int32Array;
  /** The input's time column (ordered), with the spacing detected on the input itself. */
  time: { values: Float64Array; axis: TimeAxis } | null;
  /** classify over sequences: sequence names (first-appearance order) and row ranges [starts[i], starts[i+1]). */
  sequences: { names: string[]; starts: Int32Array } | null;
  /** The CSV column each feature comes from (for messages). */
  featureColumn: string[];
}

export function modelInputsFromTable(table: RawTable, meta: SeqLabModelMetadata): ModelInputs {
  const file = table.file;
  const byName = new Map(table.columns.map((column) => [column.name, column]));
  const need = (name: string, why: string): RawColumn => {
    const column = byName.get(name);
    if (!column) {
      throw new SeqLabError('BAD_DATA', `column ${JSON.stringify(name)} is missing; the model needs it (${why})`, { file, column: name },
        `the model reads columns ${meta.inputColumns!.map((input) => JSON.stringify(input.column)).join(', ')} by name`);
    }
    return column;
  };
  const inputColumns = meta.inputColumns!;
  const F = meta.normalization!.features.names.length;
  const columns = inputColumns.map((input) => need(input.column, input.kind === 'numeric' ? 'a numeric input' : 'a one-hot input'));
  inputColumns.forEach((input, i) => {
    const column = columns[i];
    if (input.kind === 'numeric' && column.firstNonNumeric) {
      throw new SeqLabError('BAD_DATA', `column ${JSON.stringify(column.name)} must be numeric, but has ${JSON.stringify(column.firstNonNumeric.text)}`, { file, row: column.firstNonNumeric.row, column: column.name });
    }
  });

  const timeRole = meta.time && byName.has(meta.time.column) ? inputTime(table, meta.time) : null;
  const times = timeRole ? timeRole.values : null;
  const sequenceColumn = meta.sequenceId ? need(meta.sequenceId, 'the sequence id') : null;
  const { order, sequences } = sequenceColumn ? groupBySequence(sequenceColumn, times, file) : { order: times ? timeOrder(times).order : identity(table.rows), sequences: null };

  const matrix = new Float64Array(order.length * F);
  const featureColumn: string[] = [];
  inputColumns.forEach((input, i) => {
    const column = columns[i];
    if (input.kind === 'numeric') {
      featureColumn.push(column.name);
      order.forEach((source, r) => (matrix[r * F + input.feature] = column.numbers[source]));
      return;
    }
    for (let l = 0; l < input.levels.length; l++) featureColumn.push(column.name);
    const levelOf = (code: number) => (code < 0 || !column.levels ? -2 : input.levels.indexOf(column.levels[code]));
    order.forEach((source, r) => {
      const level = levelOf(column.codes ? column.codes[source] : -1);
      // Missing → NaN (refused when a window needs it); a level training never saw → all zeros, as in training.
      for (let l = 0; l < input.levels.length; l++) matrix[r * F + input.feature + l] = level === -2 ? NaN : l === level ? 1 : 0;
    });
  });

  const policy = runPolicy(meta);
  let rows: Rows = { matrix, sourceRow: Int32Array.from(order, (source) => source + 1), times: times ? Float64Array.from(order, (source) => times[source]) : null };
  let time: ModelInputs['time'] = null;
  if (rows.times && meta.time && !sequenceColumn) {
    const detected = rows.times.length >= 3 ? detectSpacing(rows.times, meta.time.kind) : { spacing: meta.time.spacing, gapRows: 0 };
    if (detected.spacing && detected.gapRows > 0 && policy.timeGaps === 'fill') rows = insertGapRows(rows, F, detected.spacing);
    const format = timeRole?.format ?? undefined;
    time = { values: rows.times!, axis: { ...meta.time, grain: timeRole!.grain, ...(format ? { format } : {}), spacing: detected.spacing } };
  }
  const oneHot = Array.from({ length: F }, (_, f) => inputColumns.some((input) => input.kind === 'onehot' && f >= input.feature && f < input.feature + input.levels.length));
  if (policy.missing === 'interpolate' || policy.missing === 'ffill') {
    const segments = sequences ? Array.from(sequences.starts.subarray(1), (end, i) => [sequences.starts[i], end]) : [[0, rows.sourceRow.length]];
    for (const [start, end] of segments) {
      for (let f = 0; f < F; f++) fillSegment(rows.matrix, F, f, start, end, oneHot[f] || policy.missing === 'ffill' ? 'ffill' : 'interpolate', false);
    }
  }
  if (policy.missing === 'drop' && !sequences) rows = dropIncompleteRows(rows, F);
  const featureValues = Float32Array.from(rows.matrix);
  return { file, rows: rows.sourceRow.length, features: featureValues, F, sourceRow: rows.sourceRow, time, sequences, featureColumn };
}

/** The run's data.missing and data.timeGaps, from the config stored in the metadata. */
function runPolicy(meta: SeqLabModelMetadata): { missing: string; timeGaps: string } {
  const data = (meta.config as { data?: { missing?: unknown; timeGaps?: unknown } } | undefined)?.data;
  return {
    missing: typeof data?.missing === 'string' ? data.missing : 'interpolate',
    timeGaps: typeof data?.timeGaps === 'string' ? data.timeGaps : 'fill',
  };
}

interface Rows {
  matrix: Float64Array;
  sourceRow: Int32Array;
  times: Float64Array | null;
}

/** data.missing = drop: rows with an empty feature cell leave the series, as in training. */
function dropIncompleteRows(rows: Rows, F: number): Rows {
  const keep: number[] = [];
  for (let r = 0; r < rows.sourceRow.length; r++) {
    let complete = true;
    for (let f = 0; f < F && complete; f++) complete = !Number.isNaN(rows.matrix[r * F + f]);
    if (complete) keep.push(r);
  }
  const matrix = new Float64Array(keep.length * F);
  keep.forEach((r, i) => matrix.set(rows.matrix.subarray(r * F, (r + 1) * F), i * F));
  return { matrix, sourceRow: Int32Array.from(keep, (r) => rows.sourceRow[r]), times: rows.times ? Float64Array.from(keep, (r) => rows.times![r]) : null };
}

/** Rows a regular time column skips, inserted as missing (sourceRow 0), as training inserted them. */
function insertGapRows(rows: Rows, F: number, spacing: NonNullable<TimeAxis['spacing']>): Rows {
  const filled = fillGaps(rows.times!, spacing);
  const matrix = new Float64Array(filled.source.length * F).fill(NaN);
  filled.source.forEach((source, r) => {
    if (source >= 0) matrix.set(rows.matrix.subarray(source * F, (source + 1) * F), r * F);
  });
  return { matrix, sourceRow: Int32Array.from(filled.source, (source) => (source < 0 ? 0 : rows.sourceRow[source])), times: filled.times };
}

/** Throws naming the first empty cell in ordered rows [first, last] (data.missing = error leaves them). */
export function checkComplete(inputs: ModelInputs, first: number, last: number): void {
  const { F, features } = inputs;
  for (let r = first; r <= last; r++) {
    for (let f = 0; f < F; f++) {
      if (!Number.isNaN(features[r * F + f])) continue;
      if (inputs.sourceRow[r] === 0) {
        let next = r;
        while (next < inputs.rows - 1 && inputs.sourceRow[next] === 0) next++;
        throw new SeqLabError('BAD_DATA', 'the time column skips a step just before this row, inside a window the model reads', { file: inputs.file, row: inputs.sourceRow[next] }, 'the model was trained with data.missing "error": fill the gap in');
      }
      throw new SeqLabError('BAD_DATA', 'missing value in a window the model reads', { file: inputs.file, row: inputs.sourceRow[r], column: inputs.featureColumn[f] }, 'fill the cell in (the model was trained with data.missing "error")');
    }
  }
}

/** The input's time column(s), read as in training: the model's columns and format (older models
 *  without a recorded format: detected, as training did). */
function inputTime(table: RawTable, axis: TimeAxis): { values: Float64Array; format: string | null; grain: TimeAxis['grain'] } {
  const file = table.file;
  const lookup = (name: string): RawColumn => {
    const column = table.columns.find((c) => c.name === name);
    if (!column) throw new SeqLabError('BAD_DATA', `column ${JSON.stringify(name)} is missing; the model's time is ${JSON.stringify(axis.columns ?? axis.column)}`, { file, column: name });
    return column;
  };
  const format = axis.kind === 'number' ? 'number' : axis.format ?? 'auto';
  let role;
  try {
    role = resolveTime(table, axis.columns ?? axis.column, format, null, file, lookup, []);
  } catch (error) {
    if (!(error instanceof SeqLabError) || error.code !== 'BAD_CONFIG') throw error;
    throw new SeqLabError('BAD_DATA', `the time column must be written as in training (${format === 'auto' ? `e.g. ${JSON.stringify(axis.last)}` : `timeFormat "${format}", e.g. ${JSON.stringify(axis.last)}`}): ${error.message}`, { file, column: axis.column });
  }
  if (!role || role.kind !== axis.kind) {
    throw new SeqLabError('BAD_DATA', `the time column must hold ${axis.kind === 'date' ? 'dates' : 'numbers'} as in training (e.g. ${JSON.stringify(axis.last)})`, { file, column: axis.column });
  }
  const missing = role.values.findIndex((value) => Number.isNaN(value));
  if (missing >= 0) throw new SeqLabError('BAD_DATA', 'the time column has no value here', { file, row: missing + 1, column: axis.column });
  return role;
}

function groupBySequence(column: RawColumn, times: Float64Array | null, file: string): { order: Int32Array; sequences: { names: string[]; starts: Int32Array } } {
  const groups = new Map<string, number[]>();
  for (let r = 0; r < column.numbers.length; r++) {
    const key = column.kind === 'numeric' ? String(column.numbers[r]) : column.codes && column.levels && column.codes[r] >= 0 ? column.levels[column.codes[r]] : '';
    if (key === '' || key === 'NaN') throw new SeqLabError('BAD_DATA', 'the sequence id is missing', { file, row: r + 1, column: column.name });
    let rows = groups.get(key);
    if (!rows) groups.set(key, (rows = []));
    rows.push(r);
  }
  const order: number[] = [];
  const starts: number[] = [];
  for (const rows of groups.values()) {
    starts.push(order.length);
    order.push(...(times ? [...rows].sort((a, b) => times[a] - times[b] || a - b) : rows));
  }
  starts.push(order.length);
  return { order: Int32Array.from(order), sequences: { names: [...groups.keys()], starts: Int32Array.from(starts) } };
}

function identity(count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => i);
}

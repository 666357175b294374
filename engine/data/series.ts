// From a read CSV and its column roles to one ordered series: rows sorted by time (within each sequence),
// gaps of a regular time column inserted as missing rows, one-hot columns expanded, and the `error` /
// `drop` missing-value policies applied. (`ffill` / `interpolate` run later, per split: missing.ts.)
import { SeqLabError } from '../errors';
import type { DataConfig } from '../config/schema.generated';
import { MAX_LEVELS } from './csv/column';
import type { RawColumn, RawTable } from './csv/readCsv';
import type { ColumnRoles } from './roles';
import { type Spacing, type TimeAxis, describeSpacing, detectSpacing, fillGaps, formatTimeValue, timeOrder } from './time';
import { repeatedTimeHint } from './timeRole';
import type { InputColumn } from './types';

export interface Series {
  rows: number;
  /** 1-based data row of the file each prepared row comes from; 0 for a row inserted into a time gap. */
  sourceRow: Int32Array;
  time: Float64Array | null;
  timeAxis: TimeAxis | null;
  /** [rows, F] raw input values (one-hot expanded), NaN where missing. */
  features: Float64Array;
  featureNames: string[];
  /** Which features are one-hot slots (never scaled, never relative). */
  oneHot: boolean[];
  inputColumns: InputColumn[];
  /** [rows] class id as a number, NaN where missing (classify). */
  labels: Float64Array | null;
  /** Row ranges of the sequences, [starts[i], starts[i+1]) (classify with sequenceId), else null. */
  sequenceStarts: Int32Array | null;
  sequenceNames: string[] | null;
  missingCells: number;
  insertedRows: number;
  droppedRows: number;
  wasSorted: boolean;
  notes: string[];
}

export function buildSeries(table: RawTable, roles: ColumnRoles, data: DataConfig): Series {
  const file = table.file;
  const notes: string[] = [];
  const timeColumn = roles.time;
  const rawTimes = timeColumn ? timeColumn.values : null;
  if (timeColumn && rawTimes) {
    const missing = rawTimes.findIndex((v) => Number.isNaN(v));
    if (missing >= 0) {
      const empty = (c: RawColumn) => (c.dates ? Number.isNaN(c.dates[missing]) : c.kind === 'numeric' ? Number.isNaN(c.numbers[missing]) : c.codes?.[missing] === -1);
      const column = timeColumn.columns.find(empty) ?? timeColumn.column;
      throw new SeqLabError('BAD_DATA', 'the time column has no value here', { file, row: missing + 1, column: column.name }, 'every row needs a time: fill it in or remove the row');
    }
  }

  // 1. Order: sequences in order of first appearance, rows by time within each; or the whole series by time.
  let order: Int32Array;
  let sequenceStarts: Int32Array | null = null;
  let sequenceNames: string[] | null = null;
  let wasSorted = true;
  if (roles.sequenceId) {
    ({ order, starts: sequenceStarts, names: sequenceNames, wasSorted } = groupRows(table.rows, roles.sequenceId, rawTimes, file));
  } else if (rawTimes) {
    ({ order, wasSorted } = timeOrder(rawTimes));
  } else {
    order = identityOrder(table.rows);
  }
  if (!wasSorted) notes.push(`rows were not in time order; sorted by ${JSON.stringify(timeColumn?.column.name)}`);

  // 2. Time axis: duplicates are an error for one series; a regular spacing has its gaps filled.
  let source = order; // per prepared row: index of the raw row, or -1 when inserted
  let times: Float64Array | null = rawTimes ? gather(rawTimes, order) : null;
  let timeAxis: TimeAxis | null = null;
  let insertedRows = 0;
  if (timeColumn && times) {
    let spacing: Spacing | null = null;
    const axisBase = { kind: timeColumn.kind, grain: timeColumn.grain, ...(timeColumn.format ? { format: timeColumn.format } : {}) };
    if (!roles.sequenceId) {
      for (let i = 1; i < times.length; i++) {
        if (times[i] === times[i - 1]) {
          throw new SeqLabError('BAD_DATA', `the time ${formatTimeValue(axisBase, times[i])} appears twice (data rows ${order[i - 1] + 1} and ${order[i] + 1})`, { file, row: order[i] + 1, column: timeColumn.column.name },
            repeatedTimeHint(table, timeColumn));
        }
      }
      const detected = detectSpacing(times, timeColumn.kind);
      spacing = detected.spacing;
      if (spacing && detected.gapRows > 0) {
        if (data.timeGaps === 'fill' && detected.gapRows <= table.rows) {
          const filled = fillGaps(times, spacing);
          source = filled.source.map((i) => (i < 0 ? -1 : order[i]));
          times = filled.times;
          insertedRows = detected.gapRows;
          notes.push(`the ${describeSpacing(spacing)} time column skips ${detected.gapRows} step(s); inserted them as missing rows (data.timeGaps)`);
        } else {
          notes.push(`the ${describeSpacing(spacing)} time column skips ${detected.gapRows} step(s); rows kept as they are`);
        }
      }
    }
    const columns = timeColumn.columns.length > 1 ? { columns: timeColumn.columns.map((c) => c.name) } : {};
    timeAxis = { column: timeColumn.column.name, ...columns, ...axisBase, spacing, first: formatTimeValue(axisBase, times[0]), last: formatTimeValue(axisBase, times[times.length - 1]) };
  }

  // 3. Matrices in prepared-row order.
  const { names: featureNames, oneHot, inputColumns } = describeFeatures(roles);
  const width = featureNames.length;
  let rows = source.length;
  let features: Float64Array = new Float64Array(rows * width);
  let labels = roles.label ? new Float64Array(rows) : null;
  // Column by column: each feature's source array is read in one pass (and a one-hot column's codes map
  // to slots once, not by a search per row).
  let f = 0;
  for (const feature of roles.features) {
    if (feature.kind === 'numeric') {
      const numbers = feature.column.numbers;
      for (let r = 0; r < rows; r++) features[r * width + f] = source[r] < 0 ? NaN : numbers[source[r]];
      f++;
      continue;
    }
    const codes = feature.column.codes as Int32Array;
    const slotOfCode = (feature.column.levels as string[]).map((level) => feature.levels.indexOf(level));
    const slots = feature.levels.length;
    for (let r = 0; r < rows; r++) {
      const code = source[r] < 0 ? -1 : codes[source[r]];
      const slot = code < 0 ? -1 : slotOfCode[code];
      for (let l = 0; l < slots; l++) features[r * width + f + l] = slot < 0 ? NaN : l === slot ? 1 : 0;
    }
    f += slots;
  }
  if (labels && roles.label) {
    const classOf = roles.label.classOf;
    for (let r = 0; r < rows; r++) labels[r] = source[r] < 0 || classOf[source[r]] < 0 ? NaN : classOf[source[r]];
  }
  let sourceRow = source.map((s) => s + 1);
  const missingCells = countMissing(roles, source);

  // 4. error / drop policies; ffill / interpolate happen per split.
  if (data.missing === 'error') {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < width; c++) {
        if (Number.isNaN(features[r * width + c]) || (labels && Number.isNaN(labels[r]))) {
          const column = Number.isNaN(features[r * width + c]) ? columnOfFeature(inputColumns, c) : (roles.label?.column.name as string);
          if (sourceRow[r] === 0) {
            let next = r;
            while (sourceRow[next] === 0) next++;
            throw new SeqLabError('BAD_DATA', `the time column skips ${formatTimeValue(timeAxis as TimeAxis, (times as Float64Array)[r])} (just before this row)`, { file, row: sourceRow[next], column: timeAxis?.column }, 'set data.missing to "interpolate" or "ffill" to fill it, or data.timeGaps to "keep"');
          }
          throw new SeqLabError('BAD_DATA', 'missing value', { file, row: sourceRow[r], column }, 'data.missing is "error": fill the cell, or choose "drop", "ffill" or "interpolate"');
        }
      }
    }
  }
  let droppedRows = 0;
  if (data.missing === 'drop') {
    const keep: number[] = [];
    for (let r = 0; r < rows; r++) {
      let ok = !(labels && Number.isNaN(labels[r]));
      for (let c = 0; ok && c < width; c++) ok = !Number.isNaN(features[r * width + c]);
      if (ok) keep.push(r);
    }
    const kept = new Uint8Array(rows);
    for (const r of keep) kept[r] = 1;
    for (let r = 0; r < rows; r++) if (!kept[r] && sourceRow[r] !== 0) droppedRows++;
    if (keep.length < rows) {
      features = gatherRows(features, width, keep);
      labels = labels ? Float64Array.from(keep, (r) => (labels as Float64Array)[r]) : null;
      times = times ? Float64Array.from(keep, (r) => (times as Float64Array)[r]) : null;
      if (sequenceStarts) {
        const keptBefore = new Int32Array(rows + 1); // keptBefore[r] = kept rows before row r
        for (let r = 0; r < rows; r++) keptBefore[r + 1] = keptBefore[r] + kept[r];
        sequenceStarts = Int32Array.from(sequenceStarts, (start) => keptBefore[start]);
      }
      sourceRow = Int32Array.from(keep, (r) => sourceRow[r]);
      insertedRows = 0;
      rows = keep.length;
    }
  }
  return { rows, sourceRow, time: times, timeAxis, features, featureNames, oneHot, inputColumns, labels, sequenceStarts, sequenceNames, missingCells, insertedRows, droppedRows, wasSorted, notes };
}

function identityOrder(count: number): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order;
}

/** values[order[i]] for each i (a plain loop: TypedArray.from with a callback is several times slower). */
function gather(values: Float64Array, order: Int32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = values[order[i]];
  return out;
}

function describeFeatures(roles: ColumnRoles): { names: string[]; oneHot: boolean[]; inputColumns: InputColumn[] } {
  const names: string[] = [];
  const oneHot: boolean[] = [];
  const inputColumns: InputColumn[] = [];
  for (const feature of roles.features) {
    if (feature.kind === 'numeric') {
      inputColumns.push({ column: feature.column.name, kind: 'numeric', feature: names.length });
      names.push(feature.column.name);
      oneHot.push(false);
    } else {
      inputColumns.push({ column: feature.column.name, kind: 'onehot', levels: feature.levels, feature: names.length });
      for (const level of feature.levels) {
        names.push(`${feature.column.name}=${level}`);
        oneHot.push(true);
      }
    }
  }
  return { names, oneHot, inputColumns };
}

function columnOfFeature(inputColumns: InputColumn[], feature: number): string {
  let name = inputColumns[0].column;
  for (const input of inputColumns) if (input.feature <= feature) name = input.column;
  return name;
}

/** Empty cells in the columns used (features and label), counted in the file. */
function countMissing(roles: ColumnRoles, source: Int32Array): number {
  let count = 0;
  const used = new Set([...roles.features.map((f) => f.column), ...(roles.label ? [roles.label.column] : [])]);
  for (const column of used) {
    // Numbers are NaN where a cell is empty; a text column's codes are -1 there (its numbers are NaN
    // for every word). Asking a numeric column for its codes would build them: read its numbers.
    const codes = column.kind === 'numeric' ? null : column.codes;
    const numbers = column.numbers;
    for (let i = 0; i < source.length; i++) {
      const s = source[i];
      if (s >= 0 && (codes ? codes[s] < 0 : Number.isNaN(numbers[s]))) count++;
    }
  }
  return count;
}

function gatherRows(matrix: Float64Array, width: number, keep: number[]): Float64Array {
  const out = new Float64Array(keep.length * width);
  keep.forEach((r, i) => out.set(matrix.subarray(r * width, (r + 1) * width), i * width));
  return out;
}

function groupRows(rows: number, id: RawColumn, times: Float64Array | null, file: string): { order: Int32Array; starts: Int32Array; names: string[]; wasSorted: boolean } {
  const { codes, levels, numbers } = id;
  if (id.kind !== 'numeric' && !(codes && levels)) {
    throw new SeqLabError('BAD_DATA', `the sequence id column has more than ${MAX_LEVELS} distinct values`, { file, column: id.name });
  }
  const groups = new Map<string, number[]>();
  for (let r = 0; r < rows; r++) {
    const key = id.kind === 'numeric' ? String(numbers[r]) : codes && levels && codes[r] >= 0 ? levels[codes[r]] : '';
    if (key === '' || key === 'NaN') throw new SeqLabError('BAD_DATA', 'the sequence id is missing', { file, row: r + 1, column: id.name }, 'every row needs the id of its sequence');
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(r);
  }
  const order: number[] = [];
  const starts: number[] = [];
  let wasSorted = true;
  for (const list of groups.values()) {
    starts.push(order.length);
    if (times) {
      const sorted = [...list].sort((a, b) => times[a] - times[b] || a - b);
      if (sorted.some((r, i) => r !== list[i])) wasSorted = false;
      order.push(...sorted);
    } else order.push(...list);
  }
  starts.push(order.length);
  return { order: Int32Array.from(order), starts: Int32Array.from(starts), names: [...groups.keys()], wasSorted };
}

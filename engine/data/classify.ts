// Classification windows. Without a sequence id: windows over one ordered series, split chronologically,
// each labelled by the label column `labelOffset` rows after its last row. With one: each sequence is a
// window (its last `window` rows, right-padded with zeros; `lengths` says how many are real), and whole
// sequences go to train / validation / test in a seeded random order.
import { SeqLabError } from '../errors';
import type { SeqLabConfig } from '../config/schema.generated';
import { createRng } from '../rng';
import { fillSegment } from './missing';
import type { ColumnRoles } from './roles';
import type { Series } from './series';
import { chronologicalRanges, countsByFraction, fillBySplit, rangeRows, trainingStats } from './split';
import { checkBatch, noValueError } from './forecast';
import { buildReport, splitInfos, tooFewRowsError } from './reportBuild';
import type { SplitReport } from './report';
import { SPLIT_NAMES, type Normalisation, type PreparedClassify, type SplitInfo, type SplitName } from './types';

/** Where each window of each split sits in the series: its first row, its length, its label. */
interface WindowTable {
  start: Record<SplitName, Int32Array>;
  length: Record<SplitName, Int32Array>;
  label: Record<SplitName, Int32Array>;
}

export function prepareClassify(series: Series, roles: ColumnRoles, config: SeqLabConfig, dataFile: string, configFile: string, rowsRead: number): PreparedClassify {
  const data = config.data;
  const F = series.featureNames.length;
  const label = roles.label as NonNullable<ColumnRoles['label']>;
  const labels = series.labels as Float64Array;
  const grouped = series.sequenceStarts !== null;
  const fillMethod = (c: number) => (series.oneHot[c] || data.missing === 'ffill' ? 'ffill' : 'interpolate');
  const fillsMissing = data.missing === 'ffill' || data.missing === 'interpolate';
  let filled = 0;
  let windows: WindowTable;
  let trainRows: number[];
  let splits: Record<SplitName, SplitInfo>;
  let T = data.window;
  const notes: string[] = [];

  if (!grouped) {
    const ranges = chronologicalRanges(series.rows, data.split);
    const offset = data.labelOffset;
    const count = (split: SplitName) => Math.max(0, ranges[split].end - ranges[split].start - T - offset + 1);
    for (const split of SPLIT_NAMES) if (count(split) < 1) throw tooFewRowsError(split, ranges[split].end - ranges[split].start, T, offset, 'labelOffset', configFile);
    if (fillsMissing) {
      filled += fillBySplit(series.features, F, ranges, fillMethod, (c, split, first) => noValueError(series, c, split, first, dataFile));
      filled += fillBySplit(labels, 1, ranges, () => 'ffill', (_, split, first) => new SeqLabError('BAD_DATA', `the label has no value in the ${split} split (from this row on)`, { file: dataFile, row: series.sourceRow[first], column: label.column.name }));
    }
    windows = tableOf((split) => Int32Array.from({ length: count(split) }, (_, w) => ranges[split].start + w), () => T, (split, w) => labels[ranges[split].start + w + T - 1 + offset]);
    trainRows = [...rangeRows(ranges.train.start, ranges.train.end)];
    splits = splitInfos(ranges, count, series);
  } else {
    const starts = series.sequenceStarts as Int32Array;
    const sequences = starts.length - 1;
    const counts = countsByFraction(sequences, data.split);
    if (SPLIT_NAMES.some((s) => counts[s] < 1)) {
      throw new SeqLabError('BAD_DATA', `${sequences} sequence(s) cannot fill train, validation and test (${counts.train}/${counts.validation}/${counts.test})`, { file: dataFile, column: roles.sequenceId?.name }, 'each split needs at least one whole sequence: add data or change data.split');
    }
    const order = createRng(config.training.seed).shuffle(Int32Array.from({ length: sequences }, (_, i) => i));
    const members: Record<SplitName, number[]> = {
      train: [...order.subarray(0, counts.train)].sort((a, b) => a - b),
      validation: [...order.subarray(counts.train, counts.train + counts.validation)].sort((a, b) => a - b),
      test: [...order.subarray(counts.train + counts.validation)].sort((a, b) => a - b),
    };
    const longest = Math.max(...Array.from({ length: sequences }, (_, i) => starts[i + 1] - starts[i]));
    T = Math.min(T, longest);
    let truncated = 0;
    const first = (i: number) => Math.max(starts[i], starts[i + 1] - T);
    for (let i = 0; i < sequences; i++) {
      if (starts[i + 1] - starts[i] > T) truncated++;
      if (fillsMissing) filled += fillSequence(series, labels, starts[i], starts[i + 1], fillMethod, dataFile, series.sequenceNames?.[i] ?? String(i));
      checkOneLabel(labels, starts[i], starts[i + 1], series, label.classes, dataFile, label.column.name);
    }
    if (truncated) notes.push(`${truncated} sequence(s) longer than data.window (${T}) keep their last ${T} rows`);
    windows = tableOf((split) => Int32Array.from(members[split], first), (split, w) => starts[members[split][w] + 1] - first(members[split][w]), (split, w) => labels[starts[members[split][w] + 1] - 1]);
    trainRows = members.train.flatMap((i) => [...rangeRows(first(i), starts[i + 1])]);
    splits = {} as Record<SplitName, SplitInfo>;
    for (const split of SPLIT_NAMES) {
      const rows = members[split].reduce((sum, i) => sum + starts[i + 1] - first(i), 0);
      splits[split] = { windows: members[split].length, start: 0, end: 0, rows, from: null, to: null };
    }
  }

  const stats = trainingStats(series.features, F, trainRows, (c) => series.oneHot[c] || data.scaling === 'none');
  const scaled = new Float64Array(series.features.length);
  for (let r = 0; r < series.rows; r++) for (let c = 0; c < F; c++) scaled[r * F + c] = (series.features[r * F + c] - stats.mean[c]) / stats.std[c];
  const normalisation: Normalisation = {
    formulation: 'absolute',
    scaling: data.scaling,
    features: { names: series.featureNames, mean: stats.mean, std: stats.std, relative: series.featureNames.map(() => false) },
    targets: { names: [], mean: [], std: [], featureIndex: [] },
  };
  const window = T;
  const prepared: PreparedClassify = {
    task: 'classify',
    config,
    dataFile,
    window,
    outputSize: label.classes.length,
    input: { kind: 'features', size: F },
    featureNames: series.featureNames,
    classNames: label.classes,
    labelColumn: label.column.name,
    sequenceIdColumn: roles.sequenceId?.name ?? null,
    labelOffset: data.labelOffset,
    inputColumns: series.inputColumns,
    normalisation,
    time: series.timeAxis,
    splits,
    fillBatch(split, indices, x, y, lengths) {
      checkBatch(x, indices.length * window * F, 'x', y, indices.length);
      for (let b = 0; b < indices.length; b++) {
        const w = indices[b];
        if (!(w >= 0 && w < splits[split].windows)) throw new RangeError(`window ${w} is outside the ${split} split (${splits[split].windows} windows)`);
        const start = windows.start[split][w];
        const length = windows.length[split][w];
        x.fill(0, b * window * F, (b + 1) * window * F);
        x.set(scaled.subarray(start * F, (start + length) * F), b * window * F);
        y[b] = windows.label[split][w];
        if (lengths) lengths[b] = length;
      }
    },
    labels: (split) => windows.label[split],
    report: undefined as never,
  };
  const splitExtras = {} as Record<SplitName, Partial<SplitReport>>;
  for (const split of SPLIT_NAMES) {
    const classCounts: Record<string, number> = Object.fromEntries(label.classes.map((name) => [name, 0]));
    for (const id of windows.label[split]) classCounts[label.classes[id]]++;
    splitExtras[split] = { classCounts, ...(grouped ? { sequences: splits[split].windows } : {}) };
  }
  prepared.report = buildReport({ prepared, series, roles, rowsRead, filled, stats, splitExtras });
  prepared.report.notes.push(...notes);
  return prepared;
}

function tableOf(starts: (split: SplitName) => Int32Array, length: (split: SplitName, w: number) => number, label: (split: SplitName, w: number) => number): WindowTable {
  const table = { start: {}, length: {}, label: {} } as WindowTable;
  for (const split of SPLIT_NAMES) {
    table.start[split] = starts(split);
    table.length[split] = Int32Array.from(table.start[split], (_, w) => length(split, w));
    table.label[split] = Int32Array.from(table.start[split], (_, w) => label(split, w));
  }
  return table;
}

function fillSequence(series: Series, labels: Float64Array, start: number, end: number, method: (c: number) => 'ffill' | 'interpolate', file: string, name: string): number {
  const F = series.featureNames.length;
  let filled = 0;
  for (let c = 0; c < F; c++) {
    const count = fillSegment(series.features, F, c, start, end, method(c), false);
    if (count < 0) throw new SeqLabError('BAD_DATA', `sequence ${JSON.stringify(name)} has no value in column ${JSON.stringify(series.featureNames[c])}`, { file, row: series.sourceRow[start], column: series.featureNames[c] });
    filled += count;
  }
  const count = fillSegment(labels, 1, 0, start, end, 'ffill', false);
  if (count < 0) throw new SeqLabError('BAD_DATA', `sequence ${JSON.stringify(name)} has no label`, { file, row: series.sourceRow[start] });
  return filled + count;
}

function checkOneLabel(labels: Float64Array, start: number, end: number, series: Series, classes: string[], file: string, column: string): void {
  for (let r = start + 1; r < end; r++) {
    if (!Number.isNaN(labels[r]) && !Number.isNaN(labels[start]) && labels[r] !== labels[start]) {
      throw new SeqLabError('BAD_DATA', `a sequence has one label, but this one changes from ${JSON.stringify(classes[labels[start]])} (data row ${series.sourceRow[start]}) to ${JSON.stringify(classes[labels[r]])}`, { file, row: series.sourceRow[r], column });
    }
  }
}

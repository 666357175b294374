// Classification windows. Without a sequence id: windows over one ordered series, split chronologically,
// each labelled by the label column `labelOffset` rows after its last row. With one: each sequence is a
// window (its last `window` rows, right-padded with zeros; `lengths` says how many are real), and whole
// sequences go to train / validation / test in a seeded random order. The classes are the labels of the
// training windows: a validation or test window whose label never occurs in training is left out (and
// reported), so later data cannot change the model's outputs.
import { SeqLabError } from '../errors';
import type { SeqLabConfig } from '../config/schema.generated';
import { createRng } from '../rng';
import { checkBatch, noValueError } from './forecast';
import { fillSegment } from './missing';
import { keepTrainingLevels } from './onehot';
import { checkFloat32Range } from './range';
import type { SplitReport } from './report';
import { buildReport, splitInfos, tooFewRowsError } from './reportBuild';
import { formatTimeValue } from './time';
import type { ColumnRoles } from './roles';
import type { Series } from './series';
import { chronologicalRanges, countsByFraction, fillBySplit, rangeRows, trainingStats } from './split';
import { SPLIT_NAMES, type CompactData, type Normalisation, type PreparedClassify, type SplitInfo, type SplitName } from './types';

/** Where the windows of one split sit in the series: first row, length, row holding the label. */
interface SplitWindows {
  start: Int32Array;
  length: Int32Array;
  labelRow: Int32Array;
  /** Index of the window's sequence (series.sequenceNames), −1 for windows over one series. */
  sequence: Int32Array;
}

interface Layout {
  windows: Record<SplitName, SplitWindows>;
  splits: Record<SplitName, SplitInfo>;
  trainRows: number[];
  window: number;
  /** Fills missing values of a (one-hot-pruned) series in the way this layout allows. */
  fill: (series: Series, labels: Float64Array) => number;
  notes: string[];
}

export function prepareClassify(allLevels: Series, roles: ColumnRoles, config: SeqLabConfig, dataFile: string, configFile: string, rowsRead: number): PreparedClassify {
  const data = config.data;
  const label = roles.label as NonNullable<ColumnRoles['label']>;
  const layout = allLevels.sequenceStarts ? sequenceLayout(allLevels, config, dataFile, roles) : seriesLayout(allLevels, config, configFile, dataFile, label.column.name);
  const series = keepTrainingLevels(allLevels, layout.trainRows);
  const F = series.featureNames.length;
  const labels = series.labels as Float64Array;
  const filled = data.missing === 'ffill' || data.missing === 'interpolate' ? layout.fill(series, labels) : 0;
  if (series.sequenceStarts) {
    const starts = series.sequenceStarts;
    for (let i = 0; i + 1 < starts.length; i++) checkOneLabel(labels, starts[i], starts[i + 1], series, label.classes, dataFile, label.column.name);
  }

  // Classes: those of the training windows, in the sorted order of the label's levels.
  const trainClasses = new Set(Array.from(layout.windows.train.labelRow, (row) => labels[row]));
  const oldIds = [...trainClasses].sort((a, b) => a - b);
  const classNames = oldIds.map((id) => label.classes[id]);
  if (classNames.length < 2) throw new SeqLabError('BAD_DATA', `the training split has ${classNames.length} class (${classNames.join(', ')}); classification needs at least 2`, { file: dataFile, column: label.column.name }, 'give training a larger share in data.split, or check the label column');
  const newId = new Map(oldIds.map((id, i) => [id, i]));
  const windows = {} as Record<SplitName, SplitWindows & { label: Int32Array }>;
  const left: string[] = [];
  for (const split of SPLIT_NAMES) {
    const all = layout.windows[split];
    const keep = Array.from(all.labelRow.keys()).filter((w) => newId.has(labels[all.labelRow[w]]));
    if (keep.length < all.start.length) left.push(`${all.start.length - keep.length} ${split} window(s) whose class never occurs in training were left out (${[...new Set(Array.from(all.labelRow, (r) => label.classes[labels[r]]).filter((n) => !classNames.includes(n)))].join(', ')})`);
    if (keep.length === 0) throw new SeqLabError('BAD_DATA', `no ${split} window has a class seen in training`, { file: dataFile, column: label.column.name });
    windows[split] = {
      start: Int32Array.from(keep, (w) => all.start[w]),
      length: Int32Array.from(keep, (w) => all.length[w]),
      labelRow: Int32Array.from(keep, (w) => all.labelRow[w]),
      sequence: Int32Array.from(keep, (w) => all.sequence[w]),
      label: Int32Array.from(keep, (w) => newId.get(labels[all.labelRow[w]]) as number),
    };
    layout.splits[split].windows = keep.length;
  }

  const stats = trainingStats(series.features, F, layout.trainRows, (c) => series.oneHot[c] || data.scaling === 'none');
  checkFloat32Range(series, stats, dataFile);
  const scaled = new Float64Array(series.features.length);
  for (let r = 0; r < series.rows; r++) for (let c = 0; c < F; c++) scaled[r * F + c] = (series.features[r * F + c] - stats.mean[c]) / stats.std[c];
  const normalisation: Normalisation = {
    formulation: 'absolute',
    scaling: data.scaling,
    features: { names: series.featureNames, mean: stats.mean, std: stats.std, relative: series.featureNames.map(() => false) },
    targets: { names: [], mean: [], std: [], featureIndex: [] },
  };
  const T = layout.window;
  const splits = layout.splits;
  const prepared: PreparedClassify = {
    task: 'classify',
    config,
    dataFile,
    window: T,
    outputSize: classNames.length,
    input: { kind: 'features', size: F },
    featureNames: series.featureNames,
    classNames,
    labelColumn: label.column.name,
    sequenceIdColumn: roles.sequenceId?.name ?? null,
    labelOffset: data.labelOffset,
    inputColumns: series.inputColumns,
    normalisation,
    time: series.timeAxis,
    splits,
    fillBatch(split, indices, x, y, lengths) {
      checkBatch(x, indices.length * T * F, 'x', y, indices.length);
      const table = windows[split];
      for (let b = 0; b < indices.length; b++) {
        const w = indices[b];
        if (!(w >= 0 && w < table.start.length)) throw new RangeError(`window ${w} is outside the ${split} split (${table.start.length} windows)`);
        const start = table.start[w];
        const length = table.length[w];
        x.fill(0, b * T * F, (b + 1) * T * F);
        x.set(scaled.subarray(start * F, (start + length) * F), b * T * F);
        y[b] = table.label[w];
        if (lengths) lengths[b] = length;
      }
    },
    labels: (split) => windows[split].label,
    windowRows(split, w) {
      const table = windows[split];
      if (!(w >= 0 && w < table.start.length)) throw new RangeError(`window ${w} is outside the ${split} split (${table.start.length} windows)`);
      const sequence = table.sequence[w];
      return { start: table.start[w], length: table.length[w], labelRow: table.labelRow[w], sequence: sequence < 0 ? null : series.sequenceNames?.[sequence] ?? String(sequence) };
    },
    timeLabel: (row) => (series.time && series.timeAxis ? formatTimeValue(series.timeAxis, series.time[row]) : null),
    compact: () => ({
      series: scaled,
      width: F,
      windows: Object.fromEntries(SPLIT_NAMES.map((split) => [split, { start: windows[split].start, length: windows[split].length, label: windows[split].label }])) as CompactData['windows'],
    }),
    report: undefined as never,
  };
  const splitExtras = {} as Record<SplitName, Partial<SplitReport>>;
  for (const split of SPLIT_NAMES) {
    const classCounts: Record<string, number> = Object.fromEntries(classNames.map((name) => [name, 0]));
    for (const id of windows[split].label) classCounts[classNames[id]]++;
    splitExtras[split] = { classCounts, ...(series.sequenceStarts ? { sequences: splits[split].windows } : {}) };
  }
  prepared.report = buildReport({ prepared, series, roles, rowsRead, filled, stats, splitExtras });
  prepared.report.notes.push(...layout.notes, ...left);
  return prepared;
}

function seriesLayout(series: Series, config: SeqLabConfig, configFile: string, dataFile: string, labelName: string): Layout {
  const { window: T, labelOffset: offset, split } = config.data;
  const ranges = chronologicalRanges(series.rows, split);
  const count = (name: SplitName) => Math.max(0, ranges[name].end - ranges[name].start - T - offset + 1);
  for (const name of SPLIT_NAMES) if (count(name) < 1) throw tooFewRowsError(name, ranges[name].end - ranges[name].start, T, offset, 'labelOffset', configFile);
  const windows = {} as Record<SplitName, SplitWindows>;
  for (const name of SPLIT_NAMES) {
    const start = Int32Array.from({ length: count(name) }, (_, w) => ranges[name].start + w);
    windows[name] = { start, length: start.map(() => T), labelRow: start.map((s) => s + T - 1 + offset), sequence: start.map(() => -1) };
  }
  const fill = (pruned: Series, labels: Float64Array) => {
    const method = (c: number) => (pruned.oneHot[c] || config.data.missing === 'ffill' ? 'ffill' : 'interpolate');
    return fillBySplit(pruned.features, pruned.featureNames.length, ranges, method, (c, name, first) => noValueError(pruned, c, name, first, dataFile))
      + fillBySplit(labels, 1, ranges, () => 'ffill', (_, name, first) => new SeqLabError('BAD_DATA', `the label has no value in the ${name} split (from this row on)`, { file: dataFile, row: pruned.sourceRow[first], column: labelName }));
  };
  return { windows, splits: splitInfos(ranges, count, series), trainRows: [...rangeRows(ranges.train.start, ranges.train.end)], window: T, fill, notes: [] };
}

function sequenceLayout(series: Series, config: SeqLabConfig, dataFile: string, roles: ColumnRoles): Layout {
  const starts = series.sequenceStarts as Int32Array;
  const sequences = starts.length - 1;
  const counts = countsByFraction(sequences, config.data.split);
  if (SPLIT_NAMES.some((s) => counts[s] < 1)) {
    throw new SeqLabError('BAD_DATA', `${sequences} sequence(s) cannot fill train, validation and test (${counts.train}/${counts.validation}/${counts.test})`, { file: dataFile, column: roles.sequenceId?.name }, 'each split needs at least one whole sequence: add data or change data.split');
  }
  const order = createRng(config.training.seed).shuffle(Int32Array.from({ length: sequences }, (_, i) => i));
  const bounds: Record<SplitName, [number, number]> = { train: [0, counts.train], validation: [counts.train, counts.train + counts.validation], test: [counts.train + counts.validation, sequences] };
  const longest = Math.max(...Array.from({ length: sequences }, (_, i) => starts[i + 1] - starts[i]));
  const T = Math.min(config.data.window, longest);
  const first = (i: number) => Math.max(starts[i], starts[i + 1] - T);
  const windows = {} as Record<SplitName, SplitWindows>;
  const splits = {} as Record<SplitName, SplitInfo>;
  const members = {} as Record<SplitName, number[]>;
  for (const name of SPLIT_NAMES) {
    members[name] = [...order.subarray(...bounds[name])].sort((a, b) => a - b);
    windows[name] = {
      start: Int32Array.from(members[name], first),
      length: Int32Array.from(members[name], (i) => starts[i + 1] - first(i)),
      labelRow: Int32Array.from(members[name], (i) => starts[i + 1] - 1),
      sequence: Int32Array.from(members[name]),
    };
    splits[name] = { windows: members[name].length, start: 0, end: 0, rows: windows[name].length.reduce((a, b) => a + b, 0), from: null, to: null };
  }
  const truncated = Array.from({ length: sequences }, (_, i) => starts[i + 1] - starts[i] > T).filter(Boolean).length;
  const fill = (pruned: Series, labels: Float64Array) => {
    let filled = 0;
    for (let i = 0; i < sequences; i++) filled += fillSequence(pruned, labels, starts[i], starts[i + 1], dataFile, pruned.sequenceNames?.[i] ?? String(i), config.data.missing === 'ffill');
    return filled;
  };
  return {
    windows, splits, window: T, fill,
    trainRows: members.train.flatMap((i) => [...rangeRows(first(i), starts[i + 1])]),
    notes: truncated ? [`${truncated} sequence(s) longer than data.window (${T}) keep their last ${T} rows`] : [],
  };
}

function fillSequence(series: Series, labels: Float64Array, start: number, end: number, file: string, name: string, ffill: boolean): number {
  const F = series.featureNames.length;
  let filled = 0;
  for (let c = 0; c < F; c++) {
    const count = fillSegment(series.features, F, c, start, end, series.oneHot[c] || ffill ? 'ffill' : 'interpolate', false);
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

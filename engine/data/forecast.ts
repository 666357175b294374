// Forecasting windows over one ordered series: window w of a split covers rows [start+w, start+w+T) and
// predicts the `horizon` rows after it, all inside the split. See types.ts for the formulations.
import { SeqLabError } from '../errors';
import type { SeqLabConfig } from '../config/schema.generated';
import type { ColumnRoles } from './roles';
import { keepTrainingLevels } from './onehot';
import { checkFloat32Range } from './range';
import { detectSeason } from './season';
import type { Series } from './series';
import { type RowRanges, chronologicalRanges, fillBySplit, rangeRows, trainingStats } from './split';
import { buildReport, splitInfos, tooFewRowsError } from './reportBuild';
import { formatTimeValue } from './time';
import type { CompactData, Normalisation, PreparedForecast, SplitName } from './types';

export function prepareForecast(allLevels: Series, roles: ColumnRoles, config: SeqLabConfig, dataFile: string, configFile: string, rowsRead: number): PreparedForecast {
  const data = config.data;
  const T = data.window;
  const H = data.horizon;
  const N = allLevels.rows;
  const ranges = chronologicalRanges(N, data.split);
  const series = keepTrainingLevels(allLevels, rangeRows(ranges.train.start, ranges.train.end));
  const F = series.featureNames.length;
  const windowCount = (split: SplitName) => Math.max(0, ranges[split].end - ranges[split].start - T - H + 1);
  for (const split of ['train', 'validation', 'test'] as const) {
    if (windowCount(split) < 1) throw tooFewRowsError(split, ranges[split].end - ranges[split].start, T, H, 'horizon', configFile);
  }

  const features = series.features;
  const filled = data.missing === 'error' || data.missing === 'drop' ? 0 : fillBySplit(features, F, ranges,
    (c) => (series.oneHot[c] ? 'ffill' : data.missing === 'ffill' ? 'ffill' : 'interpolate'),
    (c, split, first) => noValueError(series, c, split, first, dataFile));

  const stats = trainingStats(features, F, rangeRows(ranges.train.start, ranges.train.end), (c) => series.oneHot[c] || data.scaling === 'none');
  checkFloat32Range(series, stats, dataFile);
  const relative = data.formulation === 'relative';
  const scaled = new Float64Array(N * F);
  for (let r = 0; r < N; r++) for (let c = 0; c < F; c++) scaled[r * F + c] = (features[r * F + c] - stats.mean[c]) / stats.std[c];

  const targetIndex = roles.targets.map((t) => series.inputColumns.find((input) => input.column === t.name)?.feature as number);
  const K = targetIndex.length;
  const O = H * K;
  const rawTargets = new Float64Array(N * K);
  for (let r = 0; r < N; r++) for (let k = 0; k < K; k++) rawTargets[r * K + k] = features[r * F + targetIndex[k]];
  const targetStd = targetIndex.map((f) => stats.std[f]);
  const targetMean = targetIndex.map((f) => stats.mean[f]);
  const relativeFeature = series.oneHot.map((oneHot) => relative && !oneHot);

  const normalisation: Normalisation = {
    formulation: relative ? 'relative' : 'absolute',
    scaling: data.scaling,
    features: { names: series.featureNames, mean: stats.mean, std: stats.std, relative: relativeFeature },
    targets: { names: roles.targets.map((t) => t.name), mean: targetMean, std: targetStd, featureIndex: targetIndex },
  };
  const trainTargets = new Float64Array(ranges.train.end - ranges.train.start);
  for (let i = 0; i < trainTargets.length; i++) trainTargets[i] = rawTargets[(ranges.train.start + i) * K];
  const season = data.season === 'auto' ? detectSeason(trainTargets, series.timeAxis?.spacing ?? null) : data.season;

  const lastRow = (split: SplitName, w: number): number => {
    if (!(w >= 0 && w < windowCount(split))) throw new RangeError(`window ${w} is outside the ${split} split (${windowCount(split)} windows)`);
    return ranges[split].start + w + T - 1;
  };

  const prepared: PreparedForecast = {
    task: 'forecast',
    config,
    dataFile,
    window: T,
    horizon: H,
    outputSize: O,
    input: { kind: 'features', size: F },
    featureNames: series.featureNames,
    targetNames: normalisation.targets.names,
    inputColumns: series.inputColumns,
    normalisation,
    time: series.timeAxis,
    timeLabel: (row) => (series.time && series.timeAxis ? formatTimeValue(series.timeAxis, series.time[row]) : null),
    season,
    splits: splitInfos(ranges, windowCount, series),
    rawTargets,
    rawFeatures: features,
    lastRow,
    fillBatch(split, windows, x, y) {
      checkBatch(x, windows.length * T * F, 'x', y, windows.length * O);
      for (let b = 0; b < windows.length; b++) {
        const last = lastRow(split, windows[b]);
        const first = last - T + 1;
        for (let t = 0; t < T; t++) {
          const row = (first + t) * F;
          const out = (b * T + t) * F;
          for (let f = 0; f < F; f++) x[out + f] = relativeFeature[f] ? scaled[row + f] - scaled[last * F + f] : scaled[row + f];
        }
        for (let h = 0; h < H; h++) {
          for (let k = 0; k < K; k++) {
            const f = targetIndex[k];
            const future = scaled[(last + 1 + h) * F + f];
            y[b * O + h * K + k] = relative ? future - scaled[last * F + f] : future;
          }
        }
      }
    },
    toOriginal(split, windows, modelOutput, out) {
      for (let b = 0; b < windows.length; b++) {
        const last = lastRow(split, windows[b]);
        for (let h = 0; h < H; h++) for (let k = 0; k < K; k++) {
          const i = b * O + h * K + k;
          out[i] = (relative ? rawTargets[last * K + k] : targetMean[k]) + modelOutput[i] * targetStd[k];
        }
      }
    },
    truth(split, windows, out) {
      for (let b = 0; b < windows.length; b++) {
        const last = lastRow(split, windows[b]);
        for (let h = 0; h < H; h++) for (let k = 0; k < K; k++) out[b * O + h * K + k] = rawTargets[(last + 1 + h) * K + k];
      }
    },
    lastValues(split, windows, out) {
      for (let b = 0; b < windows.length; b++) {
        const last = lastRow(split, windows[b]);
        for (let k = 0; k < K; k++) out[b * K + k] = rawTargets[last * K + k];
      }
    },
    seasonalNaive(split, windows, out) {
      for (let b = 0; b < windows.length; b++) {
        const last = lastRow(split, windows[b]);
        for (let h = 0; h < H; h++) {
          // The latest row one or more whole seasons before step h+1 that is not in the future.
          const source = last + 1 + h - season * Math.ceil((h + 1) / season);
          for (let k = 0; k < K; k++) out[b * O + h * K + k] = rawTargets[(source >= 0 ? source : last) * K + k];
        }
      }
    },
    inSampleNaiveMae(lag) {
      const { start, end } = ranges.train;
      return Array.from({ length: K }, (_, k) => {
        let sum = 0;
        let count = 0;
        for (let r = start + lag; r < end; r++) {
          sum += Math.abs(rawTargets[r * K + k] - rawTargets[(r - lag) * K + k]);
          count++;
        }
        return count ? sum / count : NaN;
      });
    },
    compact: () => ({
      series: scaled,
      width: F,
      windows: Object.fromEntries((['train', 'validation', 'test'] as const).map((split) => [split, { start: Int32Array.from({ length: windowCount(split) }, (_, w) => ranges[split].start + w) }])) as CompactData['windows'],
    }),
    report: undefined as never,
  };
  prepared.report = buildReport({ prepared, series, roles, rowsRead, filled, stats, ranges: ranges as RowRanges });
  return prepared;
}

export function checkBatch(x: { length: number }, xLength: number, xName: string, y: { length: number }, yLength: number): void {
  if (x.length < xLength) throw new RangeError(`${xName} holds ${x.length} values; this batch needs ${xLength}`);
  if (y.length < yLength) throw new RangeError(`y holds ${y.length} values; this batch needs ${yLength}`);
}

/** A column with no value at all in one split: nothing to fill its missing cells from. */
export function noValueError(series: Series, c: number, split: SplitName, firstRow: number, file: string): SeqLabError {
  let row = firstRow;
  while (row < series.rows - 1 && series.sourceRow[row] === 0) row++;
  const column = series.inputColumns.reduce((name, input) => (input.feature <= c ? input.column : name), series.inputColumns[0].column);
  return new SeqLabError('BAD_DATA', `column ${JSON.stringify(column)} has no value in the ${split} split (from this row on)`, { file, row: series.sourceRow[row], column }, 'fill some values in, or leave the column out of data.columns.features');
}

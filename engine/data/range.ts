// Numbers a float32 model can take. The data layer works in float64, but the model trains in float32 and
// the exported graph scales in float32: x − mean, x − x[last row] (the relative formulation) and
// (x − base) / std. A value past ±3.4e38, a spread between rows past it (±1e300 alternating passes as
// float64 and becomes Infinity in the batch, then a run that can neither resume nor export), or a
// spread of more standard deviations than float32 holds is refused here, at load, with column and row.
import { SeqLabError } from '../errors';
import type { Series } from './series';
import type { ColumnStats } from './split';

export const FLOAT32_MAX = 3.4028234663852886e38;

const HINT = 'rescale the column (e.g. in thousands, or as a logarithm), or leave it out of data.columns.features';

/** Throws BAD_DATA naming the column and row of the first value (or spread) float32 cannot hold. */
export function checkFloat32Range(series: Series, stats: ColumnStats, file: string): void {
  const F = series.featureNames.length;
  for (let c = 0; c < F; c++) {
    if (series.oneHot[c]) continue;
    const column = columnOf(series, c);
    let min = 0;
    let max = 0;
    for (let r = 0; r < series.rows; r++) {
      const value = series.features[r * F + c];
      if (Number.isNaN(value)) continue;
      if (Math.abs(value) > FLOAT32_MAX) {
        throw new SeqLabError('BAD_DATA', `${value} is beyond what float32, which the model computes in, can hold (±3.4e38)`, { file, row: rowOf(series, r), column }, HINT);
      }
      if (value < series.features[min * F + c] || Number.isNaN(series.features[min * F + c])) min = r;
      if (value > series.features[max * F + c] || Number.isNaN(series.features[max * F + c])) max = r;
    }
    const low = series.features[min * F + c];
    const high = series.features[max * F + c];
    if (high - low > FLOAT32_MAX) {
      throw new SeqLabError('BAD_DATA', `its values range from ${low} (row ${rowOf(series, min)}) to ${high}: differences between rows that large are beyond float32 (±3.4e38), which the model computes in`, { file, row: rowOf(series, max), column }, HINT);
    }
    const std = stats.std[c];
    const far = Math.abs(high - stats.mean[c]) >= Math.abs(low - stats.mean[c]) ? max : min;
    if ((high - low) / std > FLOAT32_MAX) {
      throw new SeqLabError('BAD_DATA', `${series.features[far * F + c]} lies ${((high - low) / std).toExponential(2)} training standard deviations (${std}) from other values: scaled, that is beyond float32 (±3.4e38)`, { file, row: rowOf(series, far), column }, HINT);
    }
  }
}

/** The CSV column a feature comes from. */
function columnOf(series: Series, feature: number): string {
  let name = series.inputColumns[0].column;
  for (const input of series.inputColumns) if (input.feature <= feature) name = input.column;
  return name;
}

/** The file row of a prepared row; a row inserted into a time gap holds a value between its neighbours. */
function rowOf(series: Series, r: number): number {
  for (let next = r; next < series.rows; next++) if (series.sourceRow[next] !== 0) return series.sourceRow[next];
  return series.sourceRow[r];
}

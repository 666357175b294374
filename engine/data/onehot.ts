// One-hot levels come from the training split only, like every other statistic: a level first seen in
// validation or test gets no input slot of its own (its rows have zeros in every slot of the column,
// as an unknown category should), so nothing about later data changes the model's inputs.
import type { Series } from './series';
import type { InputColumn } from './types';

export function keepTrainingLevels(series: Series, trainRows: Iterable<number>): Series {
  const F = series.featureNames.length;
  const seen = new Uint8Array(F);
  for (const r of trainRows) {
    for (let c = 0; c < F; c++) if (series.oneHot[c] && series.features[r * F + c] === 1) seen[c] = 1;
  }
  const keep: number[] = [];
  for (let c = 0; c < F; c++) if (!series.oneHot[c] || seen[c]) keep.push(c);
  if (keep.length === F) return series;

  const dropped: string[] = [];
  for (let c = 0; c < F; c++) if (!keep.includes(c)) dropped.push(series.featureNames[c]);
  const width = keep.length;
  const features = new Float64Array(series.rows * width);
  for (let r = 0; r < series.rows; r++) for (let i = 0; i < width; i++) features[r * width + i] = series.features[r * F + keep[i]];
  const inputColumns: InputColumn[] = [];
  let next = 0;
  for (const input of series.inputColumns) {
    if (input.kind === 'numeric') {
      inputColumns.push({ ...input, feature: next++ });
      continue;
    }
    const levels = input.levels.filter((_, l) => keep.includes(input.feature + l));
    if (levels.length === 0) continue;
    inputColumns.push({ ...input, levels, feature: next });
    next += levels.length;
  }
  return {
    ...series,
    features,
    featureNames: keep.map((c) => series.featureNames[c]),
    oneHot: keep.map((c) => series.oneHot[c]),
    inputColumns,
    notes: [...series.notes, `level(s) not seen in the training split get no input of their own (all-zero one-hot): ${dropped.join(', ')}`],
  };
}

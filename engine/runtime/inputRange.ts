// What `predict` checks in an input's numbers before the model sees them: a value float32 cannot hold
// is refused (the graph would compute with Infinity), and values far from anything the model was
// trained on (more than FAR standard deviations from the training mean recorded in its metadata) are
// a warning, one per column: the predictions there are extrapolations.
import { FLOAT32_MAX } from '../data/range';
import type { RawTable } from '../data/csv/readCsv';
import { SeqLabError } from '../errors';
import type { SeqLabModelMetadata } from '../onnx/metadataTypes';

/** Standard deviations from the training mean beyond which an input value is reported. */
export const FAR = 10;

/** Warnings (one line per column) about values far from training; throws for values beyond float32. */
export function inputRangeWarnings(table: RawTable, meta: SeqLabModelMetadata): string[] {
  const normalization = meta.normalization;
  if (!normalization || !meta.inputColumns) return [];
  const warnings: string[] = [];
  for (const input of meta.inputColumns) {
    if (input.kind !== 'numeric') continue;
    const column = table.columns.find((candidate) => candidate.name === input.column);
    if (!column) continue; // modelInputsFromTable names missing columns
    const mean = normalization.features.mean[input.feature];
    const std = normalization.features.std[input.feature];
    let count = 0;
    let farthest = -1;
    let farthestDistance = 0;
    column.numbers.forEach((value, r) => {
      if (Number.isNaN(value)) return;
      if (Math.abs(value) > FLOAT32_MAX) {
        throw new SeqLabError('BAD_DATA', `${value} is beyond what float32, which the model computes in, can hold (±3.4e38)`, { file: table.file, row: r + 1, column: column.name });
      }
      const distance = Math.abs(value - mean) / std;
      if (normalization.scaling !== 'standard' || !(distance > FAR)) return;
      count++;
      if (distance > farthestDistance) [farthest, farthestDistance] = [r, distance];
    });
    if (count > 0) {
      warnings.push(`${table.file}, column ${JSON.stringify(column.name)}: ${count} value(s) lie more than ${FAR} standard deviations from the training mean `
        + `(${format(mean)} ± ${format(std)}), the farthest ${format(column.numbers[farthest])} at row ${farthest + 1} (${format(farthestDistance)} standard deviations); `
        + 'the model never saw such values, so its predictions near them are extrapolations');
    }
  }
  return warnings;
}

const format = (value: number) => (Math.abs(value) >= 1e5 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(2) : String(Number(value.toPrecision(4))));

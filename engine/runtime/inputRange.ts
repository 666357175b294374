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
  const watch = new RangeWatch(meta, table.file);
  watch.columns.forEach((watched, i) => {
    const column = table.columns.find((candidate) => candidate.name === watched.column);
    if (!column) return; // modelInputsFromTable names missing columns
    column.numbers.forEach((value, r) => {
      if (!watch.add(i, value, r + 1)) {
        throw new SeqLabError('BAD_DATA', `${value} is beyond what float32, which the model computes in, can hold (±3.4e38)`, { file: table.file, row: r + 1, column: column.name });
      }
    });
  });
  return watch.warnings();
}

interface Watched {
  column: string;
  mean: number;
  std: number;
  count: number;
  farthestRow: number;
  farthestValue: number;
  farthestDistance: number;
}

/** The same check a value at a time, in row order (the streaming path of `predict --rolling`). */
export class RangeWatch {
  /** The numeric input columns, in the metadata's order. */
  readonly columns: Watched[];
  private readonly standard: boolean;

  constructor(meta: SeqLabModelMetadata, private readonly file: string) {
    const normalization = meta.normalization;
    this.standard = normalization?.scaling === 'standard';
    this.columns = !normalization || !meta.inputColumns ? [] : meta.inputColumns.filter((input) => input.kind === 'numeric').map((input) => ({
      column: input.column, mean: normalization.features.mean[input.feature], std: normalization.features.std[input.feature],
      count: 0, farthestRow: -1, farthestValue: NaN, farthestDistance: 0,
    }));
  }

  /** Counts value (of watched column i, 1-based row) when it is far; false when float32 cannot hold it. */
  add(i: number, value: number, row: number): boolean {
    if (Number.isNaN(value)) return true;
    if (Math.abs(value) > FLOAT32_MAX) return false;
    const watched = this.columns[i];
    const distance = Math.abs(value - watched.mean) / watched.std;
    if (!this.standard || !(distance > FAR)) return true;
    watched.count++;
    if (distance > watched.farthestDistance) {
      watched.farthestRow = row;
      watched.farthestValue = value;
      watched.farthestDistance = distance;
    }
    return true;
  }

  warnings(): string[] {
    return this.columns.filter((watched) => watched.count > 0).map((watched) => `${this.file}, column ${JSON.stringify(watched.column)}: ${watched.count} value(s) lie more than ${FAR} standard deviations from the training mean `
      + `(${format(watched.mean)} ± ${format(watched.std)}), the farthest ${format(watched.farthestValue)} at row ${watched.farthestRow} (${format(watched.farthestDistance)} standard deviations); `
      + 'the model never saw such values, so its predictions near them are extrapolations');
  }
}

const format = (value: number) => (Math.abs(value) >= 1e5 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(2) : String(Number(value.toPrecision(4))));

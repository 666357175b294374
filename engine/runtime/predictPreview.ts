// What the editor's panel shows of a prediction (`seqlab predict --out FILE --json`): the last rows of
// the predictions beside the input's own values in those rows, so a user sees the model against what
// happened. Built from the last predicted rows (the CLI keeps them as it writes) and the raw input table
// the CLI already holds, so the editor reads no CSV itself.
//   forecast  the first target's one-step-ahead prediction against its value in the input
//   classify  the predicted class against the label column, when the input has it
import type { RawTable } from '../data/csv/readCsv';
import type { SeqLabModelMetadata } from '../onnx/metadataTypes';

/** The predictions' header and their last rows (PREVIEW_ROWS or fewer). */
export interface PredictedRows {
  header: string[];
  rows: string[][];
}

/** Rows at most in a preview (the file has them all). */
export const PREVIEW_ROWS = 500;

interface Shown<T> {
  /** The input's 1-based data row (or, for sequence classifiers, the sequence id). */
  key: string[];
  /** The time column's text in those rows, or null without one. */
  time: string[] | null;
  /** The input's own value there (null where the input has none). */
  actual: (T | null)[];
  predicted: T[];
}

export type PredictionPreview =
  | { task: 'forecast'; rows: number; target: string; timeColumn: string | null; shown: Shown<number> }
  | { task: 'classify'; rows: number; label: string; classes: string[]; timeColumn: string | null; shown: Shown<string> };

/** `result`: the header and (at least) the last rows; `total`: how many rows were predicted in all. */
export function predictionPreview(result: PredictedRows, input: RawTable, meta: SeqLabModelMetadata, total = result.rows.length): PredictionPreview {
  const last = result.rows.slice(-PREVIEW_ROWS);
  const keyed = result.header[0] === 'row';
  const timeColumn = meta.time && result.header.includes(meta.time.column) ? meta.time.column : null;
  const timeAt = timeColumn ? result.header.indexOf(timeColumn) : -1;
  const byName = new Map(input.columns.map((column) => [column.name, column]));
  const shown = <T>(predictedAt: number, actual: (sourceRow: number) => T | null, parse: (text: string) => T): Shown<T> => ({
    key: last.map((row) => row[0]),
    time: timeAt >= 0 ? last.map((row) => row[timeAt]) : null,
    actual: last.map((row) => (keyed ? actual(Number(row[0]) - 1) : null)),
    predicted: last.map((row) => parse(row[predictedAt])),
  });
  if (meta.task === 'forecast') {
    const target = meta.normalization!.targets.names[0];
    const column = byName.get(target);
    const value = (r: number) => (column && Number.isFinite(column.numbers[r]) ? column.numbers[r] : null);
    return { task: 'forecast', rows: total, target, timeColumn, shown: shown(result.header.indexOf(`${target}_pred`), value, Number) };
  }
  const label = meta.label!;
  const column = byName.get(label);
  const value = (r: number): string | null => {
    if (!column) return null;
    if (column.codes && column.levels) return column.codes[r] >= 0 ? column.levels[column.codes[r]] : null;
    return Number.isFinite(column.numbers[r]) ? String(column.numbers[r]) : null;
  };
  return { task: 'classify', rows: total, label, classes: meta.classes!, timeColumn, shown: shown(result.header.indexOf(`${label}_pred`), value, String) };
}

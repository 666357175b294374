// The columns of an input CSV that a model reads (its input columns, time column and sequence id),
// as the data layer's RawTable: what modelInputsFromTable and inputRangeWarnings take. Only those
// columns are kept; a numeric input keeps only its numbers (no text levels or dates, which the data
// layer's accumulator tracks for every column while it guesses what the column is).
import { ColumnAccumulator, type RawColumn, type RawTable } from '../data/csv/column';
import { isMissingCell, parseStrictNumber } from '../data/csv/cells';
import type { SeqLabModelMetadata } from '../onnx/metadataTypes';
import type { CsvRows } from './csvRecords';

/** Reads every row of `rows` into the model's columns. */
export async function readInputTable(rows: CsvRows, meta: SeqLabModelMetadata): Promise<RawTable> {
  const numeric = new Set((meta.inputColumns ?? []).filter((input) => input.kind === 'numeric').map((input) => input.column));
  const other = new Set([...(meta.inputColumns ?? []).filter((input) => input.kind !== 'numeric').map((input) => input.column), ...(meta.time ? [meta.time.column] : []), ...(meta.sequenceId ? [meta.sequenceId] : [])]);
  const columns: { index: number; column: NumberColumn | ColumnAccumulator }[] = [];
  rows.header.forEach((name, index) => {
    if (other.has(name)) columns.push({ index, column: new ColumnAccumulator(name, index) });
    else if (numeric.has(name)) columns.push({ index, column: new NumberColumn(name, index) });
  });
  let row = 0;
  for await (const block of rows.blocks) {
    for (const record of block) {
      row++;
      for (const { index, column } of columns) column.add(record[index], row);
    }
  }
  return { file: rows.file, delimiter: rows.delimiter, rows: row, columns: columns.map(({ column }) => column.finish()) };
}

/** A numeric input column: ColumnAccumulator's numbers and number bookkeeping, nothing else. */
class NumberColumn {
  private numbers = new Float64Array(1024);
  private length = 0;
  private missing = 0;
  private numericCount = 0;
  private nonNumericCount = 0;
  private firstNonNumeric: RawColumn['firstNonNumeric'];
  private firstNumeric: RawColumn['firstNumeric'];

  constructor(readonly name: string, readonly index: number) {}

  add(text: string, row: number): void {
    let value = NaN;
    if (isMissingCell(text)) this.missing++;
    else {
      const trimmed = text.trim();
      const parsed = parseStrictNumber(trimmed);
      if (parsed === undefined) {
        this.nonNumericCount++;
        this.firstNonNumeric ??= { row, text: trimmed };
      } else {
        this.numericCount++;
        this.firstNumeric ??= { row, text: trimmed };
        value = parsed;
      }
    }
    if (this.length === this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[this.length++] = value;
  }

  finish(): RawColumn {
    const present = this.numericCount + this.nonNumericCount;
    const kind = present === 0 ? 'empty' : this.nonNumericCount === 0 ? 'numeric' : this.numericCount > this.nonNumericCount ? 'mixed' : 'categorical';
    return {
      name: this.name, index: this.index, kind, numbers: this.numbers.subarray(0, this.length), dates: null, dateGrain: 'month', codes: null, levels: null,
      missing: this.missing, firstNonNumeric: this.firstNonNumeric, firstNumeric: this.firstNumeric, firstNonDate: undefined,
    };
  }
}

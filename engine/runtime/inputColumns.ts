// The columns of an input CSV that a model reads (its input columns, time column(s) and sequence id),
// as the data layer's RawTable, read by the data layer's own column reader: what modelInputsFromTable
// and inputRangeWarnings take. Columns the model does not read are skipped, not kept.
import { ColumnAccumulator, type RawTable } from '../data/csv/column';
import { timeFormat } from '../data/csv/timeFormats';
import type { SeqLabModelMetadata } from '../onnx/metadataTypes';
import type { CsvRows } from './csvRecords';

/** Reads every row of `rows` into the model's columns. */
export async function readInputTable(rows: CsvRows, meta: SeqLabModelMetadata): Promise<RawTable> {
  const time = meta.time;
  const wanted = new Set([...(meta.inputColumns ?? []).map((input) => input.column), ...(time ? time.columns ?? [time.column] : []), ...(meta.sequenceId ? [meta.sequenceId] : [])]);
  // The model's time format is the only one tried on its time column, so the input reads as training did.
  const forced = time ? timeFormat(time.format ?? 'auto') : undefined;
  const columns: { index: number; column: ColumnAccumulator }[] = [];
  rows.header.forEach((name, index) => {
    if (wanted.has(name)) columns.push({ index, column: new ColumnAccumulator(name, index, name === time?.column ? forced : undefined) });
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

// `seqlab predict` on one input file, from the CSV to the output: --rolling on rows already in time
// order streams (rollingStream.ts: memory does not grow with the file); anything else, or rows that
// turn out not to be in order, takes the column path (the model's columns held as typed arrays,
// ordered and filled as in training: inputTable.ts, predictTable.ts). Both write through a CsvOutput,
// a block at a time, and show nothing until the answer is whole.
import * as path from 'node:path';
import { openCsvRows } from './csvRecords';
import { readInputTable } from './inputColumns';
import { inputRangeWarnings } from './inputRange';
import { predictionPreview, PREVIEW_ROWS, type PredictionPreview } from './predictPreview';
import { modelInputsFromTable } from './inputTable';
import type { SeqLabModel } from './modelSession';
import { CsvOutput } from './predictOutput';
import { predictTable } from './predictTable';
import { canStream, streamRolling } from './rollingStream';

export interface PredictFileOptions {
  rolling: boolean;
  /** The --out file, or null to print. */
  out: string | null;
  /** stdout: called with blocks of whole lines, each without its last line break. */
  print: (text: string) => void;
  /** stderr: one warning at a time (without the "warning: " prefix). */
  warn: (text: string) => void;
  /** false: the column path even where the rows could stream (tests compare the two). */
  stream?: boolean;
  /** Also the preview of the last rows beside the input's values (predict --json; takes the column path). */
  preview?: boolean;
}

/** Predicts for `inputFile` (named as given in messages about its data); returns the rows written and whether they streamed. */
export async function predictFile(model: SeqLabModel, inputFile: string, options: PredictFileOptions): Promise<{ rows: number; streamed: boolean; preview?: PredictionPreview }> {
  const file = path.resolve(inputFile);
  const output = new CsvOutput(options.out === null ? null : path.resolve(options.out), options.print, options.preview ? PREVIEW_ROWS : 0);
  try {
    const streamed = options.rolling && options.stream !== false && !options.preview && canStream(model.metadata)
      && await streamRolling(model, await openCsvRows(file), inputFile, output, options.warn);
    let preview: PredictionPreview | undefined;
    if (!streamed) {
      output.restart();
      const table = { ...await readInputTable(await openCsvRows(file), model.metadata), file: inputFile };
      const inputs = modelInputsFromTable(table, model.metadata);
      for (const warning of inputRangeWarnings(table, model.metadata)) options.warn(warning);
      await predictTable(model, inputs, options.rolling, output);
      if (options.preview) preview = predictionPreview({ header: output.header_, rows: output.last }, table, model.metadata, output.rows);
    }
    output.finish();
    return { rows: output.rows, streamed, ...(preview ? { preview } : {}) };
  } catch (error) {
    output.abort();
    throw error;
  }
}

// Predictions as CSV tables, the shapes `seqlab predict` documents:
//   (<time> is the time column, or both columns of a year + quarter / month time, written as in the file)
//   forecast            <time>,<target>_pred…      the `horizon` steps after the input's last window
//                       (step,<target>_pred… when the input has no regular time column)
//   forecast --rolling  row,<time>,<target>_pred[,<target>_pred_h2…]  for every row with a full window
//                       before it, all from the window that ends just before the row: _pred is this
//                       row's value, _pred_hN the value N−1 rows later
//   classify            [<time>|<id>,]<label>_pred,p_<class>…  (one row per sequence for sequence models)
//   classify --rolling  row,<time>,<label>_pred,p_<class>…  for every row whose label a full window predicts
import { SeqLabError } from '../errors';
import { continueTime, timeCells, timeColumnNames } from '../data/time';
import type { SeqLabModel } from './modelSession';
import { checkComplete, type ModelInputs } from './inputTable';
import { runClassify, runForecast } from './predictors';

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Windows per onnxruntime call: bounds memory for long files. */
const CHUNK = 512;

/** float32 values print with 9 significant digits, enough to give back the exact float32. */
export const formatValue = (value: number): string => (Number.isFinite(value) ? String(Number(value.toPrecision(9))) : String(value));

function windowsOf(inputs: ModelInputs, lasts: number[], T: number): Float32Array {
  const { F, features } = inputs;
  const x = new Float32Array(lasts.length * T * F);
  lasts.forEach((last, b) => {
    checkComplete(inputs, last - T + 1, last);
    x.set(features.subarray((last - T + 1) * F, (last + 1) * F), b * T * F);
  });
  return x;
}

function tooShort(inputs: ModelInputs, T: number, extra: number, what: string): SeqLabError {
  return new SeqLabError('BAD_DATA', `has ${inputs.rows} row(s); the model needs at least ${T + extra} for ${what}`, { file: inputs.file }, `the model reads windows of ${T} rows`);
}

export async function forecastTable(model: SeqLabModel, inputs: ModelInputs, rolling: boolean): Promise<CsvTable> {
  const meta = model.metadata;
  const T = meta.window;
  const H = meta.horizon!;
  const targets = meta.normalization!.targets.names;
  const K = targets.length;
  const timeNames = inputs.time ? timeColumnNames(inputs.time.axis) : [];
  if (!rolling) {
    if (inputs.rows < T) throw tooShort(inputs, T, 0, 'one window');
    const { values } = await runForecast(model, windowsOf(inputs, [inputs.rows - 1], T), 1, T);
    const regular = inputs.time?.axis.spacing ? continueTime(inputs.time.axis, inputs.time.values[inputs.rows - 1], H) : null;
    const rows = Array.from({ length: H }, (_, h) => [...(regular ? regular[h] : [String(h + 1)]), ...targets.map((_, k) => formatValue(values[h * K + k]))]);
    return { header: [...(regular ? timeNames : ['step']), ...targets.map((name) => `${name}_pred`)], rows };
  }
  // Row r (0-based, ordered) is predicted from the window ending at row r − 1.
  if (inputs.rows <= T) throw tooShort(inputs, T, 1, '--rolling (a window before a row)');
  const header = ['row', ...timeNames, ...targets.flatMap((name) => Array.from({ length: H }, (_, h) => (h === 0 ? `${name}_pred` : `${name}_pred_h${h + 1}`)))];
  const rows: string[][] = [];
  for (let start = T; start < inputs.rows; start += CHUNK) {
    const predicted = Array.from({ length: Math.min(CHUNK, inputs.rows - start) }, (_, i) => start + i);
    const { values } = await runForecast(model, windowsOf(inputs, predicted.map((r) => r - 1), T), predicted.length, T);
    predicted.forEach((r, b) => {
      if (inputs.sourceRow[r] === 0) return; // a row inserted into a time gap is not a row of the file
      const cells = [String(inputs.sourceRow[r]), ...(inputs.time ? timeCells(inputs.time.axis, inputs.time.values[r]) : [])];
      for (let k = 0; k < K; k++) for (let h = 0; h < H; h++) cells.push(formatValue(values[(b * H + h) * K + k]));
      rows.push(cells);
    });
  }
  return { header, rows };
}

export async function classifyTable(model: SeqLabModel, inputs: ModelInputs, rolling: boolean): Promise<CsvTable> {
  const meta = model.metadata;
  const classes = meta.classes!;
  const labelColumns = [`${meta.label}_pred`, ...classes.map((name) => `p_${name}`)];
  const cells = (probabilities: Float32Array, b: number): string[] => {
    const row = probabilities.subarray(b * classes.length, (b + 1) * classes.length);
    const best = row.reduce((top, value, i) => (value > row[top] ? i : top), 0);
    return [classes[best], ...Array.from(row, formatValue)];
  };
  if (inputs.sequences) {
    if (rolling) throw new SeqLabError('BAD_ARGUMENT', '--rolling applies to windows over one series; this model classifies whole sequences', { file: inputs.file });
    return classifySequences(model, inputs, labelColumns, cells);
  }
  const T = meta.window;
  const offset = meta.labelOffset ?? 1;
  const timeNames = inputs.time ? timeColumnNames(inputs.time.axis) : [];
  if (!rolling) {
    if (inputs.rows < T) throw tooShort(inputs, T, 0, 'one window');
    const { probabilities } = await runClassify(model, windowsOf(inputs, [inputs.rows - 1], T), 1, T);
    const when = inputs.time?.axis.spacing && offset > 0 ? continueTime(inputs.time.axis, inputs.time.values[inputs.rows - 1], offset)[offset - 1] : null;
    return { header: [...(when ? timeNames : []), ...labelColumns], rows: [[...(when ?? []), ...cells(probabilities, 0)]] };
  }
  // Row r's label is predicted from the window ending `offset` rows before it.
  const first = T - 1 + offset;
  if (inputs.rows <= first) throw tooShort(inputs, T, offset, '--rolling (a window before a row)');
  const rows: string[][] = [];
  for (let start = first; start < inputs.rows; start += CHUNK) {
    const predicted = Array.from({ length: Math.min(CHUNK, inputs.rows - start) }, (_, i) => start + i);
    const { probabilities } = await runClassify(model, windowsOf(inputs, predicted.map((r) => r - offset), T), predicted.length, T);
    predicted.forEach((r, b) => inputs.sourceRow[r] !== 0 && rows.push([String(inputs.sourceRow[r]), ...(inputs.time ? timeCells(inputs.time.axis, inputs.time.values[r]) : []), ...cells(probabilities, b)]));
  }
  return { header: ['row', ...timeNames, ...labelColumns], rows };
}

/** One row per sequence: its last `window` rows, right-padded, with their true length. */
async function classifySequences(model: SeqLabModel, inputs: ModelInputs, labelColumns: string[], cells: (p: Float32Array, b: number) => string[]): Promise<CsvTable> {
  const T = model.metadata.window;
  const { names, starts } = inputs.sequences!;
  const { F, features } = inputs;
  const rows: string[][] = [];
  for (let from = 0; from < names.length; from += CHUNK) {
    const batch = names.slice(from, from + CHUNK);
    const x = new Float32Array(batch.length * T * F);
    const lengths = new Int32Array(batch.length);
    batch.forEach((_, b) => {
      const end = starts[from + b + 1];
      const begin = Math.max(starts[from + b], end - T);
      checkComplete(inputs, begin, end - 1);
      lengths[b] = end - begin;
      x.set(features.subarray(begin * F, end * F), b * T * F);
    });
    const { probabilities } = await runClassify(model, x, batch.length, T, lengths);
    batch.forEach((name, b) => rows.push([name, ...cells(probabilities, b)]));
  }
  return { header: [model.metadata.sequenceId!, ...labelColumns], rows };
}

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted. */
export function formatCsv(table: CsvTable): string {
  const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return [table.header, ...table.rows].map((row) => row.map(field).join(',')).join('\n') + '\n';
}

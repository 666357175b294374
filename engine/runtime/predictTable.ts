// Predictions as CSV tables, the shapes `seqlab predict` documents:
//   (<time> is the time column, or both columns of a year + quarter / month time, written as in the file)
//   forecast            <time>,<target>_pred…      the `horizon` steps after the input's last window
//                       (step,<target>_pred… when the input has no regular time column)
//   forecast --rolling  row,<time>,<target>_pred[,<target>_pred_h2…]  for every row with a full window
//                       before it, all from the window that ends just before the row: _pred is this
//                       row's value, _pred_hN the value N−1 rows later
//   classify            [<time>|<id>,]<label>_pred,p_<class>…  (one row per sequence for sequence models)
//   classify --rolling  row,<time>,<label>_pred,p_<class>…  for every row whose label a full window predicts
//
// Rows go to a CsvOutput a block at a time (engine/runtime/predictOutput.ts). This is the column path,
// for any input: the rows ordered by time, gaps and missing values filled as in training. The
// streaming path (rollingStream.ts) writes the same rows with the same cell functions below when the
// input is already in order.
import { SeqLabError } from '../errors';
import { continueTime, timeCells, timeColumnNames, type TimeAxis } from '../data/time';
import type { SeqLabModelMetadata } from '../onnx/metadataTypes';
import type { SeqLabModel } from './modelSession';
import { checkComplete, type ModelInputs } from './inputTable';
import type { CsvOutput } from './predictOutput';
import { runClassify, runForecast } from './predictors';

/** Windows per onnxruntime call: bounds memory for long files. */
export const CHUNK = 256;

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

/** The rolling header: row, the time column(s) when the input has them, then the predicted columns. */
export function rollingHeader(meta: SeqLabModelMetadata, time: Pick<TimeAxis, 'column' | 'columns'> | null): string[] {
  return ['row', ...(time ? timeColumnNames(time) : []), ...predictedColumns(meta)];
}

/** forecast: <target>_pred[, <target>_pred_h2 …] per target; classify: <label>_pred, p_<class> …. */
function predictedColumns(meta: SeqLabModelMetadata): string[] {
  if (meta.task === 'classify') return [`${meta.label}_pred`, ...meta.classes!.map((name) => `p_${name}`)];
  const H = meta.horizon!;
  return meta.normalization!.targets.names.flatMap((name) => Array.from({ length: H }, (_, h) => (h === 0 ? `${name}_pred` : `${name}_pred_h${h + 1}`)));
}

/** The predicted cells of window b of a batch: a forecast's values (target by target, step by step) or a class and its probabilities. */
export function predictedCells(meta: SeqLabModelMetadata, output: Float32Array, b: number): string[] {
  if (meta.task === 'classify') {
    const n = meta.classes!.length;
    const row = output.subarray(b * n, (b + 1) * n);
    let best = 0;
    for (let i = 1; i < n; i++) if (row[i] > row[best]) best = i;
    const cells = [meta.classes![best]];
    for (let i = 0; i < n; i++) cells.push(formatValue(row[i]));
    return cells;
  }
  const H = meta.horizon!;
  const K = meta.normalization!.targets.names.length;
  const cells: string[] = [];
  for (let k = 0; k < K; k++) for (let h = 0; h < H; h++) cells.push(formatValue(output[(b * H + h) * K + k]));
  return cells;
}

/** The model's output for a batch of windows x [B, T, F]: forecasts [B, H, K] or class probabilities [B, classes]. */
export async function runWindows(model: SeqLabModel, x: Float32Array, B: number): Promise<Float32Array> {
  const T = model.metadata.window;
  return model.metadata.task === 'classify' ? (await runClassify(model, x, B, T)).probabilities : (await runForecast(model, x, B, T)).values;
}

/**
 * Writes the predictions for `inputs` (already ordered, filled) to `out`. forecast --rolling: row r
 * from the window ending at row r − 1; classify --rolling: row r's label from the window ending
 * labelOffset rows before it; without --rolling, the forecast after the last window or the class of it.
 */
export async function predictTable(model: SeqLabModel, inputs: ModelInputs, rolling: boolean, out: CsvOutput): Promise<void> {
  const meta = model.metadata;
  if (meta.task === 'classify' && inputs.sequences) {
    if (rolling) throw new SeqLabError('BAD_ARGUMENT', '--rolling applies to windows over one series; this model classifies whole sequences', { file: inputs.file });
    await classifySequences(model, inputs, out);
    return;
  }
  const T = meta.window;
  if (!rolling) {
    if (inputs.rows < T) throw tooShort(inputs, T, 0, 'one window');
    const output = await runWindows(model, windowsOf(inputs, [inputs.rows - 1], T), 1);
    if (meta.task === 'forecast') lastForecast(meta, inputs, output, out);
    else lastClass(meta, inputs, output, out);
    return;
  }
  const lag = meta.task === 'classify' ? meta.labelOffset ?? 1 : 1;
  const first = T - 1 + lag;
  if (inputs.rows <= first) throw tooShort(inputs, T, lag, '--rolling (a window before a row)');
  out.header(rollingHeader(meta, inputs.time?.axis ?? null));
  for (let start = first; start < inputs.rows; start += CHUNK) {
    const predicted = Array.from({ length: Math.min(CHUNK, inputs.rows - start) }, (_, i) => start + i);
    const output = await runWindows(model, windowsOf(inputs, predicted.map((r) => r - lag), T), predicted.length);
    predicted.forEach((r, b) => {
      if (inputs.sourceRow[r] === 0) return; // a row inserted into a time gap is not a row of the file
      out.row([String(inputs.sourceRow[r]), ...(inputs.time ? timeCells(inputs.time.axis, inputs.time.values[r]) : []), ...predictedCells(meta, output, b)]);
    });
  }
}

/** The `horizon` steps after the last window: <time>,<target>_pred… (step,… when the time is not regular). */
function lastForecast(meta: SeqLabModelMetadata, inputs: ModelInputs, values: Float32Array, out: CsvOutput): void {
  const H = meta.horizon!;
  const targets = meta.normalization!.targets.names;
  const K = targets.length;
  const regular = inputs.time?.axis.spacing ? continueTime(inputs.time.axis, inputs.time.values[inputs.rows - 1], H) : null;
  out.header([...(regular ? timeColumnNames(inputs.time!.axis) : ['step']), ...targets.map((name) => `${name}_pred`)]);
  for (let h = 0; h < H; h++) out.row([...(regular ? regular[h] : [String(h + 1)]), ...targets.map((_, k) => formatValue(values[h * K + k]))]);
}

/** The class of the last window, at the time of its label when the time is regular. */
function lastClass(meta: SeqLabModelMetadata, inputs: ModelInputs, probabilities: Float32Array, out: CsvOutput): void {
  const offset = meta.labelOffset ?? 1;
  const when = inputs.time?.axis.spacing && offset > 0 ? continueTime(inputs.time.axis, inputs.time.values[inputs.rows - 1], offset)[offset - 1] : null;
  out.header([...(when ? timeColumnNames(inputs.time!.axis) : []), ...predictedColumns(meta)]);
  out.row([...(when ?? []), ...predictedCells(meta, probabilities, 0)]);
}

/** One row per sequence: its last `window` rows, right-padded, with their true length. */
async function classifySequences(model: SeqLabModel, inputs: ModelInputs, out: CsvOutput): Promise<void> {
  const meta = model.metadata;
  const T = meta.window;
  const { names, starts } = inputs.sequences!;
  const { F, features } = inputs;
  out.header([meta.sequenceId!, ...predictedColumns(meta)]);
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
    batch.forEach((name, b) => out.row([name, ...predictedCells(meta, probabilities, b)]));
  }
}

// `seqlab predict` after the speed rework: the streaming path (rows already in time order, nothing per
// row kept) and the column path (sorting, gap rows, filled cells) write byte for byte what the previous
// implementation wrote. That implementation is kept here as the oracle: the data layer's whole-table
// reader, modelInputsFromTable, windows of 512, one string per row joined at the end. Inputs: daily,
// monthly, numeric and absent time columns, a one-hot input, several targets and horizons, classify
// with a label offset; and every way a file can stop being streamable (unsorted, a gap, a missing cell,
// a finer date later on, a duplicate time, text in a number column, a value past float32).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../../engine/config/load';
import { readCsvFile } from '../../../engine/data/csv/readCsv';
import { prepareData } from '../../../engine/data/prepare';
import { timeCells, timeColumnNames } from '../../../engine/data/time';
import { buildModel } from '../../../engine/model';
import { writeOnnxFile } from '../../../engine/onnx/export';
import { exportInputFromRun } from '../../../engine/onnx/fromPrepared';
import { createRng } from '../../../engine/rng';
import { inputRangeWarnings } from '../../../engine/runtime/inputRange';
import { checkComplete, modelInputsFromTable, type ModelInputs } from '../../../engine/runtime/inputTable';
import { SeqLabModel } from '../../../engine/runtime/modelSession';
import { predictFile } from '../../../engine/runtime/predictFile';
import { formatValue } from '../../../engine/runtime/predictTable';
import { runClassify, runForecast } from '../../../engine/runtime/predictors';
import { setupFromConfig } from '../../../engine/train/setup';
import { tempDir, writeConfig } from '../helpers/tinyRuns';

/** The rolling predictions as the implementation before the streaming rework computed them. */
async function previousRolling(model: SeqLabModel, file: string): Promise<{ text: string; warnings: string[] }> {
  const meta = model.metadata;
  const time = meta.time;
  const table = { ...await readCsvFile(file, time ? { time: { columns: time.column, format: time.format ?? 'auto' } } : {}), file };
  const inputs = modelInputsFromTable(table, meta);
  const warnings = inputRangeWarnings(table, meta);
  const T = meta.window;
  const lag = meta.task === 'classify' ? meta.labelOffset ?? 1 : 1;
  const windows = (lasts: number[]) => {
    const x = new Float32Array(lasts.length * T * inputs.F);
    lasts.forEach((last, b) => {
      checkComplete(inputs, last - T + 1, last);
      x.set(inputs.features.subarray((last - T + 1) * inputs.F, (last + 1) * inputs.F), b * T * inputs.F);
    });
    return x;
  };
  const timeCell = (i: ModelInputs, r: number) => (i.time ? timeCells(i.time.axis, i.time.values[r]) : []);
  const timeNames = inputs.time ? timeColumnNames(inputs.time.axis) : [];
  const rows: string[][] = [];
  let header: string[];
  if (meta.task === 'forecast') {
    const H = meta.horizon!;
    const targets = meta.normalization!.targets.names;
    header = ['row', ...timeNames, ...targets.flatMap((name) => Array.from({ length: H }, (_, h) => (h === 0 ? `${name}_pred` : `${name}_pred_h${h + 1}`)))];
    for (let start = T; start < inputs.rows; start += 512) {
      const predicted = Array.from({ length: Math.min(512, inputs.rows - start) }, (_, i) => start + i);
      const { values } = await runForecast(model, windows(predicted.map((r) => r - 1)), predicted.length, T);
      predicted.forEach((r, b) => {
        if (inputs.sourceRow[r] === 0) return;
        const cells = [String(inputs.sourceRow[r]), ...timeCell(inputs, r)];
        for (let k = 0; k < targets.length; k++) for (let h = 0; h < H; h++) cells.push(formatValue(values[(b * H + h) * targets.length + k]));
        rows.push(cells);
      });
    }
  } else {
    const classes = meta.classes!;
    header = ['row', ...timeNames, `${meta.label}_pred`, ...classes.map((name) => `p_${name}`)];
    for (let start = T - 1 + lag; start < inputs.rows; start += 512) {
      const predicted = Array.from({ length: Math.min(512, inputs.rows - start) }, (_, i) => start + i);
      const { probabilities } = await runClassify(model, windows(predicted.map((r) => r - lag)), predicted.length, T);
      predicted.forEach((r, b) => {
        if (inputs.sourceRow[r] === 0) return;
        const row = probabilities.subarray(b * classes.length, (b + 1) * classes.length);
        const best = row.reduce((top, value, i) => (value > row[top] ? i : top), 0);
        rows.push([String(inputs.sourceRow[r]), ...timeCell(inputs, r), classes[best], ...Array.from(row, (v) => formatValue(v))]);
      });
    }
  }
  const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return { text: [header, ...rows].map((row) => row.map(field).join(',')).join('\n'), warnings };
}

async function predicted(model: SeqLabModel, file: string, stream: boolean, out: string | null = null) {
  const printed: string[] = [];
  const warnings: string[] = [];
  const result = await predictFile(model, file, { rolling: true, out, print: (text) => printed.push(text), warn: (text) => warnings.push(text), stream });
  return { ...result, text: out ? fs.readFileSync(out, 'utf8').replace(/\n$/, '') : printed.join('\n'), warnings };
}

interface Case {
  name: string;
  model: SeqLabModel;
  csv: string;
  lines: string[];
}

/** A model (seeded, not trained: the forward is what is compared) exported for the data file of a config. */
async function exported(dir: string, name: string, rows: string[], data: Record<string, unknown>): Promise<Case> {
  const csv = path.join(dir, `${name}.csv`);
  fs.writeFileSync(csv, `${rows.join('\n')}\n`);
  const configFile = writeConfig(dir, name, { file: `${name}.csv`, ...data }, { model: { hiddenSize: 6, layers: 1 } });
  const { config } = loadConfig(configFile);
  const prepared = await prepareData(config, configFile);
  const { spec } = setupFromConfig(config, prepared);
  const onnx = path.join(dir, `${name}.onnx`);
  writeOnnxFile(onnx, exportInputFromRun(spec, buildModel(spec, createRng(11), { dtype: 'f32' }).p, prepared, { configHash: 'stream', config: config as never }));
  return { name, model: await SeqLabModel.load(fs.readFileSync(onnx), onnx), csv, lines: rows };
}

const day = (d: number) => new Date(Date.UTC(2021, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
const month = (m: number) => `${2000 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-15`;

/** 700 rows: more than one 512-window batch, so batches and the window carried over between them are both exercised. */
function series(time: (t: number) => string | null): string[] {
  const rows = [`${time(0) === null ? '' : 'when,'}a,b,kind,y`];
  for (let t = 0; t < 700; t++) {
    const a = Math.sin(t / 5) * 3 + 10, b = Math.cos(t / 11), y = a * 0.5 + b + Math.sin(t / 3);
    const stamp = time(t);
    rows.push(`${stamp === null ? '' : `${stamp},`}${a.toFixed(3)},${b.toFixed(4)},${['low', 'mid', 'high'][t % 3]},${y.toFixed(3)}`);
  }
  return rows;
}

describe('predict --rolling: the streaming and column paths against the previous implementation', () => {
  const cases: Case[] = [];
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('seqlab-predict-stream-');
    const forecast = (time: string | null) => ({ task: 'forecast', window: 12, horizon: 1, columns: { time, targets: ['y'], features: ['a', 'b', 'kind', 'y'] } });
    cases.push(await exported(dir, 'daily', series(day), forecast('when')));
    cases.push(await exported(dir, 'monthly', series(month), { ...forecast('when'), horizon: 3, formulation: 'absolute' }));
    cases.push(await exported(dir, 'numbered', series((t) => String(1990 + 2 * t)), { ...forecast('when'), columns: { time: 'when', targets: ['y', 'a'], features: ['a', 'b', 'y'] } }));
    cases.push(await exported(dir, 'untimed', series(() => null), forecast(null)));
    cases.push(await exported(dir, 'classes', series(day), { task: 'classify', window: 9, labelOffset: 2, columns: { time: 'when', targets: ['kind'], features: ['a', 'b', 'kind'] } }));
  }, 120_000);

  test('rows in order stream, and write what the column path and the previous implementation write', async () => {
    for (const c of cases) {
      const streamed = await predicted(c.model, c.csv, true);
      const columns = await predicted(c.model, c.csv, false);
      const previous = await previousRolling(c.model, c.csv);
      expect(streamed.streamed, c.name).toBe(true);
      expect(columns.streamed, c.name).toBe(false);
      expect(streamed.text, c.name).toBe(previous.text);
      expect(columns.text, c.name).toBe(previous.text);
      expect(streamed.rows, c.name).toBe(previous.text.split('\n').length - 1);
    }
  });

  test('a model on a worker thread (as predict --rolling runs it) writes the same bytes, on both paths', async () => {
    for (const c of cases) {
      const onWorker = await SeqLabModel.load(fs.readFileSync(c.csv.replace(/\.csv$/, '.onnx')), c.name, { worker: true });
      try {
        const previous = await previousRolling(c.model, c.csv);
        const streamed = await predicted(onWorker, c.csv, true);
        expect(streamed.streamed, c.name).toBe(true);
        expect(streamed.text, c.name).toBe(previous.text);
        expect((await predicted(onWorker, c.csv, false)).text, c.name).toBe(previous.text);
      } finally {
        await onWorker.release();
      }
    }
  });

  test('--out: the same bytes in the file', async () => {
    const c = cases[0];
    const out = path.join(dir, 'out.csv');
    const streamed = await predicted(c.model, c.csv, true, out);
    expect(streamed.streamed).toBe(true);
    expect(`${streamed.text}\n`).toBe(`${(await previousRolling(c.model, c.csv)).text}\n`);
    expect(fs.readdirSync(dir).filter((name) => name.includes('.seqlab-tmp-'))).toEqual([]);
  });

  /** Variants of the daily file that the stream must hand to the column path, with the row they change. */
  const unstreamable: [string, (rows: string[]) => string[]][] = [
    ['unsorted', (rows) => [rows[0], ...rows.slice(1, 300), rows[301], rows[300], ...rows.slice(302)]],
    ['a gap', (rows) => [...rows.slice(0, 400), ...rows.slice(401)]],
    ['a missing cell', (rows) => rows.map((row, i) => (i === 650 ? row.replace(/^([^,]*),[^,]*/, '$1,') : row))],
    ['a missing label', (rows) => rows.map((row, i) => (i === 20 ? row.replace(/,(low|mid|high),/, ',,') : row))],
    ['a finer date late', (rows) => rows.map((row, i) => (i === 600 ? row.replace(/^(\d{4}-\d\d-\d\d)/, '$1 00:00') : row))],
    ['a repeated time', (rows) => rows.map((row, i) => (i === 500 ? `${rows[499].split(',')[0]}${row.slice(10)}` : row))],
    ['text in a number column', (rows) => rows.map((row, i) => (i === 690 ? row.replace(/^([^,]*),[^,]*/, '$1,n/a') : row))],
    ['a value past float32', (rows) => rows.map((row, i) => (i === 640 ? row.replace(/^([^,]*),[^,]*/, '$1,4e38') : row))],
  ];

  test('anything the column path would sort, fill or refuse: the stream gives up and the column path answers as before', async () => {
    for (const c of cases.filter((x) => x.name === 'daily' || x.name === 'classes')) {
      for (const [what, change] of unstreamable) {
        const file = path.join(dir, `${c.name}-${what.replace(/ /g, '-')}.csv`);
        fs.writeFileSync(file, `${change(c.lines).join('\n')}\n`);
        const previous = await previousRolling(c.model, file).then((result) => ({ ...result, error: null }), (error: Error) => ({ text: '', warnings: [], error: error.message }));
        const result = await predicted(c.model, file, true).then((r) => ({ ...r, error: null }), (error: Error) => ({ streamed: false, text: '', warnings: [], error: error.message }));
        expect(result.streamed, `${c.name}: ${what}`).toBe(false);
        expect(result.error, `${c.name}: ${what}`).toBe(previous.error);
        expect(result.text, `${c.name}: ${what}`).toBe(previous.text);
        expect(result.warnings, `${c.name}: ${what}`).toEqual(previous.warnings);
      }
    }
  });

  test('far values warn from the stream as from the column path', async () => {
    const c = cases[0];
    const file = path.join(dir, 'far.csv');
    fs.writeFileSync(file, `${c.lines.map((row, i) => (i === 333 || i === 444 ? row.replace(/^([^,]*),[^,]*/, '$1,900') : row)).join('\n')}\n`);
    const result = await predicted(c.model, file, true);
    const previous = await previousRolling(c.model, file);
    expect(result.streamed).toBe(true);
    expect(result.warnings).toEqual(previous.warnings);
    expect(result.warnings[0]).toMatch(/column "a": 2 value\(s\) lie more than 10 standard deviations .* the farthest 900 at row 333/);
    expect(result.text).toBe(previous.text);
  });

  test('a file that is not good CSV: the same message as the data layer\'s reader, on both paths', async () => {
    const c = cases[0];
    const bad: [string, string][] = [
      ['empty', ''],
      ['header only', 'when,a,b,kind,y\n'],
      ['repeated column', 'when,a,a,kind,y\n2021-01-01,1,2,low,3\n'],
      ['short row', `${c.lines.slice(0, 30).join('\n')}\n2021-02-01,1,2\n`],
      ['unclosed quote', `${c.lines.slice(0, 30).join('\n')}\n2021-02-01,"1,2,low,3\n${c.lines.slice(31, 40).join('\n')}\n`],
    ];
    for (const [what, text] of bad) {
      const file = path.join(dir, `bad-${what.replace(/ /g, '-')}.csv`);
      fs.writeFileSync(file, text);
      const expected = await readCsvFile(file).then(() => 'read', (error: Error) => error.message);
      for (const stream of [true, false]) {
        await expect(predicted(c.model, file, stream), `${what}, stream ${stream}`).rejects.toThrow(expected);
      }
    }
  });
});

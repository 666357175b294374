// `seqlab predict`, `sample` and `inspect` end to end: real data prepared by the data layer, a model
// built by the engine, exported with exportInputFromRun, then run through the CLI entry. The CLI's
// numbers must equal the data layer's scaling + the engine's forward + the data layer's inverse
// (toOriginal) on the same windows; and every bad input is a message naming file, row or column.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../../../engine/cli/command';
import { sampleToken } from '../../../engine/cli/sample';
import { loadConfig } from '../../../engine/config/load';
import { prepareData } from '../../../engine/data/prepare';
import type { PreparedClassify, PreparedData, PreparedForecast, PreparedText } from '../../../engine/data/types';
import { buildModel, modelFinalState, modelForward, type Model } from '../../../engine/model';
import { writeOnnxFile } from '../../../engine/onnx/export';
import { exportInputFromRun } from '../../../engine/onnx/fromPrepared';
import { createRng } from '../../../engine/rng';
import { setupFromConfig } from '../../../engine/train/setup';
import { seqlab } from './cli';
import { tempDir, writeClassifyData, writeConfig, writeForecastData, writeTextData } from '../helpers/tinyRuns';

interface Exported<D extends PreparedData> {
  dir: string;
  csv: string;
  onnx: string;
  data: D;
  model: Model;
}

async function exported<D extends PreparedData>(name: string, dataFile: (dir: string) => string, data: Record<string, unknown>, model: object = {}): Promise<Exported<D>> {
  const dir = tempDir('seqlab-onnx-e2e-');
  const file = dataFile(dir);
  const configFile = writeConfig(dir, name, { file, ...data }, { model: { hiddenSize: 8, layers: 2, ...model } });
  const { config } = loadConfig(configFile);
  const prepared = (await prepareData(config, configFile)) as D;
  const { spec } = setupFromConfig(config, prepared);
  const built = buildModel(spec, createRng(3), { dtype: 'f32' });
  built.p['head.bias'].fill(0.25); // not zero, so a dropped bias would show
  const onnx = path.join(dir, 'model.onnx');
  writeOnnxFile(onnx, exportInputFromRun(spec, built.p, prepared, { configHash: 'e2e' }));
  return { dir, csv: path.join(dir, file), onnx, data: prepared, model: built };
}

function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = text.trim().split('\n').map((line) => line.split(','));
  return { header, rows };
}

describe('forecast', () => {
  let e: Exported<PreparedForecast>;
  beforeAll(async () => {
    e = await exported('series', writeForecastData, { task: 'forecast', window: 12, horizon: 3, formulation: 'relative' });
  });

  test('--rolling equals data layer + engine + toOriginal on every test window', async () => {
    const { code, out } = await seqlab(['predict', e.onnx, e.csv, '--rolling']);
    expect(code).toBe(EXIT.ok);
    const { header, rows } = parseCsv(out);
    expect(header).toEqual(['row', 'date', 'load_pred', 'load_pred_h2', 'load_pred_h3']);
    const byRow = new Map(rows.map((row) => [Number(row[0]), row]));
    const { data } = e;
    const windows = Int32Array.from({ length: data.splits.test.windows }, (_, w) => w);
    const T = data.window;
    const x = new Float32Array(windows.length * T * data.input.size);
    data.fillBatch('test', windows, x, new Float32Array(windows.length * data.outputSize));
    const engine = modelForward(e.model, { B: windows.length, T, x }, { training: false });
    const expected = new Float64Array(engine.length);
    data.toOriginal('test', windows, engine, expected);
    let worst = 0;
    windows.forEach((w) => {
      const row = byRow.get(data.lastRow('test', w) + 2)!; // the row after the window, 1-based
      for (let h = 0; h < 3; h++) worst = Math.max(worst, Math.abs(Number(row[2 + h]) - expected[w * 3 + h]) / Math.max(1, Math.abs(expected[w * 3 + h])));
    });
    expect(worst).toBeLessThanOrEqual(1e-5);
  });

  test('default: the next horizon steps after the last window, with the daily dates continued', async () => {
    const { code, out } = await seqlab(['predict', e.onnx, e.csv]);
    expect(code).toBe(EXIT.ok);
    expect(out.split('\n')).toHaveLength(4);
    expect(out).toMatch(/^date,load_pred\n2020-08-28,[-\d.]+\n2020-08-29,[-\d.]+\n2020-08-30,[-\d.]+$/);
  });

  test('--out writes the CSV atomically', async () => {
    const target = path.join(e.dir, 'predictions.csv');
    const { code, err } = await seqlab(['predict', e.onnx, e.csv, '--out', target]);
    expect(code).toBe(EXIT.ok);
    expect(err).toContain('wrote 3 prediction row(s)');
    expect(fs.readFileSync(target, 'utf8')).toMatch(/^date,load_pred\n/);
  });

  const variant = (name: string, edit: (lines: string[]) => string[]): string => {
    const lines = fs.readFileSync(e.csv, 'utf8').trim().split('\n');
    const file = path.join(e.dir, name);
    fs.writeFileSync(file, edit(lines).join('\n') + '\n');
    return file;
  };

  test('a missing column, a non-numeric column and too few rows are errors naming them', async () => {
    const noLoad = variant('noload.csv', (lines) => lines.map((line) => line.split(',').slice(0, 2).join(',')));
    expect(await seqlab(['predict', e.onnx, noLoad])).toMatchObject({ code: EXIT.badInput, err: expect.stringMatching(/noload\.csv, column "load": column "load" is missing/) });
    const text = variant('text.csv', (lines) => lines.map((line, i) => (i === 5 ? line.replace(/,[^,]*$/, ',high') : line)));
    expect(await seqlab(['predict', e.onnx, text])).toMatchObject({ code: EXIT.badInput, err: expect.stringMatching(/text\.csv, row 5, column "load": column "load" must be numeric, but has "high"/) });
    const short = variant('short.csv', (lines) => lines.slice(0, 6));
    expect(await seqlab(['predict', e.onnx, short])).toMatchObject({ code: EXIT.badInput, err: expect.stringMatching(/short\.csv: has 5 row\(s\); the model needs at least 12/) });
  });

  test('an empty cell and a skipped date are filled as training fills them (interpolation, gap rows)', async () => {
    const interpolated = (lines: string[], i: number) => {
      const [before, after] = [lines[i - 1].split(','), lines[i + 1].split(',')];
      const cells = lines[i].split(',');
      return [cells[0], ...[1, 2].map((c) => ((Number(before[c]) + Number(after[c])) / 2).toFixed(6))].join(',');
    };
    const n = 238; // a data row inside the last window
    const reference = await seqlab(['predict', e.onnx, variant('reference.csv', (lines) => lines.map((line, i) => (i === n ? interpolated(lines, i) : line)))]);
    const emptyCell = await seqlab(['predict', e.onnx, variant('empty.csv', (lines) => lines.map((line, i) => (i === n ? line.split(',').map((cell, c) => (c === 0 ? cell : '')).join(',') : line)))]);
    const skipped = await seqlab(['predict', e.onnx, variant('skipped.csv', (lines) => lines.filter((_, i) => i !== n))]);
    expect(reference.code).toBe(EXIT.ok);
    const values = (out: string) => out.split('\n').slice(1).map((line) => Number(line.split(',')[1]));
    for (const result of [emptyCell, skipped]) {
      expect(result.code, result.err).toBe(EXIT.ok);
      values(result.out).forEach((value, h) => expect(Math.abs(value - values(reference.out)[h])).toBeLessThanOrEqual(1e-4));
    }
    const rolling = await seqlab(['predict', e.onnx, variant('skipped.csv', (lines) => lines.filter((_, i) => i !== n)), '--rolling']);
    expect(rolling.out).not.toMatch(/^0,/m); // the inserted row is not a row of the file
  });

  test('a model trained with data.missing "error" refuses an empty cell, naming row and column', async () => {
    const strict = path.join(e.dir, 'strict.onnx');
    writeOnnxFile(strict, exportInputFromRun(setupFromConfig(e.data.config, e.data).spec, e.model.p, e.data, { configHash: 'e2e', config: { data: { missing: 'error', timeGaps: 'fill' } } }));
    const gap = variant('gap.csv', (lines) => lines.map((line, i) => (i === lines.length - 2 ? line.replace(/,[^,]*,/, ',,') : line)));
    expect(await seqlab(['predict', strict, gap])).toMatchObject({ code: EXIT.badInput, err: expect.stringMatching(/gap\.csv, row 239, column "temperature": missing value/) });
  });

  test('inspect shows task, columns, scaling, inputs, outputs and operators; --json has the metadata', async () => {
    const text = await seqlab(['inspect', e.onnx]);
    expect(text.code).toBe(EXIT.ok);
    expect(text.out).toMatch(/SeqLab forecast model \(IR 8, opset 17, seqlab /);
    expect(text.out).toMatch(/window 12 rows → next 3 step\(s\) of load/);
    expect(text.out).toMatch(/x +float32 \[batch, seq, 2\]/);
    expect(text.out).toMatch(/operators: .*LSTM ×2/);
    const json = JSON.parse((await seqlab(['inspect', e.onnx, '--json'])).out);
    expect(json.metadata.normalization).toEqual(e.data.normalisation);
    expect(json.metadata.configHash).toBe('e2e');
  });
});

describe('classify', () => {
  test('--rolling probabilities equal the engine on every validation window; the label is the likeliest class', async () => {
    const e = await exported<PreparedClassify>('weather', writeClassifyData, { task: 'classify', window: 10, columns: { targets: ['weather'] } }, { cell: 'gru' });
    const { code, out } = await seqlab(['predict', e.onnx, e.csv, '--rolling']);
    expect(code).toBe(EXIT.ok);
    const { header, rows } = parseCsv(out);
    expect(header).toEqual(['row', 'day', 'weather_pred', ...e.data.classNames.map((c) => `p_${c}`)]);
    const windows = Int32Array.from({ length: e.data.splits.validation.windows }, (_, w) => w);
    const T = e.data.window;
    const x = new Float32Array(windows.length * T * e.data.input.size);
    const lengths = new Int32Array(windows.length);
    e.data.fillBatch('validation', windows, x, new Int32Array(windows.length), lengths);
    const logits = modelForward(e.model, { B: windows.length, T, x, lengths }, { training: false });
    const C = e.data.classNames.length;
    expect(rows).toHaveLength(300 - T - 1 + 1); // every row with a full window labelOffset (1) rows before it
    // The data layer does not expose a window's rows: find each window's output row by its probabilities.
    let matched = 0;
    for (let w = 0; w < windows.length; w++) {
      const z = Array.from(logits.subarray(w * C, (w + 1) * C));
      const max = Math.max(...z);
      const p = z.map((v) => Math.exp(v - max));
      const sum = p.reduce((a, b) => a + b, 0);
      if (rows.some((row) => p.every((v, c) => Math.abs(Number(row[3 + c]) - v / sum) <= 1e-5))) matched++;
    }
    expect(matched).toBe(windows.length);
    for (const row of rows) {
      const probabilities = row.slice(3).map(Number);
      expect(row[2]).toBe(e.data.classNames[probabilities.indexOf(Math.max(...probabilities))]);
    }
  });
});

describe('text', () => {
  let e: Exported<PreparedText>;
  beforeAll(async () => {
    e = await exported('story', writeTextData, { task: 'text', seqLength: 16 }, { embedSize: 8 });
  });

  test('sample carries the state one character per call: the same text as the engine stepping itself', async () => {
    const { code, out } = await seqlab(['sample', e.onnx, '--prompt', 'the whale', '--length', '40', '--seed', '5', '--temperature', '0.8']);
    expect(code).toBe(EXIT.ok);
    let ids = Int32Array.from(e.data.encode('the whale'));
    let logits = modelForward(e.model, { B: 1, T: ids.length, x: ids }, { training: false }).slice((ids.length - 1) * e.data.vocabulary.length);
    const rng = createRng(5);
    let text = 'the whale';
    for (let i = 0; i < 40; i++) {
      const id = sampleToken(logits, 0.8, rng);
      text += e.data.decode([id]);
      const { h, c } = modelFinalState(e.model);
      ids = Int32Array.of(id);
      logits = modelForward(e.model, { B: 1, T: 1, x: ids }, { training: false, initialState: { h, ...(c ? { c } : {}) } }).slice();
    }
    expect(out).toBe(text);
    expect((await seqlab(['sample', e.onnx, '--prompt', 'the whale', '--length', '40', '--seed', '5', '--temperature', '0.8'])).out).toBe(out);
  });

  test('bad flags and the wrong command for the task are clear errors', async () => {
    expect(await seqlab(['sample', e.onnx, '--temperature', 'hot'])).toMatchObject({ code: EXIT.badInput, err: expect.stringMatching(/--temperature must be a number/) });
    expect(await seqlab(['sample', e.onnx, '--length', '-3'])).toMatchObject({ code: EXIT.badInput });
    expect(await seqlab(['predict', e.onnx, e.csv])).toMatchObject({ code: EXIT.badInput, err: expect.stringMatching(/this is a text model; generate text with seqlab sample/) });
  });
});

// `seqlab predict` continues the time column(s) the way the training file writes them: the format goes
// into the model's metadata (seqlab.time.format), the input is read in it, and the continued times and
// the --rolling rows are written in it. A model exported before the format was recorded still runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXIT } from '../../../engine/cli/command';
import { loadConfig } from '../../../engine/config/load';
import { prepareData } from '../../../engine/data/prepare';
import { buildModel } from '../../../engine/model';
import { writeOnnxFile } from '../../../engine/onnx/export';
import { exportInputFromRun } from '../../../engine/onnx/fromPrepared';
import { readOnnx } from '../../../engine/onnx/reader';
import { createRng } from '../../../engine/rng';
import { setupFromConfig } from '../../../engine/train/setup';
import { tempDir, writeConfig } from '../helpers/tinyRuns';
import { seqlab } from './cli';

const fixtures = path.resolve(__dirname, '../../fixtures/data');

/** A model over a fixture file (its time found by "auto"), exported as training would. */
async function exportFor(file: string): Promise<{ dir: string; csv: string; onnx: string }> {
  const dir = tempDir('seqlab-predict-time-');
  fs.copyFileSync(path.join(fixtures, file), path.join(dir, file));
  const configFile = writeConfig(dir, 'm', { file, window: 3, horizon: 2 }, { model: { hiddenSize: 4, layers: 1 } });
  const { config } = loadConfig(configFile);
  const prepared = await prepareData(config, configFile);
  const { spec } = setupFromConfig(config, prepared);
  const onnx = path.join(dir, 'model.onnx');
  writeOnnxFile(onnx, exportInputFromRun(spec, buildModel(spec, createRng(1), { dtype: 'f32' }).p, prepared, { configHash: 'time' }));
  return { dir, csv: path.join(dir, file), onnx };
}

const lines = (text: string) => text.trim().split('\n');

describe('predict continues the time as the file writes it', () => {
  test.each([
    ['dates-us.csv', 'MM/DD/YYYY', 'date', ['02/10/2021', '02/11/2021'], '02/09/2021'],
    ['dates-dotted.csv', 'D.M.YYYY', 'Datum', ['10.2.2021', '11.2.2021'], '9.2.2021'],
    ['month-names.csv', 'MMM YYYY', 'month', ['Jan 2003', 'Feb 2003'], 'Dec 2002'],
    ['quarters.csv', 'YYYYQq', 'period', ['2000Q1', '2000Q2'], '1999Q4'],
    ['unix-seconds.csv', 'unix-s', 'timestamp', ['1609603200', '1609606800'], '1609599600'],
    ['unix-millis.csv', 'unix-ms', 'time_ms', ['1612915200000', '1613001600000'], '1612828800000'],
    ['year-quarter.csv', 'YYYY + Q', 'year,quarter', ['1969,1', '1969,2'], '1968,4'],
    ['year-month.csv', 'YYYY + MMM', 'Year,Month', ['2004,Jan', '2004,Feb'], '2003,Dec'],
  ])('%s (%s)', async (file, format, header, next, lastRow) => {
    const e = await exportFor(file);
    expect(readOnnx(fs.readFileSync(e.onnx)).metadata!.time).toMatchObject({ format });
    const forecast = await seqlab(['predict', e.onnx, e.csv]);
    expect(forecast.code, forecast.err).toBe(EXIT.ok);
    const out = lines(forecast.out);
    expect(out[0]).toBe(`${header},${lines(fs.readFileSync(e.csv, 'utf8'))[0].split(',').at(-1)}_pred`);
    expect(out.slice(1).map((line) => line.split(',').slice(0, header.split(',').length).join(','))).toEqual(next);
    const rolling = await seqlab(['predict', e.onnx, e.csv, '--rolling']);
    expect(rolling.code, rolling.err).toBe(EXIT.ok);
    const last = lines(rolling.out).at(-1)!.split(',');
    expect(last.slice(1, 1 + header.split(',').length).join(',')).toBe(lastRow);
  });

  test('the input is read in the model\'s format: another format in the time column is refused, naming it', async () => {
    const e = await exportFor('dates-us.csv');
    const iso = path.join(e.dir, 'iso.csv');
    fs.writeFileSync(iso, ['date,sales', ...Array.from({ length: 6 }, (_, i) => `2021-03-0${i + 1},${i}`)].join('\n') + '\n');
    const { code, err } = await seqlab(['predict', e.onnx, iso]);
    expect(code).toBe(EXIT.badInput);
    expect(err).toMatch(/iso\.csv, column "date": the time column must be written as in training \(timeFormat "MM\/DD\/YYYY", e\.g\. "02\/09\/2021"\)/);
  });
});

describe('a model exported before the time format was recorded', () => {
  const older = path.resolve(__dirname, '../../fixtures/onnx/exports/older-forecast-lstm-relative-2l.onnx');
  const input = (dir: string, name: string, month: (i: number) => string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, ['date,temp,rain,co2', ...Array.from({ length: 10 }, (_, i) => `${month(i)},${10 + i},${i % 3},${400 + i}`)].join('\n') + '\n');
    return file;
  };

  test('predicts and continues an ISO month column as before', async () => {
    const dir = tempDir('seqlab-older-');
    const { code, out, err } = await seqlab(['predict', older, input(dir, 'iso.csv', (i) => `2021-${String(i + 1).padStart(2, '0')}`)]);
    expect(code, err).toBe(EXIT.ok);
    expect(lines(out).map((line) => line.split(',')[0])).toEqual(['date', '2021-11', '2021-12', '2022-01']);
  });

  test('an input in another format is detected, and continued in it', async () => {
    const dir = tempDir('seqlab-older-');
    const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct'];
    const { code, out, err } = await seqlab(['predict', older, input(dir, 'names.csv', (i) => `${names[i]} 2021`)]);
    expect(code, err).toBe(EXIT.ok);
    expect(lines(out).map((line) => line.split(',')[0])).toEqual(['date', 'Nov 2021', 'Dec 2021', 'Jan 2022']);
  });
});

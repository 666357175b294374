// Numbers a float32 model cannot take are refused at load with the column and row (the case: a
// column alternating ±1e300 passed init, then train ended with an internal error); predict warns about
// inputs far (> 10 standard deviations) from the training mean, and refuses ones float32 cannot hold.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../engine/cli/command';
import { runCli } from '../config/cli';
import { tempDir, writeConfig, writeForecastData } from '../helpers/tinyRuns';

/** A daily CSV date,x,y with x from `x(i)` and y a smooth series. */
function writeColumns(dir: string, name: string, rows: number, x: (i: number) => string, label = false): string {
  const lines = [label ? 'date,x,y,kind' : 'date,x,y'];
  for (let i = 0; i < rows; i++) {
    const date = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
    lines.push([date, x(i), (10 + Math.sin(i / 3)).toFixed(3), ...(label ? [i % 3 === 0 ? 'a' : 'b'] : [])].join(','));
  }
  fs.writeFileSync(path.join(dir, name), lines.join('\n') + '\n');
  return path.join(dir, name);
}

describe('at load', () => {
  it('±1e300 alternating: init and train refuse it with column and row, and write nothing', async () => {
    const dir = tempDir();
    const csv = writeColumns(dir, 'huge.csv', 80, (i) => (i % 2 ? '-1e300' : '1e300'));
    const init = await runCli(['init', csv]);
    expect(init.code).toBe(EXIT.badInput);
    expect(init.err).toMatch(/huge\.csv, row 1, column "x": 1e\+300 is beyond what float32, which the model computes in, can hold \(±3\.4e38\)\n {2}hint: rescale the column/);
    const config = writeConfig(dir, 'huge', { file: 'huge.csv', window: 6 });
    const train = await runCli(['train', config]);
    expect(train.code).toBe(EXIT.badInput);
    expect(train.err).toMatch(/row 1, column "x": 1e\+300 is beyond what float32/);
    expect(fs.readdirSync(dir).sort()).toEqual(['huge.csv', 'huge.seqlab.json']);
  });

  it('±3e38 alternating: each value fits float32, their differences do not', async () => {
    const dir = tempDir();
    writeColumns(dir, 'spread.csv', 80, (i) => (i % 2 ? '-3e38' : '3e38'));
    const result = await runCli(['data', writeConfig(dir, 'spread', { file: 'spread.csv', window: 6, formulation: 'absolute' })]);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.err).toMatch(/column "x": its values range from -3e\+38 \(row 2\) to 3e\+38: differences between rows that large are beyond float32/);
  });

  it('a value too many training standard deviations away to scale in float32', async () => {
    const dir = tempDir();
    // Training values 1 ± 1e-9; a test value of 1e30 is 1e39 standard deviations away.
    writeColumns(dir, 'outlier.csv', 100, (i) => (i === 95 ? '1e30' : (1 + (i % 2) * 2e-9).toFixed(10)));
    const result = await runCli(['data', writeConfig(dir, 'outlier', { file: 'outlier.csv', window: 6 })]);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.err).toMatch(/row 96, column "x": 1e\+30 lies [\d.]+e\+39 training standard deviations \([\d.e-]+\) from other values: scaled, that is beyond float32/);
  });

  it('classify data is checked too', async () => {
    const dir = tempDir();
    writeColumns(dir, 'labels.csv', 90, (i) => (i === 40 ? '-5e300' : String(i)), true);
    const result = await runCli(['data', writeConfig(dir, 'labels', { file: 'labels.csv', task: 'classify', window: 5, columns: { targets: ['kind'] } })]);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.err).toMatch(/row 41, column "x": -5e\+300 is beyond what float32/);
  });

  it('large values that float32 holds still train', async () => {
    const dir = tempDir();
    writeColumns(dir, 'large.csv', 80, (i) => (1e37 * Math.sin(i / 4)).toExponential(6));
    const result = await runCli(['data', writeConfig(dir, 'large', { file: 'large.csv', window: 6 })]);
    expect(result.code, result.err).toBe(EXIT.ok);
  });
});

describe('predict', () => {
  let dir: string;
  let model: string;
  beforeAll(async () => {
    dir = tempDir();
    writeForecastData(dir);
    const config = writeConfig(dir, 'series', { file: 'series.csv', window: 12 }, { training: { epochs: 1 } });
    const trained = await runCli(['train', config, '--run-dir', path.join(dir, 'run')]);
    expect(trained.code, trained.err).toBe(EXIT.ok);
    model = path.join(dir, 'run', 'model.onnx');
  });

  const withCell = (row: number, column: number, text: string): string => {
    const lines = fs.readFileSync(path.join(dir, 'series.csv'), 'utf8').trim().split('\n');
    const cells = lines[row].split(',');
    cells[column] = text;
    lines[row] = cells.join(',');
    const file = path.join(dir, `input-${row}-${column}.csv`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };

  it('warns once per column about values more than 10 standard deviations from the training mean', async () => {
    const input = withCell(200, 1, '4000');
    const result = await runCli(['predict', model, input]);
    expect(result.code, result.err).toBe(EXIT.ok);
    expect(result.err).toMatch(/^warning: .*input-200-1\.csv, column "temperature": 1 value\(s\) lie more than 10 standard deviations from the training mean \([\d.]+ ± [\d.]+\), the farthest 4000 at row 200 \([\d.]+ standard deviations\)/);
    expect(result.err.match(/^warning:/gm)).toHaveLength(1);
    const plain = await runCli(['predict', model, path.join(dir, 'series.csv')]);
    expect(plain.err).not.toMatch(/warning/);
  });

  it('refuses an input value float32 cannot hold', async () => {
    const result = await runCli(['predict', model, withCell(150, 2, '-2e40')]);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.err).toMatch(/input-150-2\.csv, row 150, column "load": -2e\+40 is beyond what float32/);
  });
});

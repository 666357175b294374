// Small but real datasets and configs for end-to-end runs in a temp folder: a seasonal series with a
// trend (forecast), a labelled series (classify) and repetitive text (text).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function tempDir(prefix = 'seqlab-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function isoDay(day: number): string {
  return new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
}

export function writeForecastData(dir: string, rows = 240): string {
  const lines = ['date,temperature,load'];
  for (let t = 0; t < rows; t++) {
    const temperature = 10 + 5 * Math.sin((2 * Math.PI * t) / 12) + 0.02 * t + 0.3 * Math.sin(t * 1.7);
    const load = 50 + 0.5 * temperature + 2 * Math.cos((2 * Math.PI * t) / 7);
    lines.push(`${isoDay(t)},${temperature.toFixed(3)},${load.toFixed(3)}`);
  }
  fs.writeFileSync(path.join(dir, 'series.csv'), lines.join('\n') + '\n');
  return 'series.csv';
}

export function writeClassifyData(dir: string, rows = 300): string {
  const lines = ['day,pressure,humidity,weather'];
  for (let t = 0; t < rows; t++) {
    const pressure = Math.sin(t / 5) + 0.2 * Math.sin(t * 2.3);
    const humidity = Math.cos(t / 7);
    const weather = pressure > 0.3 ? 'sun' : pressure < -0.3 ? 'rain' : 'cloud';
    lines.push(`${isoDay(t)},${pressure.toFixed(4)},${humidity.toFixed(4)},${weather}`);
  }
  fs.writeFileSync(path.join(dir, 'weather.csv'), lines.join('\n') + '\n');
  return 'weather.csv';
}

export function writeTextData(dir: string): string {
  const verses = ['the whale swam far below the sea. ', 'call me ishmael, said the sailor. ', 'a ship sails on the grey sea at dawn. '];
  let text = '';
  for (let i = 0; i < 120; i++) text += verses[i % 3];
  fs.writeFileSync(path.join(dir, 'story.txt'), text);
  return 'story.txt';
}

/** Writes <name>.seqlab.json with small, fast settings; `overrides` merge into each section. */
export function writeConfig(dir: string, name: string, data: Record<string, unknown>, overrides: { model?: object; training?: object } = {}): string {
  const config = {
    version: 1,
    data,
    model: { hiddenSize: 8, layers: 1, ...overrides.model },
    training: { epochs: 3, batchSize: 16, seed: 7, earlyStopping: { patience: 0 }, ...overrides.training },
  };
  const file = path.join(dir, `${name}.seqlab.json`);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

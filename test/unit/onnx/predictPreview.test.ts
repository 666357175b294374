// `seqlab predict --out FILE --json` (what the editor's panel shows): the last predicted rows beside the
// input's own values in those rows, checked against the input file and the written predictions.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXIT } from '../../../engine/cli/command';
import { loadConfig } from '../../../engine/config/load';
import { prepareData } from '../../../engine/data/prepare';
import { buildModel } from '../../../engine/model';
import { writeOnnxFile } from '../../../engine/onnx/export';
import { exportInputFromRun } from '../../../engine/onnx/fromPrepared';
import { createRng } from '../../../engine/rng';
import type { PredictionPreview } from '../../../engine/runtime/predictPreview';
import { setupFromConfig } from '../../../engine/train/setup';
import { tempDir, writeClassifyData, writeConfig, writeForecastData } from '../helpers/tinyRuns';
import { seqlab } from './cli';

async function exported(name: string, dataFile: (dir: string) => string, data: Record<string, unknown>): Promise<{ dir: string; csv: string; onnx: string }> {
  const dir = tempDir('seqlab-preview-');
  const file = dataFile(dir);
  const configFile = writeConfig(dir, name, { file, ...data });
  const { config } = loadConfig(configFile);
  const prepared = await prepareData(config, configFile);
  const { spec } = setupFromConfig(config, prepared);
  const onnx = path.join(dir, 'model.onnx');
  writeOnnxFile(onnx, exportInputFromRun(spec, buildModel(spec, createRng(3), { dtype: 'f32' }).p, prepared, { configHash: 'preview' }));
  return { dir, csv: path.join(dir, file), onnx };
}

const lines = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => line.split(','));

describe('predict --json', () => {
  test('forecast: the last 500 rows, their times, the target in the input, the prediction in the file', async () => {
    const e = await exported('series', (dir) => writeForecastData(dir, 700), { task: 'forecast', window: 12, horizon: 2 });
    const out = path.join(e.dir, 'series.predictions.csv');
    const { code, out: stdout } = await seqlab(['predict', e.onnx, e.csv, '--rolling', '--out', out, '--json']);
    expect(code).toBe(EXIT.ok);
    const { rows, preview } = JSON.parse(stdout) as { rows: number; preview: PredictionPreview };
    const [, ...written] = lines(out);
    const [header, ...input] = lines(e.csv);
    expect(rows).toBe(written.length);
    expect(preview).toMatchObject({ task: 'forecast', rows, target: 'load', timeColumn: 'date' });
    expect(preview.shown.key).toHaveLength(500);
    expect(preview.shown.key).toEqual(written.slice(-500).map((row) => row[0]));
    const load = header.indexOf('load');
    preview.shown.key.forEach((key, i) => {
      const source = input[Number(key) - 1];
      expect(preview.shown.time![i]).toBe(source[0]);
      expect(preview.shown.actual[i]).toBe(Number(source[load]));
      expect(preview.shown.predicted[i]).toBe(Number(written[written.length - 500 + i][2]));
    });
  });

  test('classify: the predicted class against the label column of the input', async () => {
    const e = await exported('weather', writeClassifyData, { task: 'classify', window: 10, columns: { targets: ['weather'] } });
    const out = path.join(e.dir, 'weather.predictions.csv');
    const { out: stdout } = await seqlab(['predict', e.onnx, e.csv, '--rolling', '--out', out, '--json']);
    const { preview } = JSON.parse(stdout) as { preview: PredictionPreview };
    const [, ...written] = lines(out);
    const [, ...input] = lines(e.csv);
    expect(preview).toMatchObject({ task: 'classify', label: 'weather', timeColumn: 'day' });
    expect(preview.shown.key).toHaveLength(written.length); // fewer than 500
    preview.shown.key.forEach((key, i) => {
      expect(preview.shown.actual[i]).toBe(input[Number(key) - 1][3]);
      expect(preview.shown.predicted[i]).toBe(written[i][2]);
    });
  });

  test('--json without --out is a usage error', async () => {
    const e = await exported('series', writeForecastData, { task: 'forecast', window: 12 });
    expect(await seqlab(['predict', e.onnx, e.csv, '--json'])).toMatchObject({ code: EXIT.badInput, err: expect.stringMatching(/--json describes a file written with --out/) });
  });
});

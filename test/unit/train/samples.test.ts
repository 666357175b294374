// The forecast sample the panel draws: rolling one-step-ahead forecasts over the last 200 validation
// steps, beside the truth, naive and seasonal-naive, in original units, labelled with the file's times.
// Checked against the CSV itself and against the trained model run window by window.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../engine/config/load';
import { prepareData } from '../../../engine/data/prepare';
import type { PreparedForecast } from '../../../engine/data/types';
import { modelForward } from '../../../engine/model';
import { startRun } from '../../../engine/runs/session';
import type { Sample, TrainingEvent } from '../../../engine/train/events';
import { decodeTrainingState } from '../../../engine/train/state';
import { tempDir, writeConfig, writeForecastData } from '../helpers/tinyRuns';

type ForecastSample = Extract<Sample, { task: 'forecast' }>;

async function sampleOf(configFile: string, runDir: string): Promise<ForecastSample> {
  const events: TrainingEvent[] = [];
  await startRun({ configFile, runDir, epochs: 1 }, { onEvent: (e) => events.push(e), shouldStop: () => false });
  const sample = events.find((e) => e.type === 'sample');
  if (sample?.type !== 'sample' || sample.sample.task !== 'forecast') throw new Error('no forecast sample');
  return sample.sample;
}

describe('the forecast sample', () => {
  it('covers the last 200 validation steps, one step ahead, against the CSV’s own rows', async () => {
    const dir = tempDir();
    writeForecastData(dir, 1600);
    const configFile = writeConfig(dir, 'series', { file: 'series.csv', task: 'forecast', window: 12, horizon: 3, season: 12, columns: { targets: ['temperature', 'load'] } }, { training: { maxWindowsPerEpoch: 64 } });
    const sample = await sampleOf(configFile, path.join(dir, 'run'));
    const rows = fs.readFileSync(path.join(dir, 'series.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
    const row = new Map(rows.map((cells, r) => [cells[0], r]));
    expect(sample.targets).toEqual(['temperature', 'load']);
    expect(sample.times).toHaveLength(200);
    const at = sample.times!.map((time) => row.get(time)!);
    // Validation holds rows 1120..1359 (70/15/15 of 1600); its last window's first forecast step is row 1360 - 3.
    expect(at).toEqual(Array.from({ length: 200 }, (_, i) => 1357 - 199 + i));
    const value = (r: number, k: number) => Number(rows[r][1 + k]);
    for (const k of [0, 1]) {
      for (const name of ['truth', 'prediction', 'naive', 'seasonalNaive'] as const) expect(sample[name][k]).toHaveLength(200);
      expect(sample.truth[k]).toEqual(at.map((r) => value(r, k)));
      expect(sample.naive[k]).toEqual(at.map((r) => value(r - 1, k)));
      expect(sample.seasonalNaive[k]).toEqual(at.map((r) => value(r - sample.season, k)));
    }
    expect(sample.season).toBe(12);

    // The model's forecast for the last window, recomputed alone (reference kernels, one window).
    const { state } = decodeTrainingState(new Uint8Array(fs.readFileSync(path.join(dir, 'run', 'checkpoint.bin'))), 'checkpoint');
    const loaded = loadConfig(configFile);
    const data = (await prepareData(loaded.config, loaded.file)) as PreparedForecast;
    const last = Int32Array.of(data.splits.validation.windows - 1);
    const x = new Float32Array(12 * data.input.size);
    data.fillBatch('validation', last, x, new Float32Array(data.outputSize));
    const original = new Float64Array(data.outputSize);
    data.toOriginal('validation', last, modelForward(state.model, { B: 1, T: 12, x }, { training: false }), original);
    for (const k of [0, 1]) expect(sample.prediction[k][199]).toBeCloseTo(original[k], 3);
  });

  it('has no times without a time column, and covers every validation window when there are fewer than 200', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'plain.csv'), ['value', ...Array.from({ length: 400 }, (_, t) => (Math.sin(t / 3) * 10).toFixed(3))].join('\n') + '\n');
    const configFile = writeConfig(dir, 'plain', { file: 'plain.csv', task: 'forecast', window: 8 });
    const sample = await sampleOf(configFile, path.join(dir, 'run'));
    expect(sample.times).toBeNull();
    expect(sample.truth[0]).toHaveLength(60 - 8); // 15% of 400 rows, less one window, plus one
  });
});

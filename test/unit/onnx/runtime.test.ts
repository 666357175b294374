// The runtime module: sessions cached per file and replaced when the file changes; task checks; and a
// classifier over sequences through `seqlab predict` (one row per sequence, last `window` rows, padded).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { allocateModel, modelForward } from '../../../engine/model';
import { exportOnnx } from '../../../engine/onnx/export';
import { ModelCache } from '../../../engine/runtime/modelCache';
import { SeqLabModel } from '../../../engine/runtime/modelSession';
import { runClassify, runForecast, zeroTextState } from '../../../engine/runtime/predictors';
import { tempDir } from '../helpers/tinyRuns';
import { classifyCase, forecastCase, textCase } from './cases';
import { seqlab } from './cli';

describe('ModelCache', () => {
  test('reuses the session while the file is unchanged, replaces and releases it when the file changes', async () => {
    const dir = tempDir('seqlab-cache-');
    const file = path.join(dir, 'model.onnx');
    fs.writeFileSync(file, exportOnnx(forecastCase('lstm', 'relative', 1).input));
    const cache = new ModelCache();
    const first = await cache.get(file);
    expect(await cache.get(file)).toBe(first);
    const x = new Float32Array(8 * 3).fill(2);
    const before = (await runForecast(first, x, 1, 8)).values.slice();

    fs.writeFileSync(file, exportOnnx(forecastCase('gru', 'absolute', 1).input));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5_000)); // a new mtime even on coarse clocks
    const second = await cache.get(file);
    expect(second).not.toBe(first);
    expect(second.metadata.model.cell).toBe('gru');
    await expect(runForecast(first, x, 1, 8)).rejects.toThrow(/released/);
    expect((await runForecast(second, x, 1, 8)).values).not.toEqual(before);
    expect(cache.size).toBe(1);
    await cache.dispose();
    expect(cache.size).toBe(0);
  });

  test('a bad file is not cached: fixing it and asking again loads the fixed file', async () => {
    const dir = tempDir('seqlab-cache-');
    const file = path.join(dir, 'model.onnx');
    fs.writeFileSync(file, 'not a model');
    const cache = new ModelCache();
    await expect(cache.get(file)).rejects.toMatchObject({ code: 'BAD_MODEL' });
    fs.writeFileSync(file, exportOnnx(textCase('gru', 1).input));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect((await cache.get(file)).metadata.task).toBe('text');
    await expect(cache.get(path.join(dir, 'missing.onnx'))).rejects.toMatchObject({ code: 'IO', message: 'cannot read the model: no such file' });
    await cache.dispose();
  });

  test('running a model for the wrong task says which command to use', async () => {
    const dir = tempDir('seqlab-cache-');
    const file = path.join(dir, 'text.onnx');
    fs.writeFileSync(file, exportOnnx(textCase('lstm', 1).input));
    const cache = new ModelCache();
    const model = await cache.get(file);
    await expect(runClassify(model, new Float32Array(4), 1, 1)).rejects.toThrow(/this is a text model, not a classify model; use 'seqlab sample'/);
    expect(zeroTextState(model, 2).c).toHaveLength(2 * 7);
    await cache.dispose();
  });
});

test('seqlab predict on a classifier over sequences: one row per sequence, equal to the engine', async () => {
  const c = classifyCase('gru', true, 2);
  const dir = tempDir('seqlab-sequences-');
  const model = path.join(dir, 'model.onnx');
  fs.writeFileSync(model, exportOnnx(c.input));
  // Three stations with 3, 7 and 10 rows (window 7: the last 7 are read), rows shuffled in time.
  const sizes: Record<string, number> = { north: 3, south: 7, east: 10 };
  const lines = ['station,date,precipitation,temp_max,temp_min,wind,weather'];
  const raw: Record<string, number[][]> = {};
  for (const [station, size] of Object.entries(sizes)) {
    raw[station] = Array.from({ length: size }, (_, t) => [((t * 7) % 5) * 1.5, 10 + t + station.length, 4 + (t % 3), 2 + t / 4]);
    const order = Array.from({ length: size }, (_, t) => t).reverse();
    for (const t of order) lines.push([station, `2021-01-${String(t + 1).padStart(2, '0')}`, ...raw[station][t], 'rain'].join(','));
  }
  fs.writeFileSync(path.join(dir, 'stations.csv'), lines.join('\n') + '\n');
  const { code, out, err } = await seqlab(['predict', model, path.join(dir, 'stations.csv')]);
  expect(code, err).toBe(0);
  const [header, ...rows] = out.split('\n').map((line) => line.split(','));
  expect(header).toEqual(['station', 'weather_pred', 'p_fog', 'p_rain', 'p_sun']);
  expect(rows.map((row) => row[0])).toEqual(['north', 'south', 'east']);

  const engine = allocateModel(c.input.spec, { dtype: 'f32' });
  for (const [name, values] of Object.entries(c.input.params)) engine.p[name].set(values);
  const { mean, std } = c.input.metadata.normalization!.features;
  const T = 7;
  const x = new Float32Array(3 * T * 4);
  const lengths = new Int32Array(3);
  Object.values(raw).forEach((series, b) => {
    const kept = series.slice(-T);
    lengths[b] = kept.length;
    kept.forEach((row, t) => row.forEach((value, f) => (x[(b * T + t) * 4 + f] = (value - mean[f]) / std[f])));
  });
  const logits = modelForward(engine, { B: 3, T, x, lengths }, { training: false });
  rows.forEach((row, b) => {
    const z = Array.from(logits.subarray(b * 3, b * 3 + 3));
    const exp = z.map((v) => Math.exp(v - Math.max(...z)));
    const sum = exp.reduce((a, v) => a + v, 0);
    exp.forEach((p, k) => expect(Math.abs(Number(row[2 + k]) - p / sum)).toBeLessThanOrEqual(1e-5));
  });
  expect((await seqlab(['predict', model, path.join(dir, 'stations.csv'), '--rolling'])).err).toMatch(/--rolling applies to windows over one series/);
});

describe('a session on a worker thread', () => {
  test('answers as the session on this thread does, and runs sent together come back in order', async () => {
    const bytes = exportOnnx(forecastCase('lstm', 'relative', 1).input);
    const here = await SeqLabModel.load(bytes, 'here.onnx');
    const there = await SeqLabModel.load(bytes, 'there.onnx', { worker: true });
    try {
      const batches = [1, 2, 3].map((scale) => new Float32Array(4 * 8 * 3).map((_, i) => Math.sin(i * scale)));
      const expected = await Promise.all(batches.map((x) => runForecast(here, x, 4, 8)));
      // Sent at once, from buffers changed right after: each run must read its own inputs.
      const pending = batches.map((x) => runForecast(there, x, 4, 8));
      for (const x of batches) x.fill(0);
      expect((await Promise.all(pending)).map((r) => Array.from(r.values))).toEqual(expected.map((r) => Array.from(r.values)));
      await expect(runForecast(there, new Float32Array(4 * 8 * 2), 4, 8)).rejects.toMatchObject({ code: 'BAD_MODEL', message: expect.stringMatching(/onnxruntime could not run the model/) });
      expect((await runForecast(there, batches[0].fill(1), 4, 8)).values.length).toBe(expected[0].values.length); // still usable after a bad run
    } finally {
      await here.release();
    }
    // Released with a run in flight: the run fails plainly instead of waiting forever.
    const inFlight = runForecast(there, new Float32Array(4 * 8 * 3), 4, 8);
    await there.release();
    await expect(inFlight).rejects.toMatchObject({ code: 'BAD_MODEL' });
    await expect(runForecast(there, new Float32Array(4 * 8 * 3), 4, 8)).rejects.toThrow(/released/);
  });
});

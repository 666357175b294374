// The forecast formulations: what fillBatch writes is computed here independently from the raw CSV, and
// the inverse (toOriginal) of what fillBatch writes gives back the raw future (round trip), for the
// relative (trend-safe) and the absolute formulation, in float64 and float32 batches.
import fc from 'fast-check';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareData, type PreparedForecast } from '../../../engine/data/prepare';
import { config, samples, writeFiles } from './helpers';

async function co2(formulation: 'relative' | 'absolute', horizon = 3): Promise<PreparedForecast> {
  const file = path.join(samples, 'x.seqlab.json');
  const p = await prepareData(config({ file: 'co2-concentration.csv', window: 24, horizon, formulation, columns: { targets: ['CO2', 'adjusted CO2'] } }, {}, file), file);
  if (p.task !== 'forecast') throw new Error('expected forecast');
  return p;
}

function all(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

describe.each(['relative', 'absolute'] as const)('%s formulation', (formulation) => {
  it('transform then inverse gives the original future, for every window of every split', async () => {
    const p = await co2(formulation);
    for (const split of ['train', 'validation', 'test'] as const) {
      const windows = all(p.splits[split].windows);
      const x = new Float64Array(windows.length * p.window * p.input.size);
      const y = new Float64Array(windows.length * p.outputSize);
      p.fillBatch(split, windows, x, y);
      const back = new Float64Array(y.length);
      p.toOriginal(split, windows, y, back);
      const truth = new Float64Array(y.length);
      p.truth(split, windows, truth);
      for (let i = 0; i < y.length; i++) expect(back[i]).toBeCloseTo(truth[i], 9);
    }
  });

  it('inverse then transform gives the model output back (any output)', async () => {
    const p = await co2(formulation);
    const { std } = p.normalisation.targets;
    await fc.assert(fc.property(fc.nat(p.splits.test.windows - 1), fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: p.outputSize, maxLength: p.outputSize }), (w, output) => {
      const original = new Float64Array(p.outputSize);
      p.toOriginal('test', [w], output, original);
      const last = new Float64Array(2);
      p.lastValues('test', [w], last);
      const K = p.targetNames.length;
      output.forEach((value, i) => {
        const k = i % K;
        const center = formulation === 'relative' ? last[k] : p.normalisation.targets.mean[k];
        expect((original[i] - center) / std[k]).toBeCloseTo(value, 9);
      });
    }));
  });

  it('inputs are the raw window scaled by the training std, relative to the last row or centred on the mean', async () => {
    const p = await co2(formulation, 1);
    const raw = p.rawTargets; // both columns are targets here, in feature order
    const train = p.splits.train;
    const F = p.input.size;
    // Statistics recomputed from the raw training rows.
    for (let f = 0; f < F; f++) {
      let sum = 0;
      for (let r = train.start; r < train.end; r++) sum += raw[r * F + f];
      const mean = sum / (train.end - train.start);
      let squares = 0;
      for (let r = train.start; r < train.end; r++) squares += (raw[r * F + f] - mean) ** 2;
      expect(p.normalisation.features.mean[f]).toBeCloseTo(mean, 9);
      expect(p.normalisation.features.std[f]).toBeCloseTo(Math.sqrt(squares / (train.end - train.start)), 9);
    }
    const w = 17;
    const x = new Float32Array(p.window * F);
    const y = new Float32Array(p.outputSize);
    p.fillBatch('validation', [w], x, y);
    const last = p.lastRow('validation', w);
    const first = last - p.window + 1;
    const { mean, std } = p.normalisation.features;
    for (let t = 0; t < p.window; t++) {
      for (let f = 0; f < F; f++) {
        const center = formulation === 'relative' ? raw[last * F + f] : mean[f];
        expect(x[t * F + f]).toBeCloseTo((raw[(first + t) * F + f] - center) / std[f], 5);
      }
    }
    if (formulation === 'relative') expect(Array.from(x.subarray((p.window - 1) * F))).toEqual([0, 0]);
    expect(p.normalisation.formulation).toBe(formulation);
    expect(p.normalisation.features.relative).toEqual([formulation === 'relative', formulation === 'relative']);
  });
});

describe('baselines and access in original units', () => {
  it('naive is the last value, seasonal-naive the value one season earlier, truth the next rows', async () => {
    const p = await co2('relative', 3);
    expect(p.season).toBe(12);
    const K = 2;
    const w = 5;
    const last = p.lastRow('test', w);
    const naive = new Float64Array(K);
    p.lastValues('test', [w], naive);
    expect(Array.from(naive)).toEqual([p.rawTargets[last * K], p.rawTargets[last * K + 1]]);
    const seasonal = new Float64Array(p.outputSize);
    p.seasonalNaive('test', [w], seasonal);
    const truth = new Float64Array(p.outputSize);
    p.truth('test', [w], truth);
    for (let h = 0; h < 3; h++) {
      for (let k = 0; k < K; k++) {
        expect(seasonal[h * K + k]).toBe(p.rawTargets[(last + 1 + h - 12) * K + k]);
        expect(truth[h * K + k]).toBe(p.rawTargets[(last + 1 + h) * K + k]);
      }
    }
    // MASE scale: mean |y_t - y_{t-lag}| over the training rows, recomputed here.
    const { start, end } = p.splits.train;
    let sum = 0;
    for (let r = start + 12; r < end; r++) sum += Math.abs(p.rawTargets[r * K] - p.rawTargets[(r - 12) * K]);
    expect(p.inSampleNaiveMae(12)[0]).toBeCloseTo(sum / (end - start - 12), 12);
  });

  it('one-hot inputs stay absolute and unscaled; constant columns get std 1', async () => {
    const lines = ['day,kind,flat,y'];
    for (let r = 0; r < 60; r++) lines.push(`${r},${r % 2 ? 'a' : 'b'},5,${(r * 1.5 + (r % 4)).toFixed(2)}`);
    const dir = writeFiles({ 'k.csv': lines.join('\n') + '\n' });
    const file = path.join(dir, 'k.seqlab.json');
    const p = await prepareData(config({ file: 'k.csv', window: 4 }, {}, file), file);
    if (p.task !== 'forecast') throw new Error('expected forecast');
    expect(p.featureNames).toEqual(['kind=a', 'kind=b', 'flat', 'y']);
    expect(p.normalisation.features.relative).toEqual([false, false, true, true]);
    expect(p.normalisation.features.std.slice(0, 3)).toEqual([1, 1, 1]);
    expect(p.report.scaling?.constant).toEqual(['flat']);
    const x = new Float64Array(p.window * 4);
    p.fillBatch('train', [0], x, new Float64Array(1));
    expect(Array.from(x.subarray(0, 2))).toEqual([0, 1]); // row 0 is kind b
    expect(p.normalisation.targets.featureIndex).toEqual([3]);
  });

  it('refuses windows outside a split and batches that do not fit', async () => {
    const p = await co2('relative', 1);
    expect(() => p.lastRow('test', p.splits.test.windows)).toThrow(RangeError);
    expect(() => p.fillBatch('test', [0], new Float64Array(3), new Float64Array(2))).toThrow(RangeError);
  });
});

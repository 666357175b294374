// Every diagnostic raised by the mistake it names and clear without it, on constructed predictions,
// loss histories and data files (prepared by the real data pipeline).
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareData, type PreparedData } from '../../../engine/data/prepare';
import { duplicateWindows } from '../../../engine/explain/diagnostics/duplicates';
import { epochHistory, overfit, underfit, type EpochRecord } from '../../../engine/explain/diagnostics/fit';
import { featureLeakage, stumpAccuracy } from '../../../engine/explain/diagnostics/leakage';
import { forecastCollapse, labelCollapse, lagTrap, type ForecastContext } from '../../../engine/explain/diagnostics/outputs';
import type { ForecastPredictions } from '../../../engine/explain/predictions';
import { createRng } from '../../../engine/rng';
import { config, writeFiles } from '../data/helpers';

/** A forecast split over a series: window w predicts row w + 1 from the last value at row w. */
function forecastOf(series: Float64Array, predict: (w: number) => number): { p: ForecastPredictions; context: ForecastContext } {
  const W = series.length - 1;
  const p: ForecastPredictions = {
    task: 'forecast',
    prediction: Float64Array.from({ length: W }, (_, w) => predict(w)),
    truth: series.slice(1),
    naive: series.slice(0, W),
    targetRows: Int32Array.from({ length: W }, (_, w) => w + 1),
  };
  return { p, context: { targetAt: (row) => series[Math.max(0, row)], timeAt: () => null, targetName: 'y', split: 'validation', formulation: 'absolute' } };
}

function randomWalk(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const series = new Float64Array(n);
  for (let t = 1; t < n; t++) series[t] = series[t - 1] + rng.normal();
  return series;
}

describe('lag trap', () => {
  it('a random walk forecast by (about) its last value raises it', () => {
    const series = randomWalk(400, 1);
    const rng = createRng(2);
    const { p, context } = forecastOf(series, (w) => series[w] + 0.05 * rng.normal());
    const d = lagTrap(p, context);
    expect(d.status).toBe('raised');
    expect(d.measures.corrShifted).toBeGreaterThan(0.9);
    expect(Math.abs(d.measures.corrTruth)).toBeLessThan(0.2);
    expect(d.evidence.map((e) => e.kind)).toEqual(['series', 'bars']);
    expect(d.fix).toMatch(/data\.formulation "relative"/);
    expect(lagTrap(p, { ...context, formulation: 'relative' }).fix).not.toMatch(/formulation/); // it is relative already
  });

  it('a forecast that follows the truth one step late raises it even when it beats naive on MAE', () => {
    const series = Float64Array.from({ length: 300 }, (_, t) => 0.5 * t + Math.sin(t / 3)); // a trend the model adds
    const { p, context } = forecastOf(series, (w) => series[w] + 0.5);
    const d = lagTrap(p, context);
    expect(d.measures.maeRatio).toBeLessThan(0.98);
    expect(d.status).toBe('raised');
  });

  it('a well-fitting forecast leaves it clear', () => {
    const series = Float64Array.from({ length: 300 }, (_, t) => Math.sin((2 * Math.PI * t) / 12) * 5 + 0.01 * t);
    const rng = createRng(3);
    const { p, context } = forecastOf(series, (w) => series[w + 1] + 0.2 * rng.normal());
    const d = lagTrap(p, context);
    expect(d.status).toBe('clear');
    expect(d.measures.maeRatio).toBeLessThan(0.2);
    expect(d.measures.corrTruth).toBeGreaterThan(d.measures.corrShifted);
  });
});

describe('collapse', () => {
  it('a flat forecast raises it; one that varies like the truth does not', () => {
    const series = Float64Array.from({ length: 200 }, (_, t) => Math.sin(t / 4) * 3);
    const flat = forecastOf(series, (w) => 0.01 * Math.sin(w));
    expect(forecastCollapse(flat.p, flat.context).status).toBe('raised');
    const good = forecastOf(series, (w) => series[w + 1] * 0.9);
    expect(forecastCollapse(good.p, good.context).status).toBe('clear');
  });

  it('a classifier that predicts one class raises it; one whose data has one class does not', () => {
    const truth = Int32Array.from({ length: 200 }, (_, i) => i % 3);
    const one = labelCollapse({ task: 'classify', predicted: new Int32Array(200).fill(1), truth, names: ['sun', 'rain', 'fog'] });
    expect(one.status).toBe('raised');
    expect(one.summary).toMatch(/100 % of windows get the class rain/);
    const varied = labelCollapse({ task: 'classify', predicted: Int32Array.from(truth, (c, i) => (i % 7 === 0 ? (c + 1) % 3 : c)), truth, names: ['sun', 'rain', 'fog'] });
    expect(varied.status).toBe('clear');
    const skewed = labelCollapse({ task: 'classify', predicted: new Int32Array(200), truth: Int32Array.from({ length: 200 }, (_, i) => (i < 195 ? 0 : 1)), names: ['a', 'b'] });
    expect(skewed.status).toBe('clear'); // the truth itself is 97.5 % one class
  });
});

const history = (pairs: [number, number][]): EpochRecord[] => pairs.map(([trainLoss, valLoss], i) => ({ epoch: i + 1, trainLoss, valLoss }));

describe('underfit and overfit', () => {
  it('training loss still falling at the end of a full run raises underfit; a flat one does not; early stopping does not', () => {
    const falling = history(Array.from({ length: 10 }, (_, e) => [1 / (1 + 0.3 * e), 1.1 / (1 + 0.3 * e)]));
    expect(underfit(falling, false).status).toBe('raised');
    expect(underfit(falling, true).status).toBe('clear');
    const flat = history(Array.from({ length: 10 }, (_, e) => [0.5 + 0.002 * Math.sin(e), 0.6]));
    expect(underfit(flat, false).status).toBe('clear');
  });

  it('validation rising while training falls raises overfit with the epoch it began', () => {
    const pairs: [number, number][] = Array.from({ length: 12 }, (_, e) => [1 / (1 + 0.5 * e), e <= 4 ? 1 - 0.1 * e : 0.6 + 0.05 * (e - 4)]);
    const d = overfit(history(pairs));
    expect(d.status).toBe('raised');
    expect(d.measures.beganEpoch).toBe(6); // lowest validation loss at epoch 5
    const series = d.evidence[0];
    expect(series.kind === 'series' && series.markers).toEqual([{ x: 6, label: 'overfitting from epoch 6' }]);
  });

  it('a noisy validation plateau, or validation rising with training, is not overfitting', () => {
    const rng = createRng(4);
    const plateau = history(Array.from({ length: 20 }, (_, e) => [1 / (1 + 0.2 * e), 0.5 + 0.03 * rng.normal()]));
    expect(overfit(plateau).status).toBe('clear');
    const bothRise = history(Array.from({ length: 12 }, (_, e) => [e <= 4 ? 1 - 0.1 * e : 0.6 + 0.05 * (e - 4), e <= 4 ? 1 - 0.1 * e : 0.6 + 0.05 * (e - 4)]));
    expect(overfit(bothRise).status).toBe('clear');
  });

  it('a resumed run’s repeated epoch events count once (the last)', () => {
    expect(epochHistory([{ epoch: 1, trainLoss: 3, valLoss: 3 }, { epoch: 2, trainLoss: 2, valLoss: 2 }, { epoch: 2, trainLoss: 1, valLoss: 1 }])).toEqual([
      { epoch: 1, trainLoss: 3, valLoss: 3 }, { epoch: 2, trainLoss: 1, valLoss: 1 },
    ]);
  });
});

async function prepare(lines: string[], data: Record<string, unknown>): Promise<PreparedData> {
  const dir = writeFiles({ 'series.csv': lines.join('\n') + '\n' });
  const configFile = path.join(dir, 'x.seqlab.json');
  return prepareData(config({ file: 'series.csv', ...data }, {}, configFile), configFile);
}

const day = (t: number) => new Date(Date.UTC(2020, 0, 1 + t)).toISOString().slice(0, 10);

describe('leakage', () => {
  const walk = randomWalk(401, 5);
  const rng = createRng(6);
  const noise = Float64Array.from({ length: 401 }, () => rng.normal());
  const rows = (leak: boolean) => ['date,price,volume' + (leak ? ',tomorrow' : ''),
    ...Array.from({ length: 400 }, (_, t) => `${day(t)},${walk[t].toFixed(4)},${noise[t].toFixed(4)}${leak ? `,${walk[t + 1].toFixed(4)}` : ''}`)];

  it('a feature holding the target shifted into the future raises it, and names that feature', async () => {
    const data = await prepare(rows(true), { task: 'forecast', columns: { time: 'date', targets: ['price'], features: ['price', 'volume', 'tomorrow'] }, window: 8 });
    const d = featureLeakage(data);
    expect(d.status).toBe('raised');
    expect(d.summary).toMatch(/"tomorrow" explains 100 % of the next change of "price"/);
    const bars = d.evidence[0];
    expect(bars.kind === 'bars' && bars.bars.filter((b) => b.role === 'flagged').map((b) => b.label)).toEqual(['tomorrow']);
  });

  it('honest features leave it clear', async () => {
    const data = await prepare(rows(false), { task: 'forecast', columns: { time: 'date', targets: ['price'], features: ['price', 'volume'] }, window: 8 });
    expect(featureLeakage(data).status).toBe('clear');
  });

  it('classify: a feature that encodes the next label raises it; honest features do not', async () => {
    const labels = Array.from({ length: 301 }, (_, t) => (Math.sin(t / 5) + 0.6 * noise[t] > 0 ? 'rain' : 'sun'));
    const csv = (leak: boolean) => ['date,pressure' + (leak ? ',forecast' : '') + ',weather',
      ...Array.from({ length: 300 }, (_, t) => `${day(t)},${(Math.sin(t / 5) + noise[t]).toFixed(4)}${leak ? `,${labels[t + 1] === 'rain' ? 1 : 0}` : ''},${labels[t]}`)];
    const leaky = await prepare(csv(true), { task: 'classify', columns: { time: 'date', targets: ['weather'], features: ['pressure', 'forecast'] }, window: 5 });
    const d = featureLeakage(leaky);
    expect(d.status).toBe('raised');
    expect(d.summary).toMatch(/"forecast"/);
    const honest = await prepare(csv(false), { task: 'classify', columns: { time: 'date', targets: ['weather'], features: ['pressure'] }, window: 5 });
    expect(featureLeakage(honest).status).toBe('clear');
  });

  it('the decision stump finds the best single threshold', () => {
    expect(stumpAccuracy([1, 2, 3, 4, 5, 6], [0, 0, 0, 1, 1, 1], 2)).toBe(1);
    expect(stumpAccuracy([1, 2, 3, 4], [0, 1, 0, 1], 2)).toBe(0.75);
    expect(stumpAccuracy([5, 5, 5, 5], [0, 1, 0, 0], 2)).toBe(0.75); // no threshold between equal values
  });

  it('training rows repeated in validation and test raise duplication; the same file without the copy does not', async () => {
    const values = Array.from({ length: 200 }, (_, t) => `${walk[t].toFixed(4)},${noise[t].toFixed(4)}`);
    const copied = ['date,price,volume', ...Array.from({ length: 400 }, (_, t) => `${day(t)},${values[t % 200]}`)];
    const spec = { task: 'forecast', columns: { time: 'date', targets: ['price'], features: ['price', 'volume'] }, window: 8, split: { train: 0.5, validation: 0.25, test: 0.25 } };
    const d = duplicateWindows(await prepare(copied, spec));
    expect(d.status).toBe('raised');
    expect(d.measures.matched).toBeGreaterThan(150);
    const matches = d.evidence[0];
    expect(matches.kind === 'matches' && matches.examples[0]).toMatchObject({ split: 'validation', window: 0, trainWindow: 0, label: '2020-07-27', trainLabel: '2020-01-09' });
    expect(d.evidence[1].kind).toBe('timeline');
    expect(duplicateWindows(await prepare(rows(false), spec)).status).toBe('clear');
  });

  it('flat stretches are not duplicates', async () => {
    const flat = ['date,level', ...Array.from({ length: 300 }, (_, t) => `${day(t)},${t % 100 < 50 ? 0 : (walk[t] + 100).toFixed(4)}`)];
    const d = duplicateWindows(await prepare(flat, { task: 'forecast', columns: { time: 'date', targets: ['level'], features: ['level'] }, window: 6 }));
    expect(d.measures.matched).toBe(0);
  });
});

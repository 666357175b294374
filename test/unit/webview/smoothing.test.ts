import { describe, expect, it } from 'vitest';
import { decimateMinMax } from '../../../webview/model/decimation';
import { clampSmoothing, emaSmooth, SmoothedSeries } from '../../../webview/model/smoothing';

/** A noisy, decaying loss curve from a fixed-seed LCG (no Math.random: the test is reproducible). */
function noisyLoss(length: number, seed = 7): Float64Array {
  let state = seed;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    out[i] = 2 * Math.exp(-i / (length / 4)) + 0.3 * (state / 2 ** 31);
  }
  return out;
}

describe('emaSmooth (debiased EMA)', () => {
  it('matches the formula s_t = w·s_{t−1} + (1−w)·x_t, divided by 1 − w^t', () => {
    const w = 0.6;
    const smoothed = emaSmooth([4, 2, 8], w);
    const s1 = (1 - w) * 4;
    const s2 = w * s1 + (1 - w) * 2;
    const s3 = w * s2 + (1 - w) * 8;
    expect(smoothed[0]).toBeCloseTo(s1 / (1 - w), 12);
    expect(smoothed[1]).toBeCloseTo(s2 / (1 - w ** 2), 12);
    expect(smoothed[2]).toBeCloseTo(s3 / (1 - w ** 3), 12);
  });

  it('does not pull the first points towards zero: the first smoothed point is the first raw point', () => {
    const smoothed = emaSmooth([5, 5, 5, 5], 0.95);
    expect(smoothed[0]).toBeCloseTo(5, 12);
    for (const value of smoothed) expect(value).toBeCloseTo(5, 12);
  });

  it('is the raw series at weight 0 and stays within the raw range', () => {
    const raw = noisyLoss(500);
    expect(Array.from(emaSmooth(raw, 0))).toEqual(Array.from(raw));
    const smoothed = emaSmooth(raw, 0.9);
    const [low, high] = [Math.min(...raw), Math.max(...raw)];
    for (const value of smoothed) expect(value >= low - 1e-12 && value <= high + 1e-12).toBe(true);
  });

  it('lets a non-finite point through without poisoning the points after it', () => {
    const smoothed = emaSmooth([1, Number.NaN, 1, Number.POSITIVE_INFINITY, 1], 0.5);
    expect(smoothed[1]).toBeNaN();
    expect(smoothed[3]).toBe(Number.POSITIVE_INFINITY);
    expect(smoothed[4]).toBeCloseTo(1, 12);
  });

  it('clamps the weight to the slider range', () => {
    expect([clampSmoothing(-1), clampSmoothing(0.5), clampSmoothing(1), clampSmoothing(Number.NaN)]).toEqual([0, 0.5, 0.99, 0]);
  });
});

describe('SmoothedSeries (incremental)', () => {
  it('extended point by point equals smoothing the whole series at once', () => {
    const raw = noisyLoss(10_000);
    const series = new SmoothedSeries(0.8);
    for (let length = 0; length <= raw.length; length += 937) series.update(raw, length, length - 937);
    series.update(raw, raw.length, Infinity);
    expect(Array.from(series.values.view())).toEqual(Array.from(emaSmooth(raw, 0.8)));
  });

  it('starts over when the tail is rewritten (a resumed run) or the weight changes', () => {
    const raw = noisyLoss(100);
    const series = new SmoothedSeries(0.8);
    series.update(raw, 100, 0);
    const rewritten = Float64Array.from(raw);
    rewritten.fill(3, 60);
    series.update(rewritten, 100, 60);
    expect(Array.from(series.values.view())).toEqual(Array.from(emaSmooth(rewritten, 0.8)));
    series.update(rewritten, 100, Infinity, 0.3);
    expect(Array.from(series.values.view())).toEqual(Array.from(emaSmooth(rewritten, 0.3)));
  });

  it('is smoothed before decimation: every drawn point is a point of the full smoothed series, at any zoom', () => {
    const raw = noisyLoss(100_000);
    const steps = Float64Array.from(raw, (_, i) => i + 1);
    const full = emaSmooth(raw, 0.9);
    for (const range of [null, { min: 1, max: 100_000 }, { min: 40_000, max: 41_000 }, { min: 99_990, max: 100_000 }]) {
      const drawn = decimateMinMax(steps, full, full.length, range, 800);
      expect(drawn.length).toBeGreaterThan(0);
      for (const point of drawn) expect(point.y).toBe(full[point.x - 1]);
    }
    // A longer run leaves the smoothed values of its earlier points as they were.
    expect(Array.from(emaSmooth(raw.subarray(0, 50_000), 0.9))).toEqual(Array.from(full.subarray(0, 50_000)));
  });
});

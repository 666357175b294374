import { describe, expect, it } from 'vitest';
import { decimateMinMax } from '../../../webview/model/decimation';

function series(length: number, y: (i: number) => number): { xs: Float64Array; ys: Float64Array } {
  return { xs: Float64Array.from({ length }, (_, i) => i + 1), ys: Float64Array.from({ length }, (_, i) => y(i)) };
}

describe('decimateMinMax', () => {
  it('draws every point of a short series', () => {
    const { xs, ys } = series(50, (i) => i * i);
    const drawn = decimateMinMax(xs, ys, 50, null, 400);
    expect(drawn.map((point) => point.y)).toEqual(Array.from(ys));
    expect(drawn.map((point) => point.index)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('draws at most 4 points per pixel column of a 100,000-point series, in x order', () => {
    const { xs, ys } = series(100_000, (i) => Math.sin(i / 100) + 1 / (1 + i));
    const drawn = decimateMinMax(xs, ys, xs.length, null, 500);
    expect(drawn.length).toBeLessThanOrEqual(4 * 501);
    expect(drawn.length).toBeGreaterThan(500);
    for (let k = 1; k < drawn.length; k++) expect(drawn[k].x).toBeGreaterThan(drawn[k - 1].x);
    expect(drawn[0].index).toBe(0);
    expect(drawn[drawn.length - 1].index).toBe(99_999);
  });

  it('keeps every spike and dip: each column’s extremes are drawn', () => {
    const { xs, ys } = series(100_000, (i) => (i % 7_919 === 0 ? 50 : i % 6_007 === 0 ? -50 : Math.cos(i)));
    const drawn = decimateMinMax(xs, ys, xs.length, null, 300);
    const drawnIndices = new Set(drawn.map((point) => point.index));
    for (let i = 0; i < ys.length; i++) if (Math.abs(ys[i]) === 50) expect(drawnIndices.has(i)).toBe(true);
    // Same extremes as the full series, per column: max over drawn == max over all.
    expect(Math.max(...drawn.map((point) => point.y))).toBe(50);
    expect(Math.min(...drawn.map((point) => point.y))).toBe(-50);
  });

  it('decimates only the visible range, plus one neighbour on each side so the line reaches the edges', () => {
    const { xs, ys } = series(100_000, (i) => i);
    const drawn = decimateMinMax(xs, ys, xs.length, { min: 1_000.5, max: 1_100 }, 800);
    expect(drawn[0].x).toBe(1_000);
    expect(drawn[drawn.length - 1].x).toBe(1_101);
    expect(drawn).toHaveLength(102); // 101 visible points: few enough to draw all
  });

  it('leaves out non-finite values, reads only `length` points, and copes with empty input', () => {
    const drawn = decimateMinMax([1, 2, 3, 4], [1, Number.NaN, 3, 4], 3, null, 100);
    expect(drawn.map((point) => point.x)).toEqual([1, 3]);
    expect(decimateMinMax([], [], 0, null, 100)).toEqual([]);
    expect(decimateMinMax([1, 2], [1, 2], 2, { min: 10, max: 20 }, 100)).toEqual([{ x: 2, y: 2, index: 1 }]);
  });
});

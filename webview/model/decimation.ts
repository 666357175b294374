import { lowerBound, upperBound } from './column';

// Min-max decimation of a sorted series for drawing: the visible x range is cut into as many columns
// as the chart has pixels, and each column keeps its first, lowest, highest and last point. Spikes
// survive (unlike LTTB or averaging), the drawn line looks the same as the full one at that width,
// and a chart never draws more than about 4 points per pixel however long the run. Only what is
// drawn is thinned: the store keeps every point, so zooming in shows the detail again.

export interface DrawPoint {
  readonly x: number;
  readonly y: number;
  /** The point's index in the full series (tooltips look its epoch up with it). */
  readonly index: number;
}

export interface XRange {
  readonly min: number;
  readonly max: number;
}

/**
 * The points of (`xs`, `ys`)[0, `length`) to draw over `range` (everything when null) at `columns`
 * pixels: all of them when there are few, else min-max per column. `xs` must be sorted ascending.
 * The nearest point beyond each end of the range is kept, so the line runs to the chart's edges.
 * Non-finite y values are left out.
 */
export function decimateMinMax(
  xs: ArrayLike<number>, ys: ArrayLike<number>, length: number, range: XRange | null, columns: number,
): DrawPoint[] {
  let start = 0;
  let end = Math.min(length, xs.length, ys.length);
  if (range) {
    start = Math.max(0, lowerBound(xs, range.min, end) - 1);
    end = Math.min(end, upperBound(xs, range.max, end) + 1);
  }
  const points: DrawPoint[] = [];
  if (end <= start) return points;
  const xMin = range ? range.min : xs[start];
  const xMax = range ? range.max : xs[end - 1];
  const width = (xMax - xMin) / Math.max(1, Math.floor(columns));
  if (end - start <= 2 * columns || !(width > 0)) {
    for (let i = start; i < end; i++) if (Number.isFinite(ys[i])) points.push({ x: xs[i], y: ys[i], index: i });
    return points;
  }
  let column = Number.NaN;
  let first = -1;
  let last = -1;
  let lowest = -1;
  let highest = -1;
  const flush = (): void => {
    if (first < 0) return;
    // The column's points in series order, each once: first ≤ {lowest, highest} ≤ last.
    const picked = [first, Math.min(lowest, highest), Math.max(lowest, highest), last];
    for (let k = 0; k < picked.length; k++) {
      const i = picked[k];
      if (k > 0 && i === picked[k - 1]) continue;
      points.push({ x: xs[i], y: ys[i], index: i });
    }
  };
  for (let i = start; i < end; i++) {
    const y = ys[i];
    if (!Number.isFinite(y)) continue;
    const here = Math.floor((xs[i] - xMin) / width);
    if (here !== column) {
      flush();
      column = here;
      first = lowest = highest = i;
    }
    last = i;
    if (y < ys[lowest]) lowest = i;
    if (y > ys[highest]) highest = i;
  }
  flush();
  return points;
}

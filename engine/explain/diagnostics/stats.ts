// Small statistics the diagnostics share, over plain arrays (float64 sums).

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return values.length ? sum / values.length : NaN;
}

/** Population standard deviation. */
export function std(values: ArrayLike<number>): number {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return values.length ? Math.sqrt(sum / values.length) : NaN;
}

export function meanAbsoluteError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return a.length ? sum / a.length : NaN;
}

/** Pearson correlation of two equally long series; NaN when either is constant. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const ma = mean(a);
  const mb = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : NaN;
}

/** Running sums for the R² of a one-predictor linear fit (the squared correlation), without arrays. */
export class FitSums {
  n = 0;
  // Sums of values minus the first pair, so that large levels (e.g. 400 ppm varying by 10) lose no digits.
  private x0 = 0;
  private y0 = 0;
  private x = 0;
  private y = 0;
  private xx = 0;
  private yy = 0;
  private xy = 0;

  add(xValue: number, yValue: number): void {
    if (this.n === 0) {
      this.x0 = xValue;
      this.y0 = yValue;
    }
    const x = xValue - this.x0;
    const y = yValue - this.y0;
    this.n++;
    this.x += x;
    this.y += y;
    this.xx += x * x;
    this.yy += y * y;
    this.xy += x * y;
  }

  /** Share of y's variance a line through x explains; 0 when x or y is constant. */
  r2(): number {
    const { n } = this;
    const sxx = this.xx - (this.x * this.x) / n;
    const syy = this.yy - (this.y * this.y) / n;
    const sxy = this.xy - (this.x * this.y) / n;
    if (!(sxx > 1e-12 * Math.max(1, this.xx) && syy > 1e-12 * Math.max(1, this.yy))) return 0;
    return Math.min(1, (sxy * sxy) / (sxx * syy));
  }
}

/** Rounds for JSON: 4 significant digits are plenty for a verdict's numbers. */
export function round(value: number, digits = 4): number {
  return Number.isFinite(value) ? Number(value.toPrecision(digits)) : value;
}

/** Evenly spaced indices 0…count−1, at most `cap` of them. */
export function spread(count: number, cap: number): Int32Array {
  const n = Math.min(count, cap);
  return Int32Array.from({ length: n }, (_, i) => Math.floor((i * count) / n));
}

/** Least-squares slope of values against 0, 1, 2, … (NaN for fewer than two). */
export function slope(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return NaN;
  const mx = (n - 1) / 2;
  const my = mean(values);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - mx) * (values[i] - my);
    sxx += (i - mx) * (i - mx);
  }
  return sxy / sxx;
}

/** The slope's t statistic (slope over its standard error) for values against 0, 1, 2, … (n ≥ 3). */
export function slopeT(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 3) return NaN;
  const b = slope(values);
  const mx = (n - 1) / 2;
  const my = mean(values);
  let residuals = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    residuals += (values[i] - my - b * (i - mx)) ** 2;
    sxx += (i - mx) * (i - mx);
  }
  const se = Math.sqrt(residuals / (n - 2) / sxx);
  return se > 0 ? b / se : b > 0 ? Infinity : b < 0 ? -Infinity : 0;
}

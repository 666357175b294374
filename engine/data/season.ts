// The season for the seasonal-naive baseline: from the config, or detected. Candidates come from the
// time spacing (monthly → 12, daily → 7 or 365, hourly → 24 or 168 …); the one whose lag the training
// series' changes correlate with best wins, if clearly (> 0.2). Without a regular time column: the
// strongest clear peak of that autocorrelation.
//
// Cost: the changes are detrended once, then each lag is one pass over them. Detection reads at most the
// last SEASON_ROWS rows of the training series: 125 cycles of the longest lag looked at (400) are plenty
// to see a season, and a 1,000,000-row file then costs 400 × 50,000 products instead of 400 × 700,000
// (plus, before, a fresh copy of the series per lag: 22 s for `seqlab init` on a one-column file).
import type { Spacing } from './time';

const DAY = 86_400_000;
/** Rows of the training series (its most recent ones) that season detection reads. */
export const SEASON_ROWS = 50_000;
const MAX_LAG = 400;

export function seasonCandidates(spacing: Spacing | null): number[] {
  if (!spacing) return [];
  if (spacing.unit === 'month') return spacing.step === 1 ? [12] : spacing.step === 3 ? [4] : [];
  if (spacing.unit === 'ms') {
    if (spacing.step === DAY) return [7, 365];
    if (spacing.step === 7 * DAY) return [52];
    if (spacing.step === 3_600_000) return [24, 168];
    if (spacing.step === 60_000) return [60, 1440];
  }
  return [];
}

/**
 * The series' changes (first differences) less a straight line fitted to them. That takes out a trend,
 * even an accelerating one, so a smooth trend (seasonally adjusted CO2) does not look seasonal; a
 * repeating pattern (raw CO2's yearly cycle) does.   values[start..N) → residual [N-start-1]
 */
export function detrendedChanges(values: ArrayLike<number>, start = 0): Float64Array {
  const n = values.length - start - 1;
  const residual = new Float64Array(Math.max(0, n));
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const change = values[start + i + 1] - values[start + i];
    residual[i] = change;
    sx += i;
    sy += change;
    sxx += i * i;
    sxy += i * change;
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx || 1);
  const intercept = (sy - slope * sx) / n;
  for (let i = 0; i < n; i++) residual[i] -= intercept + slope * i;
  return residual;
}

/** Autocorrelation at `lag` of detrended changes (detrendedChanges); `energy` is Σ residual². */
function lagCorrelation(residual: Float64Array, energy: number, lag: number): number {
  const n = residual.length;
  if (lag <= 0 || lag >= n - 2 || energy === 0) return 0;
  let numerator = 0;
  for (let i = lag; i < n; i++) numerator += residual[i] * residual[i - lag];
  return numerator / energy;
}

/** Autocorrelation at `lag` of the series' detrended changes. */
export function autocorrelation(values: ArrayLike<number>, lag: number): number {
  const residual = detrendedChanges(values);
  return lagCorrelation(residual, sumOfSquares(residual), lag);
}

function sumOfSquares(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return sum;
}

/** Detected season in rows (1 = none) for a training series. */
export function detectSeason(train: ArrayLike<number>, spacing: Spacing | null): number {
  const rows = Math.min(train.length, SEASON_ROWS);
  const residual = detrendedChanges(train, train.length - rows);
  const energy = sumOfSquares(residual);
  const acf = (lag: number) => lagCorrelation(residual, energy, lag);
  const usable = (lag: number) => lag >= 2 && rows >= 2 * lag + 2;
  const candidates = seasonCandidates(spacing).filter(usable);
  if (candidates.length) {
    let best = candidates[0];
    let bestValue = acf(best);
    for (const lag of candidates.slice(1)) {
      const value = acf(lag);
      if (value > bestValue) [best, bestValue] = [lag, value];
    }
    return bestValue > 0.2 ? best : 1;
  }
  // No spacing to go by: the highest local peak of the autocorrelation, if it is clearly there.
  let best = 1;
  let bestValue = 0.5;
  const maxLag = Math.min(Math.floor(rows / 3), MAX_LAG);
  const values = Float64Array.from({ length: maxLag + 2 }, (_, lag) => (lag >= 1 && rows >= 2 * lag + 2 ? acf(lag) : 0));
  for (let lag = 2; lag <= maxLag; lag++) {
    if (values[lag] > bestValue && values[lag] > values[lag - 1] && values[lag] >= values[lag + 1]) {
      best = lag;
      bestValue = values[lag];
    }
  }
  return best;
}

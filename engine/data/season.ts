// The season for the seasonal-naive baseline: from the config, or detected. Candidates come from the
// time spacing (monthly → 12, daily → 7 or 365, hourly → 24 or 168 …); the one whose lag the training
// series' changes correlate with best wins, if clearly (> 0.2). Without a regular time column: the
// strongest clear peak of that autocorrelation.
import type { Spacing } from './time';

const DAY = 86_400_000;

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
 * Autocorrelation at `lag` of the series' changes (first differences, less a straight line). That takes
 * out a trend, even an accelerating one, so a smooth trend (seasonally adjusted CO2) does not look
 * seasonal; a repeating pattern (raw CO2's yearly cycle) does.
 */
export function autocorrelation(values: ArrayLike<number>, lag: number): number {
  const n = values.length - 1;
  if (lag <= 0 || lag >= n - 2) return 0;
  const changes = Float64Array.from({ length: n }, (_, i) => values[i + 1] - values[i]);
  // Remove a straight line from the changes too: a trend that accelerates (CO2) is still not a season.
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    sx += i;
    sy += changes[i];
    sxx += i * i;
    sxy += i * changes[i];
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx || 1);
  const intercept = (sy - slope * sx) / n;
  const residual = changes.map((c, i) => c - intercept - slope * i);
  let denominator = 0;
  for (const r of residual) denominator += r * r;
  if (denominator === 0) return 0;
  let numerator = 0;
  for (let i = lag; i < n; i++) numerator += residual[i] * residual[i - lag];
  return numerator / denominator;
}

/** Detected season in rows (1 = none) for a training series. */
export function detectSeason(train: ArrayLike<number>, spacing: Spacing | null): number {
  const usable = (lag: number) => lag >= 2 && train.length >= 2 * lag + 2;
  const candidates = seasonCandidates(spacing).filter(usable);
  if (candidates.length) {
    let best = candidates[0];
    for (const lag of candidates) if (autocorrelation(train, lag) > autocorrelation(train, best)) best = lag;
    return autocorrelation(train, best) > 0.2 ? best : 1;
  }
  // No spacing to go by: the highest local peak of the autocorrelation, if it is clearly there.
  let best = 1;
  let bestValue = 0.5;
  const maxLag = Math.min(Math.floor(train.length / 3), 400);
  const acf = Array.from({ length: maxLag + 2 }, (_, lag) => (lag >= 1 && train.length >= 2 * lag + 2 ? autocorrelation(train, lag) : 0));
  for (let lag = 2; lag <= maxLag; lag++) {
    if (acf[lag] > bestValue && acf[lag] > acf[lag - 1] && acf[lag] >= acf[lag + 1]) {
      best = lag;
      bestValue = acf[lag];
    }
  }
  return best;
}

// Leakage in the data: an input feature that predicts the target far better than the target's own past
// (the target shifted into the future, or a column derived from it). SeqLab's splits are chronological and
// its statistics come from training only, so what is left to catch is in the columns themselves.
//
// Forecast (training windows, up to 5,000 evenly spaced): for the first target one step ahead, y = y_{L+1},
// and its change Δ = y_{L+1} − y_L (L = the window's last row), the R² of a line through one predictor:
//   own past   y_{L−j} for the level, y_{L−j} − y_{L−j−1} for the change (j = 0 … min(T, 24) − 1)
//   feature f  x_{f, L−j}, and x_{f, L−j} − x_{f, L−j−1}
// taking each predictor's best lag. A feature is flagged when, for the level or the change, its R² ≥ 0.9
// and its unexplained share 1 − R² is at most a fifth of the own past's.
// Classify: the best one-threshold split (a decision stump) on one feature at one of the last 8 valid
// steps, against the better of the majority class and the label at the window's last row ("persistence",
// windows over one series): flagged when the stump is right ≥ 98 % of the time and wrong at most a fifth
// as often as that reference.
import type { PreparedClassify, PreparedData, PreparedForecast } from '../../data/types';
import { heapAllocator } from '../../tensor';
import type { BarsEvidence, Diagnostic, TimelineEvidence } from '../types';
import { FitSums, round, spread } from './stats';

export const LEAK_R2 = 0.9;
export const LEAK_ACCURACY = 0.98;
/** The feature's unexplained share (or error rate) must be at most this fraction of the reference's. */
export const LEAK_FRACTION = 0.2;
const WINDOWS = 5000;
const MAX_LAGS = 24;
const CLASSIFY_LAGS = 8;

const FIX = 'Drop the column or shift it so that each row holds only what was known at that time; a column computed from the target (e.g. a centred average) leaks too.';

export function featureLeakage(data: PreparedData): Diagnostic {
  if (data.task === 'text') return { id: 'leakage-feature', title: 'Leakage: a feature that knows the future', status: 'not-applicable', summary: 'a text model has no input features besides the text itself', fix: FIX, measures: {}, evidence: [] };
  return data.task === 'forecast' ? forecastLeakage(data) : classifyLeakage(data);
}

function forecastLeakage(data: PreparedForecast): Diagnostic {
  const { rawFeatures, rawTargets, window: T } = data;
  const F = data.input.size;
  const K = data.targetNames.length;
  const own = data.normalisation.targets.featureIndex[0];
  const J = Math.min(T, MAX_LAGS);
  const level = Array.from({ length: (F + 1) * J }, () => new FitSums()); // row F: the target's own past
  const change = Array.from({ length: (F + 1) * J }, () => new FitSums());
  for (const w of spread(data.splits.train.windows, WINDOWS)) {
    const L = data.lastRow('train', w);
    const y = rawTargets[(L + 1) * K];
    const delta = y - rawTargets[L * K];
    for (let j = 0; j < J; j++) {
      const row = L - j;
      const previous = j + 1 < T; // y_{L−j−1} lies inside the window
      level[F * J + j].add(rawTargets[row * K], y);
      if (previous) change[F * J + j].add(rawTargets[row * K] - rawTargets[(row - 1) * K], delta);
      for (let f = 0; f < F; f++) {
        if (f === own) continue;
        level[f * J + j].add(rawFeatures[row * F + f], y);
        if (previous) change[f * J + j].add(rawFeatures[row * F + f] - rawFeatures[(row - 1) * F + f], delta);
      }
    }
  }
  const best = (sums: FitSums[], f: number) => {
    let r2 = 0;
    let lag = 0;
    for (let j = 0; j < J; j++) if (sums[f * J + j].n > 2 && sums[f * J + j].r2() > r2) [r2, lag] = [sums[f * J + j].r2(), j];
    return { r2, lag };
  };
  const ownLevel = best(level, F);
  const ownChange = best(change, F);
  const leaks = (r2: number, reference: number) => r2 >= LEAK_R2 && 1 - r2 <= LEAK_FRACTION * (1 - reference);
  const rows = data.featureNames.map((name, f) => ({ name, f, level: best(level, f), change: best(change, f) })).filter((row) => row.f !== own);
  const flagged = rows.filter((row) => leaks(row.level.r2, ownLevel.r2) || leaks(row.change.r2, ownChange.r2));
  const target = data.targetNames[0];
  const worst = [...rows].sort((a, b) => b.change.r2 - a.change.r2)[0];
  const summary = flagged.length
    ? flagged.slice(0, 3).map((row) => `"${row.name}" explains ${pct(row.change.r2)} of the next change of "${target}" (${lagText(row.change.lag)}) and ${pct(row.level.r2)} of its next value, against ${pct(ownChange.r2)} and ${pct(ownLevel.r2)} for its own past`).join('; ')
    : rows.length === 0
      ? `"${target}" is the only input feature`
      : `no feature predicts "${target}" far better than its own past (best: "${worst.name}", ${pct(worst.change.r2)} of the next change against ${pct(ownChange.r2)})`;
  const bars = (title: string, pick: (row: (typeof rows)[number]) => number, reference: number): BarsEvidence => ({
    kind: 'bars', title, unit: 'R²',
    bars: [
      { label: `${target} (own past)`, value: round(reference), role: 'reference' },
      ...[...rows].sort((a, b) => pick(b) - pick(a)).slice(0, 12).map((row) => ({ label: row.name, value: round(pick(row)), role: flagged.includes(row) ? ('flagged' as const) : ('normal' as const) })),
    ],
  });
  return {
    id: 'leakage-feature', title: 'Leakage: a feature that knows the future', status: flagged.length ? 'raised' : 'clear', summary, fix: FIX,
    measures: { ownPastR2Change: round(ownChange.r2), ownPastR2Level: round(ownLevel.r2), bestFeatureR2Change: round(worst?.change.r2 ?? 0), flagged: flagged.length },
    evidence: [
      bars(`R² for the next change of ${target} (training windows, best lag)`, (row) => row.change.r2, ownChange.r2),
      bars(`R² for the next value of ${target}`, (row) => row.level.r2, ownLevel.r2),
      splitTimeline(data),
    ],
  };
}

function classifyLeakage(data: PreparedClassify): Diagnostic {
  const T = data.window;
  const F = data.input.size;
  const C = data.outputSize;
  const chosen = spread(data.splits.train.windows, WINDOWS);
  const n = chosen.length;
  const J = Math.min(T, CLASSIFY_LAGS);
  // values[(f·J + j)·n + b]: feature f, j steps before window b's last valid step (NaN before its start).
  // Read in chunks: a whole sample of long sequences would not fit in memory at once.
  const values = new Float64Array(F * J * n).fill(NaN);
  const labels = new Int32Array(n);
  const CHUNK = 256;
  const x = heapAllocator.floats('f64', CHUNK * T * F);
  const lengths = new Int32Array(CHUNK);
  for (let from = 0; from < n; from += CHUNK) {
    const windows = chosen.subarray(from, Math.min(from + CHUNK, n));
    data.fillBatch('train', windows, x, labels.subarray(from), lengths);
    for (let c = 0; c < windows.length; c++) {
      for (let j = 0; j < J && j < lengths[c]; j++) {
        const t = lengths[c] - 1 - j;
        for (let f = 0; f < F; f++) values[(f * J + j) * n + from + c] = x[(c * T + t) * F + f];
      }
    }
  }
  const all = data.labels('train');
  const majority = Math.max(...countsOf(labels, C)) / n;
  let persistence = 0;
  if (data.sequenceIdColumn === null) {
    const back = Math.max(1, data.labelOffset); // the window whose label sits at this window's last row
    let right = 0;
    let count = 0;
    for (const w of chosen) {
      if (w < back) continue;
      count++;
      if (all[w - back] === all[w]) right++;
    }
    persistence = count ? right / count : 0;
  }
  const reference = Math.max(majority, persistence);
  const rows = data.featureNames.map((name, f) => {
    let accuracy = 0;
    let lag = 0;
    for (let j = 0; j < J; j++) {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let b = 0; b < n; b++) {
        const v = values[(f * J + j) * n + b];
        if (Number.isNaN(v)) continue;
        xs.push(v);
        ys.push(labels[b]);
      }
      const a = ys.length > 2 ? stumpAccuracy(xs, ys, C) : 0;
      if (a > accuracy) [accuracy, lag] = [a, j];
    }
    return { name, accuracy, lag };
  });
  const flagged = rows.filter((row) => row.accuracy >= LEAK_ACCURACY && 1 - row.accuracy <= LEAK_FRACTION * (1 - reference));
  const top = [...rows].sort((a, b) => b.accuracy - a.accuracy)[0];
  const refName = persistence > majority ? 'the label at the window’s last row' : 'the majority class';
  return {
    id: 'leakage-feature', title: 'Leakage: a feature that knows the future', status: flagged.length ? 'raised' : 'clear',
    summary: flagged.length
      ? flagged.slice(0, 3).map((row) => `one threshold on "${row.name}" (${lagText(row.lag)}) gives the class ${pct(row.accuracy)} of the time, against ${pct(reference)} for ${refName}`).join('; ')
      : `no single feature decides the class (best: one threshold on "${top.name}" is right ${pct(top.accuracy)} of the time, ${refName} ${pct(reference)})`,
    fix: FIX,
    measures: { referenceAccuracy: round(reference), bestFeatureAccuracy: round(top.accuracy), flagged: flagged.length },
    evidence: [
      {
        kind: 'bars', title: 'Training accuracy of one threshold on one feature', unit: 'accuracy',
        bars: [
          { label: refName, value: round(reference), role: 'reference' },
          ...[...rows].sort((a, b) => b.accuracy - a.accuracy).slice(0, 12).map((row) => ({ label: row.name, value: round(row.accuracy), role: flagged.includes(row) ? ('flagged' as const) : ('normal' as const) })),
        ],
      },
      splitTimeline(data),
    ],
  };
}

/** Accuracy of the best split of `values` at one threshold, each side predicting its commonest class. */
export function stumpAccuracy(values: ArrayLike<number>, labels: ArrayLike<number>, C: number): number {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const right = countsOf(labels, C);
  const left = new Array<number>(C).fill(0);
  let best = Math.max(...right);
  for (let i = 0; i < n - 1; i++) {
    const label = labels[order[i]];
    left[label]++;
    right[label]--;
    if (values[order[i]] === values[order[i + 1]]) continue;
    best = Math.max(best, Math.max(...left) + Math.max(...right));
  }
  return best / n;
}

export function splitTimeline(data: PreparedData): TimelineEvidence {
  return {
    kind: 'timeline',
    title: data.task === 'classify' && data.sequenceIdColumn ? 'Sequences per split (whole sequences, seeded random order)' : 'The splits in time order',
    axis: data.task === 'text' ? null : (data.time?.column ?? null),
    spans: (['train', 'validation', 'test'] as const).map((split) => {
      const info = data.splits[split];
      return { split, from: info.from, to: info.to, rows: info.rows, windows: info.windows };
    }),
  };
}

function countsOf(labels: ArrayLike<number>, C: number): number[] {
  const counts = new Array<number>(C).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

function lagText(lag: number): string {
  return lag === 0 ? 'at the last step' : `${lag} step${lag > 1 ? 's' : ''} before the last`;
}

function pct(share: number): string {
  return `${Number((share * 100).toPrecision(3))} %`;
}

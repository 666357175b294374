// Diagnostics of what the model outputs on a split.
//   Lag trap (forecast): at the next step the model is no better than the naive forecast (MAE ratio ≥ 0.98),
//     or its forecast correlates more with the truth one step earlier (the last value) than with the truth:
//     "it just repeats the last value". The correlations are of step-to-step changes (consecutive windows
//     are consecutive steps): in levels, a trending series correlates ~1 with anything that follows it,
//     while a forecast that repeats the last value has changes equal to the truth's one step earlier.
//   Collapse: a forecast whose spread is under a tenth of the truth's (a flat line), or a classifier (text:
//     next-character prediction) giving one class for ≥ 98 % of windows where the truth's commonest class
//     covers ≤ 90 %.
import type { ForecastPredictions, LabelPredictions } from '../predictions';
import type { BarsEvidence, Diagnostic, SeriesEvidence } from '../types';
import { correlation, meanAbsoluteError, round, std } from './stats';

export const LAG_MAE_RATIO = 0.98;
export const COLLAPSE_STD_RATIO = 0.1;
export const COLLAPSE_SHARE = 0.98;
export const COLLAPSE_TRUTH_SHARE = 0.9;
/** Windows drawn in a forecast's evidence (the split's last ones). */
const SHOWN = 300;

export interface ForecastContext {
  /** The first target's original value at a prepared row. */
  targetAt(row: number): number;
  /** A row's time, or null. */
  timeAt(row: number): string | null;
  targetName: string;
  split: string;
  /** The run's data.formulation: the fix suggests the relative one only to a run without it. */
  formulation: 'relative' | 'absolute';
}

export function lagTrap(p: ForecastPredictions, context: ForecastContext): Diagnostic {
  const fix = context.formulation === 'absolute'
    ? 'Predict the change rather than the level (data.formulation "relative"), add features that lead the target, or a longer window; if the series is a random walk, naive is the honest forecast.'
    : 'Add features that lead the target, or a longer window (data.window) or season; if the series moves like a random walk, naive is the honest forecast.';
  const base = { id: 'lag-trap' as const, title: 'Lag trap', fix };
  const W = p.prediction.length;
  if (W < 3) return { ...base, status: 'not-applicable', summary: `the ${context.split} split has ${W} window(s), too few to compare`, measures: {}, evidence: [] };
  const maeModel = meanAbsoluteError(p.prediction, p.truth);
  const maeNaive = meanAbsoluteError(p.naive, p.truth);
  const ratio = maeModel / maeNaive;
  const changes = (values: ArrayLike<number>) => Float64Array.from({ length: W - 1 }, (_, w) => values[w + 1] - values[w]);
  const predicted = changes(p.prediction);
  const lags = [0, 1, 2, 3].map((k) => correlation(predicted, changes(Float64Array.from(p.targetRows, (row) => context.targetAt(row - k)))));
  const [corrTruth, corrShifted] = lags;
  const noBetter = ratio >= LAG_MAE_RATIO;
  const follows = corrShifted > corrTruth;
  const raised = noBetter || follows;
  const numbers = `MAE ${fmt(ratio)}× naive's (${fmt(maeModel)} vs ${fmt(maeNaive)}); its changes correlate ${fmt(corrTruth)} with the truth's, ${fmt(corrShifted)} with the truth's one step earlier`;
  const verdict = follows ? 'it follows the truth one step late: it repeats the last value' : noBetter ? 'no better than repeating the last value' : 'better than repeating the last value';
  return {
    ...base,
    status: raised ? 'raised' : 'clear',
    summary: `${context.targetName}, one step ahead on ${context.split}: ${numbers}; ${verdict}`,
    measures: { maeModel: round(maeModel), maeNaive: round(maeNaive), maeRatio: round(ratio), corrTruth: round(corrTruth), corrShifted: round(corrShifted) },
    evidence: [
      forecastSeries(p, context),
      {
        kind: 'bars', title: 'Correlation of the forecast’s step-to-step changes with the truth’s, shifted by k steps (k = 1: repeating the last value)', unit: 'correlation',
        bars: lags.map((value, k) => ({ label: k === 0 ? 'truth' : `truth ${k} step${k > 1 ? 's' : ''} earlier`, value: round(value), role: k === 0 ? 'reference' : follows && k === 1 ? 'flagged' : 'normal' })),
      },
    ],
  };
}

export function forecastCollapse(p: ForecastPredictions, context: ForecastContext): Diagnostic {
  const base = { id: 'collapse' as const, title: 'Collapse', fix: 'The output is nearly constant: check that the training loss fell, try another learning rate, more epochs or a larger model, and that the target varies in training.' };
  const stdModel = std(p.prediction);
  const stdTruth = std(p.truth);
  if (!(stdTruth > 0)) return { ...base, status: 'not-applicable', summary: `the truth is constant on ${context.split}`, measures: {}, evidence: [] };
  const ratio = stdModel / stdTruth;
  const raised = ratio < COLLAPSE_STD_RATIO;
  return {
    ...base,
    status: raised ? 'raised' : 'clear',
    summary: `the forecast's spread is ${fmt(ratio)}× the truth's (std ${fmt(stdModel)} vs ${fmt(stdTruth)})${raised ? ': a flat line' : ''}`,
    measures: { stdModel: round(stdModel), stdTruth: round(stdTruth), stdRatio: round(ratio) },
    evidence: [forecastSeries(p, context)],
  };
}

export function labelCollapse(p: LabelPredictions): Diagnostic {
  const what = p.task === 'classify' ? 'class' : 'character';
  const base = {
    id: 'collapse' as const, title: 'Collapse',
    fix: p.task === 'classify'
      ? 'It predicts one class: weigh or balance the classes, try another learning rate or more epochs, and features that separate the classes.'
      : 'It predicts one character everywhere: train longer or with another learning rate, or a larger model.',
  };
  const C = p.names.length;
  const predicted = counts(p.predicted, C);
  const truth = counts(p.truth, C);
  const n = p.predicted.length;
  const top = predicted.indexOf(Math.max(...predicted));
  const share = predicted[top] / n;
  const truthShare = Math.max(...truth) / n;
  const raised = share >= COLLAPSE_SHARE && truthShare <= COLLAPSE_TRUTH_SHARE;
  const label = (id: number) => (p.task === 'text' ? JSON.stringify(p.names[id]) : p.names[id]);
  const shown = Array.from({ length: C }, (_, c) => c).sort((a, b) => predicted[b] + truth[b] - predicted[a] - truth[a]).slice(0, 12);
  const bars = (values: number[], title: string): BarsEvidence => ({
    kind: 'bars', title, unit: 'share',
    bars: shown.map((c) => ({ label: label(c), value: round(values[c] / n), role: raised && c === top ? 'flagged' : 'normal' })),
  });
  return {
    ...base,
    status: raised ? 'raised' : 'clear',
    summary: `${fmt(share * 100, 3)} % of ${p.task === 'classify' ? 'windows' : 'positions'} get the ${what} ${label(top)}; the truth's commonest ${what} covers ${fmt(truthShare * 100, 3)} %`,
    measures: { topShare: round(share), truthTopShare: round(truthShare), positions: n },
    evidence: [bars(predicted, `Predicted ${what}`), bars(truth, `True ${what}`)],
  };
}

function forecastSeries(p: ForecastPredictions, context: ForecastContext): SeriesEvidence {
  const W = p.prediction.length;
  const from = Math.max(0, W - SHOWN);
  const pick = (values: Float64Array) => Array.from(values.subarray(from), (v) => round(v, 6));
  const labels = Array.from(p.targetRows.subarray(from), (row) => context.timeAt(row));
  return {
    kind: 'series',
    title: `${context.targetName} one step ahead, ${context.split}${from > 0 ? ` (last ${SHOWN} windows)` : ''}`,
    x: { name: 'window', values: Array.from({ length: W - from }, (_, i) => from + i), labels: labels.every((l) => l !== null) ? (labels as string[]) : null },
    series: [
      { name: 'truth', role: 'truth', values: pick(p.truth) },
      { name: 'model', role: 'model', values: pick(p.prediction) },
      { name: 'naive (last value)', role: 'baseline', values: pick(p.naive) },
    ],
    markers: [],
  };
}

function counts(ids: Int32Array, C: number): number[] {
  const out = new Array<number>(C).fill(0);
  for (const id of ids) out[id]++;
  return out;
}

function fmt(value: number, digits = 3): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(digits))) : String(value);
}

import type { BaselineName, Task, TaskMetrics } from './engineEvents';

// How the panel names and prints metrics, baselines, durations and sizes: one place, so the table,
// the charts' tooltips and the views agree. (The engine's own list, `scalarMetricNames`, is runtime
// code the webview may not import; the unit tests hold the two lists together.)

export type MetricName = 'mae' | 'rmse' | 'smape' | 'mase' | 'accuracy' | 'macroF1' | 'bitsPerChar' | 'perplexity';

const METRICS: Readonly<Record<Task, readonly MetricName[]>> = {
  forecast: ['mae', 'rmse', 'smape', 'mase'],
  classify: ['accuracy', 'macroF1'],
  text: ['bitsPerChar', 'perplexity'],
};

/** Every scalar metric of a task, in the engine's order (the CSV has them all). */
export function metricNames(task: Task): readonly MetricName[] {
  return METRICS[task];
}

/** The metrics the table shows: the task's headline first. */
export function tableMetricNames(task: Task): readonly MetricName[] {
  return task === 'text' ? ['bitsPerChar'] : METRICS[task].slice(0, 2);
}

export function higherIsBetter(metric: MetricName): boolean {
  return metric === 'accuracy' || metric === 'macroF1';
}

const METRIC_LABELS: Readonly<Record<MetricName, string>> = {
  mae: 'MAE', rmse: 'RMSE', smape: 'sMAPE', mase: 'MASE', accuracy: 'accuracy', macroF1: 'macro-F1',
  bitsPerChar: 'bits/char', perplexity: 'perplexity',
};

export function metricLabel(metric: MetricName): string {
  return METRIC_LABELS[metric];
}

const BASELINE_LABELS: Readonly<Record<BaselineName, string>> = {
  naive: 'naive', seasonalNaive: 'seasonal naive', majority: 'majority class', unigram: 'unigram',
};

export function baselineLabel(name: BaselineName): string {
  return BASELINE_LABELS[name] ?? name;
}

/** A scalar metric of a metrics object, or null when it is absent or not a finite number. */
export function metricValue(metrics: TaskMetrics | null | undefined, metric: MetricName): number | null {
  const value = (metrics as Readonly<Record<string, unknown>> | null | undefined)?.[metric];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Four significant digits, without exponent for the sizes metrics and losses take. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const size = Math.abs(value);
  if (size !== 0 && (size < 1e-3 || size >= 1e6)) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

export function formatMetric(metric: MetricName, value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (metric === 'accuracy') return `${(100 * value).toFixed(1)} %`;
  if (metric === 'smape') return `${formatNumber(value)} %`;
  if (metric === 'macroF1') return value.toFixed(3);
  return formatNumber(value);
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : Math.round(value).toLocaleString('en-US');
}

/** An axis tick: three significant digits, in plain notation down to 1e-6 (0.0005, not 5.00e-4). */
export function formatTick(value: number): string {
  if (!Number.isFinite(value)) return '';
  const size = Math.abs(value);
  if (size !== 0 && (size < 1e-6 || size >= 1e7)) return formatNumber(value);
  return Number(value.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 8, useGrouping: false });
}

/** Whether a log-axis tick's mantissa is 1, 2 or 5. */
export function isRoundLogTick(value: number): boolean {
  if (!(value > 0)) return false;
  const mantissa = Math.round(value / 10 ** Math.floor(Math.log10(value) + 1e-9));
  return mantissa === 1 || mantissa === 2 || mantissa === 5;
}

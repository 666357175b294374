import type { Task, TaskMetrics } from '../../engine/index';

// The one number a run is judged by in the Runs view, against the better of its baselines: validation
// MAE (forecast), validation accuracy (classify), validation bits per char (text). ✓ when the model
// beats that baseline. Pure.

const HEADLINE: Record<Task, { readonly key: 'mae' | 'accuracy' | 'bitsPerChar'; readonly higherIsBetter: boolean }> = {
  forecast: { key: 'mae', higherIsBetter: false },
  classify: { key: 'accuracy', higherIsBetter: true },
  text: { key: 'bitsPerChar', higherIsBetter: false },
};

export interface Headline {
  readonly model: number | null;
  /** The better baseline, by the same metric. */
  readonly baseline: { readonly name: string; readonly value: number } | null;
  /** Null when either side is unknown. */
  readonly beatsBaseline: boolean | null;
  /** e.g. `MAE 1.053 ✓ naive 1.285`, `accuracy 65.1% ✗ majority 70.2%`. */
  readonly text: string;
}

export function headline(task: Task, model: TaskMetrics | null, baselines: Readonly<Record<string, TaskMetrics>>): Headline {
  const { key, higherIsBetter } = HEADLINE[task];
  const valueOf = (metrics: TaskMetrics | null | undefined): number | null => {
    const value = metrics ? (metrics as unknown as Record<string, unknown>)[key] : undefined;
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  };
  let baseline: Headline['baseline'] = null;
  for (const [name, metrics] of Object.entries(baselines)) {
    const value = valueOf(metrics);
    if (value === null) continue;
    if (!baseline || (higherIsBetter ? value > baseline.value : value < baseline.value)) baseline = { name, value };
  }
  const value = valueOf(model);
  const beatsBaseline = value === null || !baseline ? null : higherIsBetter ? value > baseline.value : value < baseline.value;
  const mark = beatsBaseline === null ? '' : beatsBaseline ? ' ✓' : ' ✗';
  const against = baseline ? ` ${baselineLabel(baseline.name)} ${format(task, baseline.value)}` : '';
  const text = value === null ? `${metricLabel(task)} –${against}` : `${metricLabel(task)} ${format(task, value)}${mark}${against}`;
  return { model: value, baseline, beatsBaseline, text };
}

function metricLabel(task: Task): string {
  return task === 'forecast' ? 'MAE' : task === 'classify' ? 'accuracy' : 'bits/char';
}

function baselineLabel(name: string): string {
  return name === 'seasonalNaive' ? 'seasonal-naive' : name;
}

function format(task: Task, value: number): string {
  return task === 'classify' ? `${(value * 100).toFixed(1)}%` : String(Number(value.toPrecision(4)));
}

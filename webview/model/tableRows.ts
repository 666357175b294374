import type { RunMeta, RunStateKind } from '../protocol';
import type { BaselineName, EpochEvent, Task, TaskMetrics } from './engineEvents';
import { higherIsBetter, metricValue, tableMetricNames, type MetricName } from './format';

// The metrics table's rows, one per run: validation metrics live (the best epoch so far, i.e. the
// weights the run keeps), test metrics once the run has ended, each beside the better baseline on the
// same split, with the better of the two marked. Pure data; webview/views/metricsTable.ts draws it.

export type Split = 'val' | 'test';

export interface MetricCell {
  readonly model: number | null;
  /** The best baseline on this split and metric, when known. */
  readonly baseline: { readonly name: BaselineName; readonly value: number } | null;
  /** Which is better; null while either is unknown. */
  readonly better: 'model' | 'baseline' | 'tie' | null;
}

export interface TableRow {
  readonly id: string;
  readonly index: number;
  readonly label: string;
  readonly state: RunStateKind;
  /** Epochs done so far (the last epoch event), and planned. */
  readonly epochsDone: number;
  readonly epochsPlanned: number | null;
  readonly bestEpoch: number | null;
  readonly val: Readonly<Partial<Record<MetricName, MetricCell>>>;
  readonly test: Readonly<Partial<Record<MetricName, MetricCell>>>;
  /** Whether the model beats its best baseline on the headline metric (test once known, else validation). */
  readonly beatsBaseline: boolean | null;
  readonly parameters: number | null;
  readonly seconds: number | null;
}

export interface RunForTable {
  readonly meta: RunMeta;
  readonly epochs: readonly EpochEvent[];
}

export function tableRows(task: Task, runs: readonly RunForTable[]): TableRow[] {
  const metrics = tableMetricNames(task);
  return runs.map(({ meta, epochs }) => {
    const best = bestEpochEvent(epochs, meta.bestEpoch);
    const modelVal = meta.summary?.metrics.val ?? best?.val ?? null;
    const modelTest = meta.summary?.metrics.test ?? null;
    const baselinesVal = baselineMetrics(meta, 'val');
    const baselinesTest = baselineMetrics(meta, 'test');
    const val: Partial<Record<MetricName, MetricCell>> = {};
    const test: Partial<Record<MetricName, MetricCell>> = {};
    for (const metric of metrics) {
      val[metric] = metricCell(metric, modelVal, baselinesVal);
      test[metric] = metricCell(metric, modelTest, baselinesTest);
    }
    const headline = metrics[0];
    const verdict = (test[headline]?.better ?? null) !== null ? test[headline] : val[headline];
    const beatsBaseline = verdict?.better === null || verdict?.better === undefined ? null : verdict.better === 'model';
    return {
      id: meta.id,
      index: meta.index,
      label: meta.label,
      state: meta.state,
      epochsDone: epochs.length > 0 ? epochs[epochs.length - 1].epoch : 0,
      epochsPlanned: meta.epochs,
      bestEpoch: meta.bestEpoch ?? best?.epoch ?? null,
      val,
      test,
      beatsBaseline,
      parameters: meta.parameters,
      seconds: meta.seconds,
    };
  });
}

/** The epoch whose weights the run keeps: the host's best epoch, else the last one marked best. */
function bestEpochEvent(epochs: readonly EpochEvent[], bestEpoch: number | null): EpochEvent | null {
  if (bestEpoch !== null) {
    const found = epochs.find((event) => event.epoch === bestEpoch);
    if (found) return found;
  }
  for (let i = epochs.length - 1; i >= 0; i--) if (epochs[i].best) return epochs[i];
  return null;
}

/** The baselines' metrics on a split: validation from the start event, both from summary.json. */
function baselineMetrics(meta: RunMeta, split: Split): [BaselineName, TaskMetrics][] {
  const found = new Map<BaselineName, TaskMetrics>();
  if (split === 'val') {
    for (const [name, metrics] of Object.entries(meta.baselines)) if (metrics) found.set(name as BaselineName, metrics);
  }
  for (const [name, both] of Object.entries(meta.summary?.baselines ?? {})) {
    const metrics = both?.[split];
    if (metrics) found.set(name as BaselineName, metrics);
  }
  return [...found];
}

function metricCell(metric: MetricName, model: TaskMetrics | null, baselines: readonly [BaselineName, TaskMetrics][]): MetricCell {
  const modelValue = metricValue(model, metric);
  const sign = higherIsBetter(metric) ? -1 : 1; // compare as "lower is better"
  let baseline: MetricCell['baseline'] = null;
  for (const [name, metrics] of baselines) {
    const value = metricValue(metrics, metric);
    if (value !== null && (baseline === null || sign * value < sign * baseline.value)) baseline = { name, value };
  }
  let better: MetricCell['better'] = null;
  if (modelValue !== null && baseline !== null) {
    better = modelValue === baseline.value ? 'tie' : sign * modelValue < sign * baseline.value ? 'model' : 'baseline';
  }
  return { model: modelValue, baseline, better };
}

/** What the table can be sorted by: a plain column, or a metric on a split (`val:mae`). */
export type SortKey = 'run' | 'state' | 'epochs' | 'parameters' | 'seconds' | `${Split}:${MetricName}`;

export interface SortOrder {
  readonly key: SortKey;
  readonly descending: boolean;
}

/** The rows sorted by `order`; unknown values go last either way, ties keep creation order. */
export function sortRows(rows: readonly TableRow[], order: SortOrder): TableRow[] {
  const value = sortValue(order.key);
  return [...rows].sort((a, b) => {
    const [va, vb] = [value(a), value(b)];
    if (va === null || vb === null) return va === vb ? a.index - b.index : va === null ? 1 : -1;
    const compared = typeof va === 'string' || typeof vb === 'string'
      ? String(va).localeCompare(String(vb))
      : va - vb;
    return compared === 0 ? a.index - b.index : order.descending ? -compared : compared;
  });
}

function sortValue(key: SortKey): (row: TableRow) => number | string | null {
  switch (key) {
    case 'run': return (row) => row.index;
    case 'state': return (row) => row.state;
    case 'epochs': return (row) => row.epochsDone;
    case 'parameters': return (row) => row.parameters;
    case 'seconds': return (row) => row.seconds;
    default: {
      const [split, metric] = key.split(':') as [Split, MetricName];
      return (row) => row[split][metric]?.model ?? null;
    }
  }
}

import type { CsvCell, RunMeta } from '../protocol';
import type { EpochEvent } from './engineEvents';
import { metricNames, metricValue, type MetricName } from './format';

// Every run's per-epoch metrics as the rows of one CSV (the host writes the file): one row per epoch
// of each run, runs in creation order, numbers at full precision (the file is for analysis, not for
// reading at a glance), an empty cell where a value does not exist.


export interface RunForCsv {
  readonly meta: RunMeta;
  readonly epochs: readonly EpochEvent[];
}

export function csvRows(runs: readonly RunForCsv[]): CsvCell[][] {
  const ordered = [...runs].sort((a, b) => a.meta.index - b.meta.index);
  // A config's task can change between its runs: the columns are the union, in the engine's order.
  const metrics: MetricName[] = [];
  for (const { meta } of ordered) {
    for (const metric of meta.task ? metricNames(meta.task) : []) if (!metrics.includes(metric)) metrics.push(metric);
  }
  const header: CsvCell[] = ['run', 'change', 'status', 'epoch', 'step', 'train_loss', 'val_loss', 'lr', 'seconds', 'best',
    ...metrics.map((metric) => `val_${metric}`)];
  const rows: CsvCell[][] = [header];
  for (const { meta, epochs } of ordered) {
    for (const event of epochs) {
      rows.push([meta.id, meta.label, meta.state, event.epoch, finite(event.step), finite(event.trainLoss), finite(event.valLoss),
        finite(event.lr), finite(event.seconds), event.best ? 1 : 0, ...metrics.map((metric) => metricValue(event.val, metric))]);
    }
  }
  return rows;
}

function finite(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

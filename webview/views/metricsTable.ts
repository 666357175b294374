import { runLabel } from '../charts/chartOptions';
import { h, replaceChildren } from '../dom';
import { baselineLabel, formatCount, formatDuration, formatMetric, higherIsBetter, metricLabel, tableMetricNames } from '../model/format';
import type { Task } from '../model/engineEvents';
import { runStyle } from '../model/runStyle';
import type { MetricCell, SortKey, SortOrder, Split, TableRow } from '../model/tableRows';
import { swatch } from './legend';
import { stateLabel } from './runStatus';

// The metrics table: one row per run, sortable by any column (the header buttons), each metric beside
// its better baseline with the better of the two marked ✓, and a plain verdict per run.

interface Column {
  readonly key: SortKey | null;
  readonly title: string;
  readonly cell: (row: TableRow) => HTMLTableCellElement;
}

export class MetricsTable {
  constructor(private readonly table: HTMLTableElement, private readonly onSort: (order: SortOrder) => void) {}

  render(task: Task | null, rows: readonly TableRow[], order: SortOrder, palette: readonly string[]): void {
    const columns = this.columns(task, palette);
    const header = h('tr', {}, ...columns.map((column) => {
      if (!column.key) return h('th', { scope: 'col' }, column.title);
      const key = column.key;
      const sorted = order.key === key;
      const button = h('button', { type: 'button', class: 'sort' }, column.title, sorted ? (order.descending ? ' ▾' : ' ▴') : '');
      button.addEventListener('click', () => this.onSort({ key, descending: sorted ? !order.descending : defaultDescending(key) }));
      return h('th', { scope: 'col', 'aria-sort': sorted ? (order.descending ? 'descending' : 'ascending') : 'none' }, button);
    }));
    const body = rows.map((row) => h('tr', {
      'data-run-id': row.id, 'data-beats-baseline': row.beatsBaseline === null ? 'unknown' : String(row.beatsBaseline),
    }, ...columns.map((column) => column.cell(row))));
    replaceChildren(this.table,
      h('caption', {}, 'Runs: validation metrics of the best epoch so far, test metrics once a run ends, each against the better baseline'),
      h('thead', {}, header),
      h('tbody', {}, ...(body.length > 0 ? body : [h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, 'No runs yet.'))])));
  }

  private columns(task: Task | null, palette: readonly string[]): Column[] {
    const metrics = task ? tableMetricNames(task) : [];
    const metricColumns = (split: Split): Column[] => metrics.map((metric) => ({
      key: `${split}:${metric}` as SortKey,
      title: `${split === 'val' ? 'Validation' : 'Test'} ${metricLabel(metric)}`,
      cell: (row) => metricCell(metric, row[split][metric]),
    }));
    return [
      {
        key: 'run', title: 'Run', cell: (row) => {
          const style = runStyle(row.index, palette.length);
          return h('th', { scope: 'row', class: 'run-name' }, swatch(style, palette[style.colourIndex] ?? 'currentColor'), runLabel(row));
        },
      },
      { key: 'state', title: 'State', cell: (row) => h('td', {}, stateLabel(row.state)) },
      {
        key: 'epochs', title: 'Epochs', cell: (row) => h('td', { class: 'number' },
          row.epochsPlanned ? `${row.epochsDone}/${row.epochsPlanned}` : String(row.epochsDone),
          row.bestEpoch ? h('span', { class: 'secondary' }, `best ${row.bestEpoch}`) : null),
      },
      ...metricColumns('val'),
      ...metricColumns('test'),
      {
        key: null, title: 'Against baseline', cell: (row) => h('td', { class: row.beatsBaseline === false ? 'verdict worse' : 'verdict' },
          row.beatsBaseline === null ? '–' : row.beatsBaseline ? 'beats it' : 'does not beat it'),
      },
      { key: 'parameters', title: 'Parameters', cell: (row) => h('td', { class: 'number' }, formatCount(row.parameters)) },
      { key: 'seconds', title: 'Duration', cell: (row) => h('td', { class: 'number' }, formatDuration(row.seconds)) },
    ];
  }
}

function metricCell(metric: Parameters<typeof formatMetric>[0], cell: MetricCell | undefined): HTMLTableCellElement {
  if (!cell || (cell.model === null && cell.baseline === null)) return h('td', { class: 'number' }, '–');
  const mark = (who: 'model' | 'baseline') => (cell.better === who ? ' ✓' : '');
  return h('td', { class: 'number metric', 'data-better': cell.better ?? 'unknown' },
    h('span', { class: cell.better === 'model' ? 'value better' : 'value' }, formatMetric(metric, cell.model), mark('model')),
    cell.baseline
      ? h('span', { class: cell.better === 'baseline' ? 'secondary better' : 'secondary' },
        `${baselineLabel(cell.baseline.name)} ${formatMetric(metric, cell.baseline.value)}${mark('baseline')}`)
      : null);
}

/** A first click sorts the best first: descending for accuracy and F1, ascending for errors. */
function defaultDescending(key: SortKey): boolean {
  const metric = key.split(':')[1];
  return metric === 'accuracy' || metric === 'macroF1' ? higherIsBetter(metric) : false;
}

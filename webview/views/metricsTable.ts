import { runLabel } from '../charts/chartOptions';
import { h, keepingFocus, morphChildren } from '../dom';
import { baselineLabel, formatCount, formatDuration, formatMetric, higherIsBetter, metricLabel, tableMetricNames } from '../model/format';
import type { Task } from '../model/engineEvents';
import { runStyle } from '../model/runStyle';
import type { MetricCell, SortKey, SortOrder, Split, TableRow } from '../model/tableRows';
import { swatch } from './legend';
import { stateLabel } from './runStatus';

// The runs table: one row per run, sortable by any column (the header buttons), each metric beside its
// better baseline with the better of the two marked ✓, a plain verdict per run, and Stop for a run that
// trains. Rows carry `data-run-id`, `data-label`, `data-state`, `data-points` and `data-epoch-points` for tests.

interface Column {
  readonly key: SortKey | null;
  readonly title: string;
  /** Left out of a narrow panel (main.css): the second metric and the parameter count. */
  readonly extra?: boolean;
  readonly cell: (row: TableRow) => HTMLTableCellElement;
}

export interface MetricsTableActions {
  sort(order: SortOrder): void;
  stop(id: string): void;
}

export class MetricsTable {
  private readonly rows = new Map<string, HTMLTableRowElement>();

  constructor(private readonly table: HTMLTableElement, private readonly actions: MetricsTableActions) {}

  /** Updates a row's point counts (every frame, without rebuilding the table). */
  setCounts(id: string, points: number, epochPoints: number): void {
    const row = this.rows.get(id);
    if (!row) return;
    row.dataset.points = String(points);
    row.dataset.epochPoints = String(epochPoints);
  }

  render(task: Task | null, rows: readonly TableRow[], order: SortOrder, palette: readonly string[]): void {
    const columns = this.columns(task, palette);
    const header = h('tr', {}, ...columns.map((column) => {
      if (!column.key) return h('th', { scope: 'col', class: column.extra ? 'extra' : null }, column.title);
      const key = column.key;
      const sorted = order.key === key;
      const button = h('button', { type: 'button', class: 'sort', 'data-focus-key': `sort:${key}` }, column.title, sorted ? (order.descending ? ' ▾' : ' ▴') : '');
      button.addEventListener('click', () => this.actions.sort({ key, descending: sorted ? !order.descending : defaultDescending(key) }));
      return h('th', { scope: 'col', class: column.extra ? 'extra' : null, 'aria-sort': sorted ? (order.descending ? 'descending' : 'ascending') : 'none' }, button);
    }));
    const body = rows.map((row) => {
      const element = h('tr', {
        'data-run-id': row.id, 'data-label': runLabel(row), 'data-state': row.state, 'data-points': 0, 'data-epoch-points': 0,
        'data-beats-baseline': row.beatsBaseline === null ? 'unknown' : String(row.beatsBaseline),
      }, ...columns.map((column) => {
        const cell = column.cell(row);
        if (column.extra) cell.classList.add('extra');
        return cell;
      }));
      return element;
    });
    keepingFocus(this.table, () => morphChildren(this.table, [
      h('caption', { class: 'visually-hidden' }, 'Runs, their metrics against the better baseline, duration and size'),
      h('thead', {}, header),
      h('tbody', { id: 'runs' }, ...body),
      h('tbody', {}, body.length > 0 ? null : h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, 'No runs yet.'))),
    ]));
    this.rows.clear();
    for (const element of this.table.querySelectorAll<HTMLTableRowElement>('#runs > tr[data-run-id]')) this.rows.set(element.dataset.runId ?? '', element);
  }

  private stopButton(row: TableRow): HTMLButtonElement | null {
    if (row.state !== 'running' && row.state !== 'queued') return null;
    const button = h('button', { type: 'button', class: 'run-stop', 'aria-label': `Stop ${runLabel(row)}`, 'data-focus-key': `stop:${row.id}` }, 'Stop');
    button.addEventListener('click', () => {
      button.disabled = true; // the row is redrawn when the run's state changes
      this.actions.stop(row.id);
    });
    return button;
  }

  private columns(task: Task | null, palette: readonly string[]): Column[] {
    const metrics = task ? tableMetricNames(task) : [];
    const metricColumns = (split: Split): Column[] => metrics.map((metric, i) => ({
      key: `${split}:${metric}` as SortKey,
      extra: i > 0,
      title: `${split === 'val' ? 'Validation' : 'Test'} ${metricLabel(metric)}`,
      cell: (row) => metricCell(metric, row[split][metric]),
    }));
    return [
      {
        key: 'run', title: 'Run', cell: (row) => {
          const style = runStyle(row.index, palette.length);
          return h('th', { scope: 'row' }, h('span', { class: 'run-name' }, swatch(style, palette[style.colourIndex] ?? 'currentColor'), runLabel(row)));
        },
      },
      { key: 'state', title: 'State', cell: (row) => h('td', { class: 'state' }, stateLabel(row.state), this.stopButton(row)) },
      {
        key: 'epochs', title: 'Epochs', cell: (row) => h('td', { class: 'number' },
          row.epochsPlanned ? `${row.epochsDone}/${row.epochsPlanned}` : String(row.epochsDone),
          row.bestEpoch ? h('span', { class: 'secondary' }, `best ${row.bestEpoch}`) : null),
      },
      ...metricColumns('val'),
      ...metricColumns('test'),
      {
        key: null, title: 'vs baseline', cell: (row) => h('td', { class: row.beatsBaseline === false ? 'verdict worse' : 'verdict' },
          row.beatsBaseline === null ? '–' : row.beatsBaseline ? 'beats it' : 'does not beat it'),
      },
      { key: 'parameters', title: 'Parameters', extra: true, cell: (row) => h('td', { class: 'number' }, formatCount(row.parameters)) },
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

import type { Chart } from 'chart.js';
import { createRowChart, rowLabelOf, type RowPoint } from '../charts/rowChart';
import { h, replaceChildren } from '../dom';
import { formatNumber } from '../model/format';
import type { PanelPredictions } from '../protocol';
import type { ChartTheme } from '../theme';

// The predictions SeqLab: Predict wrote with one of this config's models: for a forecast, the model's
// one-step-ahead prediction against the input's own values over the last rows (and their mean absolute
// error); for a classifier, the predicted class against the label column where the input has it. The
// whole predictions file is open in an editor; this shows its last rows (at most 500).
// What it shows is also in data attributes (data-task, data-rows, data-shown, data-run-id).

type Point = RowPoint;

/** Rows of the classify table (the newest last). */
const TABLE_ROWS = 20;

export class PredictionsView {
  readonly element: HTMLElement;
  private readonly caption = h('p', { class: 'view-caption', id: 'predictions-caption' });
  private readonly summary = h('p', { class: 'view-caption', id: 'predictions-summary' });
  private readonly body = h('div', { class: 'predictions-body' });
  private readonly canvas = h('canvas', { id: 'predictions-chart', role: 'img', 'aria-label': 'Predictions against the input\'s values' });
  private readonly chartBox = h('div', { class: 'chart small' }, this.canvas);
  private chart: Chart<'line', Point[]> | null = null;
  private times: readonly string[] | null = null;

  constructor(private theme: ChartTheme) {
    this.element = h('section', { class: 'predictions', id: 'predictions', 'aria-labelledby': 'predictions-heading', hidden: true },
      h('div', { class: 'section-header' }, h('h2', { id: 'predictions-heading' }, 'Predictions')),
      this.caption, this.body, this.summary);
  }

  show(predictions: PanelPredictions, colour: string): void {
    const { preview } = predictions;
    const shown = preview.shown.key.length;
    this.element.hidden = false;
    Object.assign(this.element.dataset, { task: preview.task, rows: String(preview.rows), shown: String(shown), runId: predictions.runId });
    this.caption.textContent = `${predictions.output}: ${preview.rows.toLocaleString('en-US')} row(s) predicted from ${predictions.input} `
      + `by ${predictions.runLabel || predictions.runId}${shown < preview.rows ? `; the last ${shown} shown` : ''}.`;
    if (preview.task === 'forecast') this.showForecast(preview, colour);
    else this.showClassify(preview);
  }

  applyTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.chart?.destroy();
    this.chart = null;
  }

  private showForecast(preview: Extract<PanelPredictions['preview'], { task: 'forecast' }>, colour: string): void {
    const { shown, target } = preview;
    this.times = shown.time;
    replaceChildren(this.body, this.chartBox);
    const chart = this.chart ?? this.createChart(preview.timeColumn);
    const actual: Point[] = [];
    shown.actual.forEach((y, x) => y !== null && actual.push({ x, y }));
    chart.data.datasets = [
      { label: `${target} in the input`, data: actual, borderColor: this.theme.foreground, backgroundColor: this.theme.foreground, borderWidth: 2, pointRadius: 0 },
      { label: `${target}, predicted one step ahead`, data: shown.predicted.map((y, x) => ({ x, y })), borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 0 },
    ];
    chart.update();
    let sum = 0;
    let count = 0;
    shown.actual.forEach((y, i) => {
      if (y === null) return;
      sum += Math.abs(y - shown.predicted[i]);
      count++;
    });
    this.summary.textContent = count > 0 ? `Mean absolute error against the input over these ${count} rows: ${formatNumber(sum / count)}.` : `The input has no ${target} values in these rows.`;
    this.element.dataset.mae = count > 0 ? String(sum / count) : '';
  }

  private showClassify(preview: Extract<PanelPredictions['preview'], { task: 'classify' }>): void {
    this.chart?.destroy();
    this.chart = null;
    const { shown, label } = preview;
    const first = Math.max(0, shown.key.length - TABLE_ROWS);
    const rows = shown.key.slice(first).map((key, i) => {
      const actual = shown.actual[first + i];
      const predicted = shown.predicted[first + i];
      const match = actual === null ? null : actual === predicted;
      return h('tr', { 'data-match': match === null ? 'unknown' : String(match) },
        h('td', {}, shown.time ? shown.time[first + i] : key), h('td', {}, actual ?? '—'), h('td', { class: match === false ? 'miss' : undefined }, predicted));
    });
    replaceChildren(this.body, h('table', { class: 'compact', id: 'predictions-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, preview.timeColumn ?? 'row'), h('th', { scope: 'col' }, `${label} in the input`), h('th', { scope: 'col' }, 'predicted'))),
      h('tbody', {}, ...rows)));
    const known = shown.actual.filter((value) => value !== null).length;
    const matches = shown.actual.filter((value, i) => value !== null && value === shown.predicted[i]).length;
    this.summary.textContent = known > 0
      ? `${matches} of ${known} rows shown match the input's ${label} (${((100 * matches) / known).toFixed(1)} %).`
      : `The input has no ${label} column to compare with.`;
    this.element.dataset.matches = String(matches);
  }

  private createChart(timeColumn: string | null): Chart<'line', Point[]> {
    this.chart = createRowChart(this.canvas, {
      theme: this.theme, currentTheme: () => this.theme, xTitle: timeColumn ?? 'row', rowLabel: (index) => rowLabelOf(this.times, index),
    });
    return this.chart;
  }
}

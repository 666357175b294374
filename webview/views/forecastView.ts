import type { Chart } from 'chart.js';
import type { ChartDataset } from 'chart.js';
import { createRowChart, rowLabelOf, type RowPoint } from '../charts/rowChart';
import { h, replaceChildren } from '../dom';
import type { EpochEvent, ForecastMetrics, ForecastSample } from '../model/engineEvents';
import { baselineLabel, formatNumber } from '../model/format';
import type { RunMeta } from '../protocol';
import type { ChartTheme } from '../theme';

// Forecast runs: the validation stretch of the latest sample event in original units, with the truth,
// the model's rolling one-step prediction, and the naive and seasonal-naive forecasts; below it, the
// validation error per horizon step of the model against both baselines.

type Point = RowPoint;
type SeriesName = 'truth' | 'prediction' | 'naive' | 'seasonalNaive';
const SERIES: readonly SeriesName[] = ['truth', 'prediction', 'naive', 'seasonalNaive'];
const SERIES_LABELS: Readonly<Record<SeriesName, string>> = {
  truth: 'truth', prediction: 'model (one step ahead)', naive: 'naive', seasonalNaive: 'seasonal naive',
};

export interface ForecastInput {
  readonly meta: RunMeta;
  readonly sample: ForecastSample;
  readonly epochs: readonly EpochEvent[];
  readonly epoch: number;
  readonly colour: string;
  readonly target: number;
}

export class ForecastView {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly caption = h('p', { class: 'view-caption' });
  private readonly targetSelect = h('select', { id: 'forecast-target' });
  private readonly targetLabel = h('label', { class: 'control', for: 'forecast-target' }, 'Target ');
  private readonly legend = h('ul', { class: 'series-legend', id: 'forecast-legend', 'aria-label': 'Forecast chart series' });
  private readonly errors = h('table', { id: 'horizon-errors', class: 'compact' });
  private chart: Chart<'line', Point[]> | null = null;
  private times: readonly string[] | null = null;

  constructor(private theme: ChartTheme, onTarget: (index: number) => void,
    private readonly onPick: (point: number, points: number, times: readonly string[] | null) => void) {
    this.canvas = h('canvas', {
      id: 'forecast-chart', class: 'pickable', role: 'img',
      'aria-label': 'Validation stretch: truth, model prediction and baselines. Click a point to explain its window.',
    });
    this.targetSelect.addEventListener('change', () => onTarget(Number(this.targetSelect.value)));
    this.element = h('div', { class: 'forecast' },
      h('div', { class: 'view-header' }, this.caption, this.targetLabel),
      h('div', { class: 'chart small' }, this.canvas), this.legend, this.errors);
  }

  show(input: ForecastInput): void {
    const { sample, colour } = input;
    const target = Math.min(input.target, sample.targets.length - 1);
    this.targetLabel.hidden = sample.targets.length < 2;
    replaceChildren(this.targetSelect, ...sample.targets.map((name, i) => h('option', { value: i, selected: i === target }, name)));
    this.targetLabel.append(this.targetSelect);
    this.caption.textContent = `${sample.targets[target] ?? ''}: the last ${sample.truth[target]?.length ?? 0} validation steps, `
      + `predicted one step ahead, after epoch ${input.epoch}`;
    this.times = sample.times;
    const chart = this.chart ?? this.createChart();
    const colours: Record<SeriesName, string> = { truth: this.theme.foreground, prediction: colour, naive: this.theme.muted, seasonalNaive: this.theme.muted };
    const dashes: Record<SeriesName, number[]> = { truth: [], prediction: [], naive: [6, 4], seasonalNaive: [2, 3] };
    const wide = this.theme.highContrast ? 1 : 0;
    chart.data.datasets = SERIES.map((name): ChartDataset<'line', Point[]> => ({
      label: SERIES_LABELS[name],
      data: (sample[name][target] ?? []).map((y, x) => ({ x, y })),
      borderColor: colours[name], backgroundColor: colours[name], borderDash: dashes[name],
      borderWidth: (name === 'truth' || name === 'prediction' ? 2 : 1.5) + wide, pointRadius: 0, order: SERIES.indexOf(name),
    }));
    chart.update();
    replaceChildren(this.legend, ...SERIES.map((name) => h('li', { 'data-series': name, 'data-points': sample[name][target]?.length ?? 0 },
      h('span', { class: `line-sample ${name}` }), SERIES_LABELS[name])));
    // The legend's line samples take the series' colours through the CSSOM (the CSP forbids style attributes).
    this.legend.querySelectorAll<HTMLElement>('.line-sample').forEach((element, i) => (element.style.borderTopColor = colours[SERIES[i]]));
    this.showErrors(input);
  }

  applyTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.chart?.destroy();
    this.chart = null;
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }

  private createChart(): Chart<'line', Point[]> {
    this.chart = createRowChart(this.canvas, {
      theme: this.theme, currentTheme: () => this.theme, xTitle: this.times ? 'time' : 'validation step',
      rowLabel: (index) => rowLabelOf(this.times, index), onRowClick: (row) => this.pick(row),
    });
    return this.chart;
  }

  /** A click on the chart at x value `x`: the nearest point's window goes to the Explain view. */
  private pick(x: number | undefined): void {
    const points = this.chart?.data.datasets[0]?.data.length ?? 0;
    if (x === undefined || !Number.isFinite(x) || points === 0) return;
    const point = Math.min(points - 1, Math.max(0, Math.round(x)));
    this.canvas.dataset.pickedPoint = String(point);
    this.canvas.dataset.pickedTime = this.times?.[point] ?? '';
    this.onPick(point, points, this.times);
  }

  private showErrors({ meta, epochs, epoch }: ForecastInput): void {
    const event = epochs.find((candidate) => candidate.epoch === epoch) ?? epochs[epochs.length - 1];
    const model = (event?.val as ForecastMetrics | undefined)?.perStep?.mae ?? [];
    const baselines = (['naive', 'seasonalNaive'] as const).flatMap((name) => {
      const perStep = (meta.baselines[name] as ForecastMetrics | undefined)?.perStep?.mae;
      return perStep ? [{ name, perStep }] : [];
    });
    const rows = model.map((mae, step) => {
      const values = [mae, ...baselines.map((baseline) => baseline.perStep[step] ?? Number.NaN)];
      const best = Math.min(...values.filter(Number.isFinite));
      return h('tr', {}, h('th', { scope: 'row' }, `t+${step + 1}`),
        ...values.map((value) => h('td', { class: value === best ? 'number better' : 'number' }, formatNumber(value), value === best ? ' ✓' : '')));
    });
    replaceChildren(this.errors,
      h('caption', {}, `Validation MAE by horizon step (epoch ${event?.epoch ?? '–'})`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'step'), h('th', { scope: 'col' }, 'model'),
        ...baselines.map((baseline) => h('th', { scope: 'col' }, baselineLabel(baseline.name))))),
      h('tbody', {}, ...rows));
  }
}

import { Chart } from 'chart.js';
import type { ChartDataset } from 'chart.js';
import { axisOptions } from '../charts/chartOptions';
import { backgroundPlugin } from '../charts/plugins';
import { h, replaceChildren } from '../dom';
import type { EpochEvent } from '../model/engineEvents';
import { formatNumber } from '../model/format';
import type { ChartTheme } from '../theme';
import { gradNormHistory } from './gradNorms';

// The gradient norm of every gate block per epoch, live from the selected run's epoch events (log scale:
// vanishing and exploding gradients are decades apart). A colour per gate, a dash pattern per layer.
// chart.js's parts are registered by the loss chart (charts/lossChart.ts).

type Point = { x: number; y: number };
const LAYER_DASHES: readonly number[][] = [[], [6, 3], [2, 2], [8, 3, 2, 3]];

export class GradNormChart {
  readonly element: HTMLElement;
  private readonly canvas = h('canvas', { id: 'gradient-norms', role: 'img' });
  private readonly caption = h('p', { class: 'view-caption', id: 'gradient-norms-caption' });
  private readonly legend = h('ul', { class: 'series-legend', id: 'gradient-norms-legend', 'aria-label': 'Gradient norm series' });
  private readonly box = h('div', { class: 'chart small' }, this.canvas);
  private chart: Chart<'line', Point[]> | null = null;

  constructor(private theme: ChartTheme) {
    this.element = h('div', { class: 'gradient-norms' }, h('h3', {}, 'Gradient norm per gate block'), this.caption, this.box, this.legend);
  }

  show(epochs: readonly EpochEvent[]): void {
    const history = gradNormHistory(epochs);
    this.canvas.dataset.epochs = String(history?.epochs.length ?? 0);
    this.canvas.dataset.series = String(history?.series.length ?? 0);
    this.box.hidden = !history;
    this.legend.hidden = !history;
    if (!history) {
      this.caption.textContent = 'No gradient norms yet: they come with each epoch (runs from before SeqLab recorded them have none).';
      this.destroy();
      return;
    }
    this.caption.textContent = `Mean over each epoch's batches, before clipping: per layer and gate block, on a log scale. `
      + 'Norms falling by decades towards the first layer mean vanishing gradients; a sudden jump, exploding ones.';
    this.canvas.setAttribute('aria-label', `Gradient norms of ${history.series.length} gate blocks over ${history.epochs.length} epochs`);
    const palette = this.theme.palette;
    const colour = (g: number) => palette[g % palette.length] ?? this.theme.foreground;
    const datasets = history.series.map((series): ChartDataset<'line', Point[]> => {
      const g = history.gates.indexOf(series.gate);
      return {
        label: history.layers > 1 ? `layer ${series.layer + 1} ${series.gate}` : series.gate,
        data: series.values.flatMap((y, i) => (y === null ? [] : [{ x: history.epochs[i], y }])),
        borderColor: colour(g), backgroundColor: colour(g), borderDash: LAYER_DASHES[series.layer % LAYER_DASHES.length],
        borderWidth: this.theme.highContrast ? 2.5 : 1.5, pointRadius: history.epochs.length < 30 ? 2 : 0,
      };
    });
    const chart = this.chart ?? this.create();
    chart.data.datasets = datasets;
    chart.update();
    replaceChildren(this.legend, ...history.series.map((series) => {
      const item = h('li', { 'data-layer': series.layer, 'data-gate': series.gate },
        h('span', { class: 'line-sample' }), history.layers > 1 ? `layer ${series.layer + 1} ${series.gate}` : series.gate);
      const sample = item.querySelector<HTMLElement>('.line-sample');
      if (sample) {
        sample.style.borderTopColor = colour(history.gates.indexOf(series.gate));
        sample.style.borderTopStyle = series.layer === 0 ? 'solid' : 'dashed';
      }
      return item;
    }));
  }

  applyTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.destroy();
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }

  private create(): Chart<'line', Point[]> {
    const chart = new Chart<'line', Point[]>(this.canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false, parsing: false, normalized: true, responsive: true, maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false },
        plugins: { tooltip: { callbacks: {
          title: (items) => `epoch ${items[0]?.parsed.x ?? ''}`,
          label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y)}`,
        } } },
        scales: integerX(axisOptions(this.theme, true, null, 'epoch', 'gradient norm', 1)),
      },
      plugins: [backgroundPlugin(() => this.theme.background)],
    });
    this.chart = chart;
    return chart;
  }
}

/** Whole epochs on the x axis (no 1.5). */
function integerX<T extends { x?: unknown }>(scales: T): T {
  const ticks = (scales.x as { ticks?: { precision?: number } } | undefined)?.ticks;
  if (ticks) ticks.precision = 0;
  return scales;
}

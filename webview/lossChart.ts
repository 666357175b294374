import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ChartDataset, ChartOptions } from 'chart.js';
import type { ChartTheme } from './theme';

// The loss chart: for every run of the config, per-batch training loss (faint), per-epoch training
// loss (dashed) and validation loss (solid), against the optimiser step. The legend names each run by
// its change label (one entry per run: its validation line). Only the chart.js parts it uses are
// registered, so esbuild leaves the rest of chart.js out of dist/webview.js.
Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

export interface LossPoint {
  readonly x: number; // optimiser step
  readonly y: number; // loss
}

export type LossChart = Chart<'line', LossPoint[]>;
type LossDataset = ChartDataset<'line', LossPoint[]> & { runIndex: number; kind: 'batch' | 'train' | 'validation' };

export function createLossChart(canvas: HTMLCanvasElement, theme: ChartTheme): LossChart {
  const chart: LossChart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      // Data arrives as sorted {x, y} points; animation would lag behind a live run.
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: 'optimiser step' } },
        y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'loss' } },
      },
    },
  });
  applyChartTheme(chart, theme);
  return chart;
}

/** The three lines of run `index`, created on first use; `label` renames them. */
export function runLines(chart: LossChart, index: number, label: string, theme: ChartTheme): Record<LossDataset['kind'], LossPoint[]> {
  const datasets = chart.data.datasets as LossDataset[];
  const lines = (['batch', 'train', 'validation'] as const).map((kind) => {
    let dataset = datasets.find((candidate) => candidate.runIndex === index && candidate.kind === kind);
    if (!dataset) {
      dataset = { runIndex: index, kind, label, data: [] };
      styleLine(dataset, theme);
      datasets.push(dataset);
    }
    dataset.label = kind === 'validation' ? label : `${label} (${kind === 'batch' ? 'per batch' : 'train'})`;
    return dataset.data;
  });
  return { batch: lines[0], train: lines[1], validation: lines[2] };
}

/** Recolours the chart for `theme` and redraws it without animation. */
export function applyChartTheme(chart: LossChart, theme: ChartTheme): void {
  for (const dataset of chart.data.datasets as LossDataset[]) styleLine(dataset, theme);
  const options: ChartOptions<'line'> = chart.options;
  const font = { family: theme.fontFamily, size: theme.fontSize };
  for (const scale of [options.scales?.x, options.scales?.y]) {
    if (!scale) continue;
    // Hairline grid: `charts.lines` is drawn at full strength for axes, which would be too loud
    // repeated across the whole plot.
    scale.grid = { color: theme.gridLines, lineWidth: 0.5 };
    scale.border = { color: theme.gridLines };
    scale.ticks = { ...scale.ticks, color: theme.text, font };
    if (scale.title) scale.title = { ...scale.title, color: theme.text, font };
  }
  options.plugins = {
    ...options.plugins,
    legend: { labels: { color: theme.text, font, filter: (item, data) => (data.datasets[item.datasetIndex ?? 0] as LossDataset).kind === 'validation' } },
  };
  chart.update('none');
}

function styleLine(dataset: LossDataset, theme: ChartTheme): void {
  const colour = theme.runColours[dataset.runIndex % theme.runColours.length];
  dataset.borderColor = dataset.kind === 'batch' ? withAlpha(colour, 0.35) : colour;
  dataset.backgroundColor = colour;
  dataset.borderWidth = dataset.kind === 'batch' ? 1 : theme.highContrast ? 3 : 1.8;
  dataset.borderDash = dataset.kind === 'train' ? [6, 4] : [];
  dataset.pointRadius = dataset.kind === 'batch' ? 0 : 2;
}

/** `#rrggbb` or `rgb(…)` made translucent; anything else is left as it is. */
function withAlpha(colour: string, alpha: number): string {
  if (/^#[0-9a-f]{6}$/i.test(colour)) return `${colour}${Math.round(alpha * 255).toString(16).padStart(2, '0')}`;
  const rgb = /^rgb\((.+)\)$/.exec(colour);
  return rgb ? `rgba(${rgb[1]}, ${alpha})` : colour;
}

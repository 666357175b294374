import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ChartOptions, ChartDataset } from 'chart.js';
import type { ChartTheme } from './theme';

// The loss chart: training and validation loss per epoch. Only the chart.js parts it uses are
// registered, so esbuild leaves the rest of chart.js out of dist/webview.js.
Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

export interface LossPoint {
  readonly x: number; // epoch
  readonly y: number; // loss
}

export type LossChart = Chart<'line', LossPoint[]>;

export function createLossChart(canvas: HTMLCanvasElement, theme: ChartTheme): LossChart {
  const chart: LossChart = new Chart(canvas, {
    type: 'line',
    data: {
      datasets: [
        { label: 'training loss', data: [] },
        { label: 'validation loss', data: [] },
      ],
    },
    options: {
      // Data arrives as sorted {x, y} points; animation would lag behind a live run.
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', min: 0, suggestedMax: 10, title: { display: true, text: 'epoch' } },
        y: { type: 'linear', beginAtZero: true, suggestedMax: 1, title: { display: true, text: 'loss' } },
      },
    },
  });
  applyChartTheme(chart, theme);
  return chart;
}

/** Recolours the chart for `theme` and redraws it without animation. */
export function applyChartTheme(chart: LossChart, theme: ChartTheme): void {
  const [training, validation] = chart.data.datasets;
  styleLine(training, theme.trainLine, theme);
  styleLine(validation, theme.validationLine, theme);
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
  options.plugins = { ...options.plugins, legend: { labels: { color: theme.text, font } } };
  chart.update('none');
}

function styleLine(dataset: ChartDataset<'line', LossPoint[]> | undefined, colour: string, theme: ChartTheme): void {
  if (!dataset) return;
  dataset.borderColor = colour;
  dataset.backgroundColor = colour;
  dataset.borderWidth = theme.highContrast ? 3 : 1.5;
  dataset.pointRadius = 0;
}

import { Chart } from 'chart.js';
import { axisOptions } from './chartOptions';
import { backgroundPlugin } from './plugins';
import { formatNumber } from '../model/format';
import type { ChartTheme } from '../theme';

// A line chart over consecutive rows (validation steps, predicted rows), labelled on x and in its
// tooltip by each row's time where the data has one, else by its 1-based number. The forecast view
// and the predictions view draw their series on it.

export type RowPoint = { x: number; y: number };

export interface RowChartOptions {
  /** The theme when the chart is made; the background follows `currentTheme()` on every draw. */
  readonly theme: ChartTheme;
  readonly currentTheme: () => ChartTheme;
  /** The x-axis title. */
  readonly xTitle: string;
  /** The label of row `index` (a time, or the row number). */
  readonly rowLabel: (index: number) => string;
  /** Called with the row under a click (not rounded), e.g. to pick that window. */
  readonly onRowClick?: (row: number | undefined) => void;
}

export function createRowChart(canvas: HTMLCanvasElement, options: RowChartOptions): Chart<'line', RowPoint[]> {
  const { theme, rowLabel, onRowClick } = options;
  const chart = new Chart<'line', RowPoint[]>(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: theme.reduceMotion ? false : { duration: 250 },
      parsing: false, normalized: true, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      ...(onRowClick ? { onClick: (event, _elements, clicked) => onRowClick(clicked.scales.x?.getValueForPixel(event.x ?? Number.NaN)) } : {}),
      plugins: { tooltip: { callbacks: {
        title: (items) => rowLabel(items[0]?.parsed.x ?? 0),
        label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y)}`,
      } } },
    },
    plugins: [backgroundPlugin(() => options.currentTheme().background)],
  });
  const scales = axisOptions(theme, false, null, options.xTitle, 'value');
  const x = scales.x as { ticks?: { callback?: unknown } };
  if (x.ticks) x.ticks.callback = (value: unknown) => rowLabel(Number(value));
  chart.options.scales = scales;
  return chart;
}

/** A row's label: its time where there are times, else its 1-based number. */
export function rowLabelOf(times: readonly string[] | null | undefined, index: number): string {
  return times?.[Math.round(index)] ?? String(Math.round(index) + 1);
}

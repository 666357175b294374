import { Chart } from 'chart.js';
import type { ChartDataset, Plugin } from 'chart.js';
import type { BarsEvidence, Evidence, MatchesEvidence, SeriesEvidence, SeriesRole } from '../../engine/types';
import { axisOptions } from '../charts/chartOptions';
import { backgroundPlugin } from '../charts/plugins';
import { h } from '../dom';
import { formatNumber } from '../model/format';
import type { ChartTheme } from '../theme';
import { renderBars, type BarColours } from './barList';
import { timelineSpans } from './diagnosticsModel';

// A diagnostic's evidence, plotted: series (the forecast against the truth and naive, losses per epoch)
// as small line charts with the verdict's markers, bars as labelled bars, the split timeline as one bar
// cut in proportion, identical windows as a table. Charts are made when their diagnostic is opened and
// destroyed with the list.

type Point = { x: number; y: number };

export class EvidenceCharts {
  private charts: Chart[] = [];

  constructor(private theme: ChartTheme, private runColour: string) {}

  set(theme: ChartTheme, runColour: string): void {
    this.theme = theme;
    this.runColour = runColour;
  }

  destroyAll(): void {
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
  }

  /** A figure for one piece of evidence; series charts are drawn once the figure is in the page. */
  render(evidence: Evidence, id: string): { figure: HTMLElement; draw(): void } {
    const figure = h('figure', { class: `evidence ${evidence.kind}`, 'data-kind': evidence.kind, id }, h('figcaption', {}, evidence.title));
    switch (evidence.kind) {
      case 'series': {
        const canvas = h('canvas', { role: 'img', 'aria-label': evidence.title, 'data-points': evidence.x.values.length, 'data-series': evidence.series.map((s) => s.name).join('\n') });
        const legend = h('ul', { class: 'series-legend' }, ...evidence.series.map((series) => h('li', { 'data-role': series.role },
          h('span', { class: 'line-sample' }), series.name)));
        figure.append(h('div', { class: 'chart evidence-chart' }, canvas), legend);
        return {
          figure,
          draw: () => {
            this.charts.push(this.seriesChart(canvas, evidence));
            legend.querySelectorAll<HTMLElement>('.line-sample').forEach((sample, i) => {
              const { colour, dash } = this.roleStyle(evidence.series[i].role);
              sample.style.borderTopColor = colour;
              sample.style.borderTopStyle = dash.length === 0 ? 'solid' : dash[0] > 3 ? 'dashed' : 'dotted';
            });
          },
        };
      }
      case 'bars':
        figure.append(barsList(evidence, { positive: this.theme.palette[0] ?? this.theme.foreground, negative: this.theme.palette[1] ?? this.theme.foreground }));
        break;
      case 'timeline':
        figure.append(timeline(evidence));
        break;
      case 'matches':
        figure.append(matchesTable(evidence));
        break;
    }
    return { figure, draw: () => undefined };
  }

  /** A series' look by its role: the truth in the text colour, the model (and its losses) in the run's colour, baselines muted and dashed. */
  private roleStyle(role: SeriesRole): { colour: string; dash: number[] } {
    const theme = this.theme;
    const run = this.runColour || theme.palette[0];
    switch (role) {
      case 'truth': return { colour: theme.foreground, dash: [] };
      case 'model': return { colour: run, dash: [] };
      case 'baseline': return { colour: theme.muted, dash: [6, 4] };
      case 'train': return { colour: run, dash: [6, 4] };
      case 'validation': return { colour: run, dash: [] };
      default: return { colour: theme.palette[2] ?? theme.foreground, dash: [2, 3] };
    }
  }

  private seriesChart(canvas: HTMLCanvasElement, evidence: SeriesEvidence): Chart {
    const theme = this.theme;
    const style = (role: SeriesRole) => this.roleStyle(role);
    const labels = evidence.x.labels;
    const label = (x: number): string => {
      const at = evidence.x.values.indexOf(x);
      return labels && at >= 0 ? labels[at] : String(x);
    };
    const datasets = evidence.series.map((series): ChartDataset<'line', Point[]> => {
      const { colour, dash } = style(series.role);
      return {
        label: series.name, borderColor: colour, backgroundColor: colour, borderDash: dash,
        borderWidth: (series.role === 'truth' || series.role === 'model' ? 2 : 1.5) + (theme.highContrast ? 1 : 0),
        pointRadius: evidence.x.values.length <= 30 ? 2 : 0, spanGaps: false,
        data: series.values.flatMap((y, i) => (y === null || !Number.isFinite(y) ? [] : [{ x: evidence.x.values[i], y }])),
      };
    });
    const scales = axisOptions(theme, false, null, evidence.x.name, '', evidence.x.values[0]);
    const x = scales.x as { ticks?: { callback?: unknown; precision?: number } };
    if (x.ticks && labels) x.ticks.callback = (value: unknown) => label(Number(value));
    if (x.ticks && evidence.x.values.every(Number.isInteger)) x.ticks.precision = 0; // epochs, windows, lags: no 2.5
    (scales.y as { title?: { display?: boolean } }).title = { display: false };
    return new Chart<'line', Point[]>(canvas, {
      type: 'line',
      data: { datasets },
      options: {
        animation: false, parsing: false, normalized: true, responsive: true, maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false }, scales,
        plugins: { tooltip: { callbacks: { title: (items) => label(items[0]?.parsed.x ?? 0), label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y)}` } } },
      },
      plugins: [backgroundPlugin(() => theme.background), markersPlugin(evidence.markers, theme)],
    });
  }
}

/** Vertical lines at the evidence's markers (e.g. the epoch overfitting began), labelled at the top. */
function markersPlugin(markers: SeriesEvidence['markers'], theme: ChartTheme): Plugin<'line'> {
  return {
    id: 'seqlabMarkers',
    afterDatasetsDraw(chart) {
      const scale = chart.scales.x;
      if (!scale || markers.length === 0) return;
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.strokeStyle = theme.foreground;
      ctx.fillStyle = theme.foreground;
      ctx.setLineDash([3, 3]);
      ctx.font = `${Math.min(theme.fontSize, 11)}px ${theme.fontFamily}`;
      ctx.textBaseline = 'top';
      for (const marker of markers) {
        const x = scale.getPixelForValue(marker.x);
        if (x < chartArea.left || x > chartArea.right) continue;
        ctx.beginPath();
        ctx.moveTo(x, chartArea.top);
        ctx.lineTo(x, chartArea.bottom);
        ctx.stroke();
        ctx.textAlign = x > (chartArea.left + chartArea.right) / 2 ? 'right' : 'left';
        ctx.fillText(marker.label, x + (ctx.textAlign === 'left' ? 4 : -4), chartArea.top + 2);
      }
      ctx.restore();
    },
  };
}

function barsList(evidence: BarsEvidence, colours: BarColours): HTMLElement {
  const list = h('ul', { class: 'bars' });
  // Shares and accuracies as percentages; a correlation or R² needs no unit; anything else says its own.
  const percent = evidence.unit === 'share' || evidence.unit === 'accuracy';
  const unit = percent || ['R²', 'correlation', ''].includes(evidence.unit) ? '' : ` ${evidence.unit}`;
  const text = (value: number) => (percent ? `${formatNumber(100 * value)} %` : `${formatNumber(value)}${unit}`);
  renderBars(list, evidence.bars.map((bar) => ({ label: bar.label, value: bar.value, role: bar.role, text: text(bar.value) })), colours);
  return list;
}

function timeline(evidence: Extract<Evidence, { kind: 'timeline' }>): HTMLElement {
  const spans = timelineSpans(evidence);
  const bar = h('div', { class: 'timeline-bar', role: 'img', 'aria-label': spans.map((span) => span.text).join('; ') },
    ...spans.map((span) => {
      const part = h('span', { class: `timeline-span ${span.split}`, 'data-split': span.split, title: span.text }, span.split);
      part.style.width = `${span.width}%`;
      return part;
    }));
  return h('div', {}, bar, h('ul', { class: 'timeline-legend' }, ...spans.map((span) => h('li', { 'data-split': span.split }, span.text))));
}

function matchesTable(evidence: MatchesEvidence): HTMLElement {
  return h('table', { class: 'compact' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'split'), h('th', { scope: 'col' }, 'windows checked'), h('th', { scope: 'col' }, 'with a training twin'))),
    h('tbody', {},
      ...evidence.checked.map((row) => h('tr', { 'data-split': row.split, 'data-matched': row.matched },
        h('th', { scope: 'row' }, row.split), h('td', { class: 'number' }, row.windows.toLocaleString('en-US')),
        h('td', { class: row.matched > 0 ? 'number flagged' : 'number' }, row.matched.toLocaleString('en-US')))),
      ...evidence.examples.slice(0, 5).map((example) => h('tr', { class: 'example' },
        h('td', { colspan: 3 }, `${example.split} ${example.label} = training ${example.trainLabel}`)))));
}

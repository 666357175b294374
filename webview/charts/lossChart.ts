import { Chart, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import type { ChartDataset, TooltipItem } from 'chart.js';
import type { RunMeta } from '../protocol';
import { upperBound } from '../model/column';
import { decimateMinMax, type XRange } from '../model/decimation';
import { formatNumber } from '../model/format';
import { runStyle, withAlpha, type RunStyle } from '../model/runStyle';
import type { RunChange, RunCurves, SeriesStore } from '../model/seriesStore';
import { SmoothedSeries } from '../model/smoothing';
import type { ChartTheme } from '../theme';
import { backgroundPlugin, brushPlugin, epochMarksPlugin } from './plugins';
import { axisOptions, runLabel } from './chartOptions';

// The loss chart: for every run of the config, per-batch training loss (faint), its EMA (when
// smoothing is on), per-epoch training loss (dashed) and validation loss (solid), against the
// optimiser step. Only what is drawn is decimated (min-max, at the plot's pixel width); the store keeps
// every point. A frame updates the datasets of the runs that changed and redraws once, without
// animation; nothing is rebuilt from scratch while points arrive.
// chart.js is tree-shaken: these are all the parts the panel's line charts use (its own decimation
// plugin is not among them: model/decimation.ts decimates from the typed-array store directly).
Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip);

export type SeriesKind = 'batch' | 'smoothed' | 'train' | 'validation';

/** A drawn point: `index` is the batch's index in the store, or the epoch number for epoch series. */
export interface LossPoint {
  readonly x: number;
  readonly y: number;
  readonly index: number;
}

type LossDataset = ChartDataset<'line', LossPoint[]>;

interface RunSeriesSet {
  meta: RunMeta;
  style: RunStyle;
  readonly datasets: Readonly<Record<SeriesKind, LossDataset>>;
  readonly smoothed: SmoothedSeries;
}

const KINDS: readonly SeriesKind[] = ['validation', 'train', 'smoothed', 'batch'];
const KIND_LABELS: Readonly<Record<SeriesKind, string>> = {
  batch: 'training loss (batch)', smoothed: 'training loss (batch, smoothed)', train: 'training loss (epoch)', validation: 'validation loss',
};

export interface LossChartSettings {
  logScale: boolean;
  smoothing: number;
  hidden: ReadonlySet<string>;
  /** The run whose epochs are marked along the top. */
  marked: string | null;
  range: XRange | null;
}

export class LossChart {
  readonly chart: Chart<'line', LossPoint[]>;
  private readonly runs = new Map<string, RunSeriesSet>();
  private readonly owners = new Map<LossDataset, { runId: string; kind: SeriesKind }>();
  private brush: { from: number; to: number } | null = null;
  private everything = true; // the next render redraws every run (settings, size or theme changed)
  private lastColumns = 0;

  constructor(
    canvas: HTMLCanvasElement, private theme: ChartTheme, private readonly store: SeriesStore, readonly settings: LossChartSettings,
    /** Asks for a frame: the chart was resized or its settings changed. */
    private readonly requestFrame: () => void,
  ) {
    this.chart = new Chart<'line', LossPoint[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        parsing: false,
        normalized: true,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', axis: 'xy', intersect: false },
        elements: { line: { tension: 0 } },
        plugins: { tooltip: { callbacks: { title: (items) => this.tooltipTitle(items), label: (item) => this.tooltipLabel(item) } } },
      },
      plugins: [
        backgroundPlugin(() => this.theme.background),
        epochMarksPlugin(() => this.epochMarks()),
        brushPlugin(() => this.brush && { ...this.brush, colour: withAlpha(this.theme.foreground, 0.12) }),
      ],
    });
    this.chart.options.onResize = () => this.invalidate();
    this.applyTheme(theme);
  }

  /**
   * Adds, removes and restyles datasets so there is one set per run, in creation order. A new list of
   * the same runs (their state or duration changed, several times a second while one trains) only
   * updates what the tooltips read: the drawn data stays as it is.
   */
  setRuns(metas: readonly RunMeta[]): void {
    const same = metas.length === this.runs.size && metas.every((meta) => this.runs.get(meta.id)?.meta.index === meta.index);
    if (same) {
      for (const meta of metas) this.runs.get(meta.id)!.meta = meta;
      return;
    }
    const ids = new Set(metas.map((meta) => meta.id));
    for (const [id, set] of this.runs) {
      if (ids.has(id)) continue;
      for (const dataset of Object.values(set.datasets)) this.owners.delete(dataset);
      this.runs.delete(id);
    }
    for (const meta of metas) {
      const existing = this.runs.get(meta.id);
      if (existing) {
        existing.meta = meta;
        existing.style = runStyle(meta.index, this.theme.palette.length);
        continue;
      }
      const datasets = Object.fromEntries(KINDS.map((kind) => [kind, { label: kind, data: [] } as LossDataset])) as Record<SeriesKind, LossDataset>;
      for (const kind of KINDS) this.owners.set(datasets[kind], { runId: meta.id, kind });
      this.runs.set(meta.id, { meta, style: runStyle(meta.index, this.theme.palette.length), datasets, smoothed: new SmoothedSeries(this.settings.smoothing) });
    }
    const ordered = [...this.runs.values()].sort((a, b) => a.meta.index - b.meta.index);
    this.chart.data.datasets = ordered.flatMap((set) => KINDS.map((kind) => set.datasets[kind]));
    this.styleDatasets();
    this.invalidate();
  }

  applyTheme(theme: ChartTheme): void {
    this.theme = theme;
    for (const set of this.runs.values()) set.style = runStyle(set.meta.index, theme.palette.length);
    this.chart.options.scales = axisOptions(theme, this.settings.logScale, this.settings.range, 'optimiser step', 'loss', 0);
    const tooltip = this.chart.options.plugins?.tooltip;
    if (tooltip) Object.assign(tooltip, { titleFont: { family: theme.fontFamily }, bodyFont: { family: theme.fontFamily } });
    this.styleDatasets();
    this.invalidate();
  }

  /** Call after changing `settings`: the next render redraws every run with them. */
  settingsChanged(): void {
    this.chart.options.scales = axisOptions(this.theme, this.settings.logScale, this.settings.range, 'optimiser step', 'loss', 0);
    this.styleDatasets();
    this.invalidate();
  }

  invalidate(): void {
    this.everything = true;
    this.requestFrame();
  }

  setBrush(band: { from: number; to: number } | null): void {
    this.brush = band;
    this.chart.draw();
  }

  /** Brings the datasets of changed runs (every run after `invalidate`) up to date and redraws once. */
  render(changes: ReadonlyMap<string, RunChange>): void {
    const columns = Math.max(50, Math.round(this.chart.chartArea?.width ?? this.chart.width));
    const everything = this.everything || columns !== this.lastColumns;
    if (!everything && changes.size === 0) return;
    this.everything = false;
    this.lastColumns = columns;
    for (const [id, set] of this.runs) {
      const change = changes.get(id);
      const curves = this.store.get(id);
      if (!curves || (!everything && !change)) continue;
      set.smoothed.update(curves.losses.view(), curves.losses.length, change?.batchesFrom ?? Infinity, this.settings.smoothing);
      if (this.settings.hidden.has(id)) continue;
      this.fill(set, curves, columns, everything || (change?.epochs ?? false));
    }
    this.chart.update('none');
  }

  /** The steps every visible run covers: the extent zooming and panning stay within. */
  extent(): XRange | null {
    let min = Infinity;
    let max = -Infinity;
    for (const id of this.runs.keys()) {
      const curves = this.store.get(id);
      if (!curves || this.settings.hidden.has(id)) continue;
      const first = curves.steps.length > 0 ? curves.steps.at(0) : epochStep(curves, 0);
      const last = Math.max(curves.steps.last(), epochStep(curves, curves.epochs.length - 1));
      if (Number.isFinite(first)) min = Math.min(min, first);
      if (Number.isFinite(last)) max = Math.max(max, last);
    }
    return max > min ? { min, max } : null;
  }

  /** Points currently drawn and stored, by run, for the page's data attributes (what e2e tests read). */
  counts(id: string): { batches: number; epochs: number; drawn: number } {
    const set = this.runs.get(id);
    const curves = this.store.get(id);
    const drawn = set ? KINDS.reduce((sum, kind) => sum + set.datasets[kind].data.length, 0) : 0;
    return { batches: curves?.steps.length ?? 0, epochs: curves?.epochs.length ?? 0, drawn };
  }

  colourOf(id: string): string | null {
    const set = this.runs.get(id);
    return set ? this.theme.palette[set.style.colourIndex] ?? null : null;
  }

  destroy(): void {
    this.chart.destroy();
  }

  private fill(set: RunSeriesSet, curves: RunCurves, columns: number, epochsChanged: boolean): void {
    const { range, smoothing } = this.settings;
    const steps = curves.steps.view();
    set.datasets.batch.data = decimateMinMax(steps, curves.losses.view(), steps.length, range, columns);
    set.datasets.smoothed.data = smoothing > 0 ? decimateMinMax(steps, set.smoothed.values.view(), steps.length, range, columns) : [];
    if (!epochsChanged) return;
    const train: LossPoint[] = [];
    const validation: LossPoint[] = [];
    curves.epochs.forEach((event, i) => {
      const x = epochStep(curves, i);
      if (!Number.isFinite(x)) return;
      if (Number.isFinite(event.trainLoss)) train.push({ x, y: event.trainLoss, index: event.epoch });
      if (Number.isFinite(event.valLoss)) validation.push({ x, y: event.valLoss, index: event.epoch });
    });
    set.datasets.train.data = train;
    set.datasets.validation.data = validation;
  }

  private styleDatasets(): void {
    const { theme } = this;
    const wide = theme.highContrast ? 1 : 0;
    for (const [id, set] of this.runs) {
      const colour = theme.palette[set.style.colourIndex] ?? theme.foreground;
      const hidden = this.settings.hidden.has(id);
      const { batch, smoothed, train, validation } = set.datasets;
      const faint = theme.highContrast ? 0.5 : this.settings.smoothing > 0 ? 0.2 : 0.4;
      Object.assign(batch, { borderColor: withAlpha(colour, faint), borderWidth: 1, pointRadius: 0, order: 3, hidden });
      Object.assign(smoothed, { borderColor: colour, borderWidth: 1.5 + wide, pointRadius: 0, order: 2, hidden: hidden || this.settings.smoothing === 0 });
      for (const [dataset, dash, width, order] of [[train, set.style.trainDash, 1.5, 1], [validation, set.style.validationDash, 2, 0]] as const) {
        Object.assign(dataset, {
          borderColor: colour, backgroundColor: colour, borderDash: [...dash], borderWidth: width + wide, order, hidden,
          pointStyle: set.style.marker, pointRadius: 3, pointHoverRadius: 5, pointBorderWidth: 1,
        });
      }
    }
  }

  private epochMarks() {
    const id = this.settings.marked;
    const set = id ? this.runs.get(id) : undefined;
    const curves = id ? this.store.get(id) : undefined;
    if (!set || !curves || this.settings.hidden.has(set.meta.id)) return null;
    const steps = curves.epochs.map((_, i) => epochStep(curves, i));
    return { steps, colour: this.theme.muted, font: `${Math.round(this.theme.fontSize * 0.85)}px ${this.theme.fontFamily}` };
  }

  private tooltipTitle(items: TooltipItem<'line'>[]): string {
    const owner = items[0] && this.owners.get(items[0].dataset as LossDataset);
    const set = owner && this.runs.get(owner.runId);
    return set ? runLabel(set.meta) : '';
  }

  private tooltipLabel(item: TooltipItem<'line'>): string {
    const owner = this.owners.get(item.dataset as LossDataset);
    const point = item.raw as LossPoint;
    if (!owner) return formatNumber(point.y);
    const curves = this.store.get(owner.runId);
    const epoch = owner.kind === 'train' || owner.kind === 'validation' ? point.index : curves?.batchEpochs.at(point.index);
    return `${KIND_LABELS[owner.kind]} ${formatNumber(point.y)} · epoch ${epoch ?? '–'} · step ${point.x}`;
  }
}

/**
 * The optimiser step at the end of the run's `i`-th epoch event: its own `step`, or, for runs logged
 * before epoch events carried it, the step of that epoch's last batch.
 */
export function epochStep(curves: RunCurves, i: number): number {
  const event = curves.epochs[i];
  if (!event) return Number.NaN;
  if (typeof event.step === 'number' && Number.isFinite(event.step)) return event.step;
  const last = upperBound(curves.batchEpochs.view(), event.epoch) - 1;
  return last >= 0 ? curves.steps.at(last) : Number.NaN;
}

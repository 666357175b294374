import { LossChart } from './charts/lossChart';
import { runLabel } from './charts/chartOptions';
import { attachZoom } from './charts/zoomInteraction';
import { csvRows } from './model/csvRows';
import type { XRange } from './model/decimation';
import type { EpochEvent } from './model/engineEvents';
import { readPanelState, type PanelState } from './model/panelState';
import { runStyle } from './model/runStyle';
import { SeriesStore, type RunChange } from './model/seriesStore';
import { sortRows, tableRows } from './model/tableRows';
import type { HostToWebview, PanelConfig, PanelPredictions, RunMeta, WebviewToHost } from './protocol';
import { readChartTheme, type ChartTheme } from './theme';
import { buildLayout, type PanelLayout } from './layout';
import { Controls } from './views/controls';
import { Legend } from './views/legend';
import { MetricsTable } from './views/metricsTable';
import { ModelView } from './views/modelView';
import { PredictionsView } from './views/predictionsView';
import { stateLabel } from './views/runStatus';

// The panel: what the host sent (config, run metas, every run's curves in the store) and what the user
// chose (state persisted through the webview state), drawn by the views. Messages only update the
// model and ask for a frame; one animation frame draws whatever changed since the last one.

/** What the webview state holds: the view settings, and the config id the host's serializer reads. */
export type SavedState = PanelState & { readonly configId?: string };

export interface WebviewHost {
  post(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: SavedState): void;
}

export class PanelApp {
  private readonly layout: PanelLayout;
  private readonly store = new SeriesStore();
  private readonly loss: LossChart;
  private readonly controls: Controls;
  private readonly legend: Legend;
  private readonly table: MetricsTable;
  private readonly model: ModelView;
  private readonly predictionsView: PredictionsView;
  private predictions: PanelPredictions | null = null;
  private predictionsChanged = false;
  private state: PanelState;
  private configId: string | undefined;
  private config: PanelConfig | null = null;
  private metas: RunMeta[] = [];
  private theme: ChartTheme = readChartTheme();
  private frame = 0;
  /** Snapshots and `append` deltas received since the page loaded (data-snapshots, data-appends): a
   *  test sees a re-sync, and that curves grew live rather than only from a snapshot. */
  private snapshots = 0;
  private appends = 0;
  private metasChanged = true;
  /** The run list of "What the model does" needs redrawing. */
  private modelChanged = true;
  /** What the model view shows, as a key (see drawModel), and the theme's version it was drawn in. */
  private modelKey = '';
  private themeVersion = 0;

  constructor(private readonly host: WebviewHost) {
    const saved = host.getState() as { configId?: unknown } | undefined;
    this.state = readPanelState(saved);
    this.configId = typeof saved?.configId === 'string' ? saved.configId : undefined;
    this.layout = buildLayout();
    this.loss = new LossChart(this.layout.canvas, this.theme, this.store, {
      logScale: this.state.logScale, smoothing: this.state.smoothing, hidden: new Set(this.state.hidden), marked: null, range: null,
    }, () => this.requestFrame());
    this.controls = new Controls({
      setLogScale: (on) => this.update({ logScale: on }),
      setSmoothing: (weight) => this.update({ smoothing: weight }),
      resetZoom: () => this.setRange(null),
      exportPng: () => host.post({ type: 'savePng', dataUrl: this.loss.chart.toBase64Image('image/png') }),
      exportCsv: () => host.post({ type: 'saveCsv', rows: csvRows(this.runsWithEpochs()) }),
    });
    this.layout.lossSection.insertBefore(this.controls.element, this.layout.lossBox);
    this.legend = new Legend(this.layout.legend, (id) => this.toggle(id));
    this.table = new MetricsTable(this.layout.table, {
      sort: (order) => this.update({ sort: order }),
      stop: (id) => host.post({ type: 'stop', id }),
    });
    this.model = new ModelView(this.theme, {
      select: (id) => this.update({ selected: id }),
      setForecastTarget: (index) => this.update({ forecastTarget: index }),
    });
    this.layout.main.insertBefore(this.model.element, this.layout.tableSection);
    this.predictionsView = new PredictionsView(this.theme);
    this.layout.main.insertBefore(this.predictionsView.element, this.layout.tableSection);
    attachZoom(this.layout.canvas, {
      chart: this.loss.chart,
      extent: () => this.loss.extent(),
      range: () => this.loss.settings.range,
      setRange: (range) => this.setRange(range),
      setBrush: (band) => this.loss.setBrush(band),
    });
    this.layout.status.textContent = 'Waiting for SeqLab…';
    this.showControls();
  }

  receive(message: HostToWebview): void {
    switch (message.type) {
      case 'snapshot':
        this.config = message.config;
        this.configId = message.config.id;
        this.layout.name.textContent = message.config.name;
        this.layout.path.textContent = message.config.dataFile
          ? `${message.config.displayPath} · data: ${message.config.dataFile}` : message.config.displayPath;
        this.snapshots++;
        for (const run of message.runs) this.store.replace(run.meta.id, run.series);
        this.setMetas(message.runs.map((run) => run.meta));
        this.save();
        break;
      case 'runs': {
        // A run missing from the list was deleted. Its curves go, and a fresh snapshot is asked for, so
        // that nothing stays out of step should the run come back (a run folder briefly unreadable).
        const ids = new Set(message.runs.map((meta) => meta.id));
        const missing = this.metas.some((meta) => !ids.has(meta.id));
        this.setMetas(message.runs);
        if (missing) this.host.post({ type: 'ready' });
        break;
      }
      case 'append':
        this.appends++;
        this.store.append(message.id, message.series);
        break;
      case 'predictions':
        this.predictions = message.predictions;
        this.predictionsChanged = true;
        break;
      default: {
        const unknown: never = message;
        this.host.post({ type: 'error', message: `The panel got a message it does not know: ${JSON.stringify(unknown).slice(0, 200)}` });
      }
    }
    this.requestFrame();
  }

  themeChanged(): void {
    this.theme = readChartTheme();
    this.loss.applyTheme(this.theme);
    this.model.applyTheme(this.theme);
    this.themeVersion++;
    this.predictionsView.applyTheme(this.theme);
    this.predictionsChanged = this.predictions !== null;
    this.metasChanged = true;
    this.modelChanged = true;
    this.requestFrame();
  }

  private setMetas(metas: readonly RunMeta[]): void {
    this.metas = [...metas].sort((a, b) => a.index - b.index);
    this.store.retain(new Set(this.metas.map((meta) => meta.id)));
    this.loss.setRuns(this.metas);
    this.metasChanged = true;
    this.modelChanged = true;
  }

  private requestFrame(): void {
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** One frame: the loss chart for what changed; legend, table and model view when their inputs did. */
  private draw(): void {
    const start = performance.now();
    const changes = this.store.takeChanges();
    this.loss.settings.marked = this.selectedMeta()?.id ?? null;
    this.loss.render(changes);
    const epochsChanged = [...changes.values()].some((change: RunChange) => change.epochs || change.samples);
    if (this.metasChanged || epochsChanged) this.drawRunLists();
    if (this.modelChanged) this.model.setRuns(this.metas, this.state.selected);
    this.drawModel();
    if (this.predictionsChanged && this.predictions) {
      this.predictionsView.show(this.predictions, this.loss.colourOf(this.predictions.runId) ?? this.theme.foreground);
    }
    this.predictionsChanged = false;
    this.metasChanged = false;
    this.modelChanged = false;
    this.showCounts();
    this.showControls();
    performance.measure('seqlab:frame', { start, end: performance.now() });
    if (performance.getEntriesByName('seqlab:frame').length > 2000) performance.clearMeasures('seqlab:frame');
  }

  /**
   * "What the model does" for the selected run, redrawn only when what it shows changed: a new sample
   * or epoch, another run or target, the baselines, the theme (not the run's duration ticking).
   */
  private drawModel(): void {
    const selected = this.selectedMeta();
    const curves = selected ? this.store.get(selected.id) : undefined;
    const key = JSON.stringify([selected?.id, selected?.label, Object.keys(selected?.baselines ?? {}), curves?.samples.length,
      curves?.samples.at(-1)?.epoch, curves?.epochs.length, this.state.forecastTarget, this.themeVersion]);
    if (key === this.modelKey) return;
    this.modelKey = key;
    this.model.show(selected, curves, selected ? this.loss.colourOf(selected.id) ?? '' : '', this.state.forecastTarget);
  }

  private drawRunLists(): void {
    const palette = this.theme.palette;
    this.legend.render(this.metas.map((meta) => {
      const style = runStyle(meta.index, palette.length);
      const epochs = this.store.get(meta.id)?.epochs ?? [];
      return { meta, style, colour: palette[style.colourIndex] ?? this.theme.foreground, hidden: this.loss.settings.hidden.has(meta.id), epochsDone: epochs.at(-1)?.epoch ?? 0 };
    }));
    const task = this.config?.task ?? this.metas.at(-1)?.task ?? null;
    const rows = task ? sortRows(tableRows(task, this.runsWithEpochs()), this.state.sort) : [];
    this.table.render(task, rows, this.state.sort, palette);
    this.layout.status.textContent = this.statusLine();
  }

  private showCounts(): void {
    let points = 0;
    let epochPoints = 0;
    let drawn = 0;
    for (const meta of this.metas) {
      const counts = this.loss.counts(meta.id);
      points += counts.batches;
      epochPoints += counts.epochs;
      drawn += counts.drawn;
      this.legend.setCounts(meta.id, counts.batches, counts.epochs);
      this.table.setCounts(meta.id, counts.batches, counts.epochs);
    }
    const data = document.body.dataset;
    data.runs = String(this.metas.length);
    data.points = String(points);
    data.epochPoints = String(epochPoints);
    // Points the loss chart draws after decimation (the store keeps all of them: data-points).
    data.drawnPoints = String(drawn);
    data.yScale = this.state.logScale ? 'logarithmic' : 'linear';
    data.smoothing = String(this.state.smoothing);
    data.zoomed = String(this.loss.settings.range !== null);
    data.chartBackground = this.theme.background;
    data.snapshots = String(this.snapshots);
    data.appends = String(this.appends);
  }

  private statusLine(): string {
    if (this.metas.length === 0) return 'No training run yet.';
    const newest = this.metas[this.metas.length - 1];
    const epochs = this.store.get(newest.id)?.epochs ?? [];
    const epoch = epochs.at(-1)?.epoch ?? 0;
    const progress = newest.epochs ? `, epoch ${epoch}/${newest.epochs}` : '';
    const count = this.metas.length === 1 ? '1 run' : `${this.metas.length} runs`;
    // Why a run failed or diverged is news; a stopped run's checkpoint path is in the legend's tooltip.
    const why = newest.message && (newest.state === 'failed' || newest.state === 'diverged') ? ` (${newest.message})` : '';
    return `${count}. Newest: ${runLabel(newest)}, ${stateLabel(newest.state)}${progress}${why}.`;
  }

  private runsWithEpochs(): { meta: RunMeta; epochs: readonly EpochEvent[] }[] {
    return this.metas.map((meta) => ({ meta, epochs: this.store.get(meta.id)?.epochs ?? [] }));
  }

  private selectedMeta(): RunMeta | null {
    return this.metas.find((meta) => meta.id === this.state.selected) ?? this.metas.at(-1) ?? null;
  }

  private toggle(id: string): void {
    const hidden = new Set(this.state.hidden);
    if (!hidden.delete(id)) hidden.add(id);
    this.update({ hidden: [...hidden] });
  }

  private setRange(range: XRange | null): void {
    this.loss.settings.range = range;
    this.loss.settingsChanged();
    this.showControls();
    this.requestFrame();
  }

  /** Applies and saves a change of the user's settings, and redraws what depends on it. */
  private update(change: Partial<PanelState>): void {
    this.state = readPanelState({ ...this.state, ...change });
    Object.assign(this.loss.settings, { logScale: this.state.logScale, smoothing: this.state.smoothing, hidden: new Set(this.state.hidden) });
    this.loss.settingsChanged();
    if ('hidden' in change || 'sort' in change) this.metasChanged = true;
    if ('selected' in change || 'forecastTarget' in change) this.modelChanged = true;
    this.save();
    this.showControls();
    this.requestFrame();
  }

  private save(): void {
    this.host.setState({ ...this.state, configId: this.configId });
  }

  private showControls(): void {
    this.controls.show({
      logScale: this.state.logScale, smoothing: this.state.smoothing, zoomed: this.loss.settings.range !== null,
      hasRuns: this.metas.length > 0, hasEpochs: this.metas.some((meta) => (this.store.get(meta.id)?.epochs.length ?? 0) > 0),
    });
  }
}

import type { ExplainReport } from '../../engine/types';
import { h } from '../dom';
import type { RunCurves } from '../model/seriesStore';
import type { ExplainResult, HostToWebview, RunMeta, WebviewToHost } from '../protocol';
import type { ChartTheme } from '../theme';
import { ExplainControls } from './explainControls';
import { ExplainMaps } from './explainMaps';
import { explainKey, explainRequest, wantedExplanation, windowOfForecastPoint, type ExplainTarget } from './explainRequests';
import type { ExplainSettings } from './explainSettings';
import { reportStatus } from './explainText';
import { GradNormChart } from './gradNormChart';
import { renderSaturation, saturationCaption } from './saturationTable';

// The Explain view: inside the selected run's best model on one window. Closed, it costs nothing; opened,
// it asks the host for the chosen window (the host runs `seqlab explain` in a low-priority child process,
// or answers from its cache) and draws the report when it comes. Picking another window, split or run
// asks again; the host stops the previous computation. The gradient norms come from the run's epoch
// events, live, with no computation at all.

export interface ExplainViewActions {
  post(message: WebviewToHost): void;
  save(settings: ExplainSettings): void;
}

type Explanation = Extract<HostToWebview, { type: 'explanation' }>;

export class ExplainView {
  readonly element: HTMLElement;
  private readonly toggle = h('button', { type: 'button', id: 'explain-toggle', 'aria-expanded': 'false', 'aria-controls': 'explain-body' });
  private readonly status = h('p', { id: 'explain-status', role: 'status' });
  private readonly controls: ExplainControls;
  private readonly maps = new ExplainMaps();
  private readonly saturation = h('table', { id: 'explain-saturation', class: 'compact' });
  private readonly saturationCaption = h('p', { class: 'view-caption' });
  private readonly norms: GradNormChart;
  private readonly body: HTMLElement;
  private meta: RunMeta | null = null;
  private epochs: RunCurves['epochs'] = [];
  /** The request last posted, and what came back for it. */
  private requested: { key: string; target: ExplainTarget; at: number } | null = null;
  private result: ExplainResult | null = null;
  /** The report on screen and the run it explains (kept, dimmed, while the next one is computed). */
  private shown: { readonly report: ExplainReport; readonly runId: string } | null = null;
  /** A click on the forecast chart waiting for the split's window labels. */
  private pendingPick: { point: number; points: number; times: readonly string[] | null } | null = null;
  private openedAt: number | null = null;
  private frame = 0;

  constructor(private theme: ChartTheme, private settings: ExplainSettings, private readonly actions: ExplainViewActions) {
    this.controls = new ExplainControls({
      change: (change) => this.change(change),
      step: (delta) => this.step(delta),
      cancel: () => actions.post({ type: 'cancelExplain' }),
      retry: () => {
        this.requested = null;
        this.sync();
      },
    });
    this.norms = new GradNormChart(theme);
    this.toggle.addEventListener('click', () => this.setOpen(!this.settings.open));
    this.body = h('div', { id: 'explain-body', class: 'explain-body' },
      this.controls.element, this.status, this.maps.element,
      h('h3', {}, 'Gate saturation'), this.saturationCaption, h('div', { class: 'scroll-x' }, this.saturation), this.norms.element);
    this.element = h('section', { class: 'explain', id: 'explain', 'aria-labelledby': 'explain-heading' },
      h('div', { class: 'section-header' }, h('h2', { id: 'explain-heading' }, 'Explain'), this.toggle),
      h('p', { class: 'view-caption' }, 'Inside the selected run’s best model on one validation or test window: every gate and state '
        + 'over time, and which inputs moved its output. Computed in a background process, only while the inspector is open; '
        + 'click a point of the forecast chart to explain that window.'),
      this.body);
    new ResizeObserver(() => this.requestDraw()).observe(this.maps.element);
    this.sync();
  }

  /** The selected run and its curves (called every frame; cheap when nothing changed). */
  setRun(meta: RunMeta | null, curves: RunCurves | undefined): void {
    const epochs = curves?.epochs ?? [];
    const changed = meta?.id !== this.meta?.id || meta?.bestEpoch !== this.meta?.bestEpoch || epochs.length !== this.epochs.length;
    this.meta = meta;
    this.epochs = epochs;
    if (changed) this.sync();
  }

  receive(message: Explanation): void {
    const key = explainKey(message);
    if (!this.requested || key !== this.requested.key) return; // an answer to a request since superseded
    this.result = message.result;
    if (message.result.status === 'done') {
      this.shown = { report: message.result.report, runId: message.runId };
      if (this.pendingPick) this.resolvePick();
    }
    this.sync();
  }

  /** A click on point `point` of the forecast chart's `points`: explain that validation window. */
  pickForecastPoint(point: number, points: number, times: readonly string[] | null): void {
    this.pendingPick = { point, points, times };
    if (!this.settings.open) this.setOpen(true);
    else if (this.settings.split !== 'validation') this.change({ split: 'validation', index: null });
    this.resolvePick();
    this.element.scrollIntoView({ block: 'start', behavior: this.theme.reduceMotion ? 'auto' : 'smooth' });
  }

  applyTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.norms.applyTheme(theme);
    this.sync();
  }

  private resolvePick(): void {
    const pick = this.pendingPick;
    const report = this.report;
    if (!pick || !report || report.split !== 'validation') return;
    const index = windowOfForecastPoint(pick.point, pick.points, pick.times, report.windowLabels);
    this.pendingPick = null;
    if (index !== null) this.change({ split: 'validation', index });
  }

  private setOpen(open: boolean): void {
    if (!open && this.result?.status === 'computing') this.actions.post({ type: 'cancelExplain' });
    this.openedAt = open ? performance.now() : null;
    if (!open) {
      this.norms.destroy();
      this.pendingPick = null;
    }
    this.requested = open ? this.requested : null;
    this.change({ open });
  }

  private change(change: Partial<ExplainSettings>): void {
    this.settings = { ...this.settings, ...change };
    if (this.meta && ('index' in change || 'split' in change)) this.settings = { ...this.settings, runId: this.meta.id };
    this.actions.save(this.settings);
    this.sync();
  }

  /** The report on screen, if it explains the selected run. */
  private get report(): ExplainReport | null {
    return this.shown && this.shown.runId === this.meta?.id ? this.shown.report : null;
  }

  private step(delta: number): void {
    const labels = this.report?.split === this.settings.split ? this.report.windowLabels : [];
    const current = this.settings.index ?? labels.length - 1;
    const index = Math.min(labels.length - 1, Math.max(0, current + delta));
    if (labels.length > 0 && index !== current) this.change({ index });
  }

  /** Asks for what is wanted (if not asked yet) and shows where things are. */
  private sync(): void {
    const wanted = wantedExplanation(this.settings, this.meta);
    const data = this.element.dataset;
    this.toggle.textContent = this.settings.open ? 'Close the inspector' : 'Open the inspector';
    this.toggle.setAttribute('aria-expanded', String(this.settings.open));
    this.body.hidden = !this.settings.open;
    data.runId = this.meta?.id ?? '';
    if (wanted.state !== 'wanted') {
      data.state = wanted.state;
      this.status.textContent = wanted.state === 'no-run' ? 'No run yet.'
        : wanted.state === 'waiting' ? 'The run has no best weights yet: its first epoch has not ended.' : '';
      this.showControls();
      return;
    }
    const key = explainKey(wanted.target);
    if (key !== this.requested?.key) {
      this.requested = { key, target: wanted.target, at: performance.now() };
      this.result = { status: 'computing' };
      if (this.settings.runId !== wanted.target.runId) {
        this.settings = { ...this.settings, runId: wanted.target.runId, index: wanted.target.index };
        this.actions.save(this.settings);
      }
      this.actions.post(explainRequest(wanted.target));
    }
    this.showResult();
  }

  private showResult(): void {
    const data = this.element.dataset;
    const result = this.result;
    const target = this.requested?.target;
    data.split = target?.split ?? '';
    data.state = result?.status === 'done' ? 'ready' : result?.status ?? 'computing';
    this.maps.element.classList.toggle('stale', result?.status !== 'done');
    if (result?.status === 'computing') {
      const which = target?.index === null ? `the last ${target?.split} window` : `${target?.split} window ${(target?.index ?? 0) + 1}`;
      this.status.textContent = `Explaining ${which}… (seqlab explain, in a background process at low priority)`;
    } else if (result?.status === 'failed') {
      this.status.textContent = `Could not explain this window: ${result.message}`;
    } else if (result?.status === 'cancelled') {
      this.status.textContent = 'Cancelled.';
    } else if (result?.status === 'done') {
      this.status.textContent = reportStatus(result.report, result.seconds, result.cached);
      data.cached = String(result.cached);
      data.seconds = result.seconds.toFixed(3);
      data.bytes = String(result.bytes);
    }
    this.showControls();
    this.requestDraw();
  }

  private showControls(): void {
    const report = this.report;
    const best = this.meta?.bestEpoch ?? null;
    this.controls.show({
      settings: this.settings, report,
      computing: this.result?.status === 'computing' && this.settings.open,
      retryable: this.result?.status === 'cancelled' || this.result?.status === 'failed',
      newerBest: report && best !== null && best > report.run.bestEpoch ? best : null,
    });
  }

  private requestDraw(): void {
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    if (!this.settings.open) return;
    this.norms.show(this.epochs);
    const report = this.report;
    const data = this.element.dataset;
    this.maps.element.hidden = report === null;
    if (!report) return;
    const started = performance.now();
    const maps = this.maps.draw(report, this.settings, this.theme, this.maps.element.clientWidth);
    renderSaturation(this.saturation, report, this.settings.layer);
    this.saturationCaption.textContent = saturationCaption(report);
    const now = performance.now();
    Object.assign(data, {
      index: String(report.index), windowLabel: report.windowLabels[report.index] ?? '', windows: String(report.windowLabels.length),
      layers: String(report.layers.length), maps: String(maps), drawMs: (now - started).toFixed(1),
    });
    if (this.result?.status === 'done' && this.requested) data.requestMs = (now - this.requested.at).toFixed(0);
    // From the click on "Open the inspector" to the maps on screen, once per opening.
    if (this.openedAt !== null && this.result?.status === 'done') {
      data.openMs = (now - this.openedAt).toFixed(0);
      this.openedAt = null;
    }
  }
}

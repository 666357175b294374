import type { Diagnostic } from '../../engine/types';
import { h, replaceChildren } from '../dom';
import type { DiagnosticsResult, RunMeta, WebviewToHost } from '../protocol';
import type { ChartTheme } from '../theme';
import { diagnosticsHeadline, hasEnded, STATUS_MARKS, STATUS_WORDS } from './diagnosticsModel';
import { EvidenceCharts } from './evidenceViews';

// Diagnostics of the selected run once it has ended: leakage, under/overfit, lag trap, collapse, each with
// its verdict, the numbers behind it, its evidence plotted and a one-line fix. The host computes them in a
// background process (shared with the Runs view's markers); the problems found open by themselves.

export class DiagnosticsView {
  readonly element: HTMLElement;
  private readonly headline = h('p', { id: 'diagnostics-headline', role: 'status' });
  private readonly list = h('ul', { class: 'diagnostics', id: 'diagnostics-list' });
  private readonly charts: EvidenceCharts;
  private meta: RunMeta | null = null;
  private readonly results = new Map<string, DiagnosticsResult>();
  /** Runs asked for, by id and the state they were asked in (a resumed run that ends again is asked again). */
  private readonly asked = new Set<string>();
  private drawnKey = '';

  constructor(private theme: ChartTheme, private colour: string, private readonly post: (message: WebviewToHost) => void) {
    this.charts = new EvidenceCharts(theme, colour);
    this.element = h('section', { class: 'diagnostics-section', id: 'diagnostics', 'aria-labelledby': 'diagnostics-heading' },
      h('div', { class: 'section-header' }, h('h2', { id: 'diagnostics-heading' }, 'Diagnostics')),
      h('p', { class: 'view-caption' }, 'The classic mistakes, checked once the run has ended: leakage, underfitting and overfitting, '
        + 'a forecast that only repeats the last value, a collapsed output. Each with its evidence and a one-line fix.'),
      this.headline, this.list);
  }

  setRun(meta: RunMeta | null, colour: string): void {
    this.meta = meta;
    if (colour !== this.colour) {
      this.colour = colour;
      this.drawnKey = '';
    }
    if (meta && hasEnded(meta)) {
      const key = `${meta.id}\n${meta.state}\n${meta.bestEpoch}`;
      if (!this.asked.has(key)) {
        this.asked.add(key);
        this.results.set(meta.id, { status: 'computing' });
        this.post({ type: 'diagnose', runId: meta.id });
      }
    }
    this.draw();
  }

  receive(runId: string, result: DiagnosticsResult): void {
    this.results.set(runId, result);
    if (runId === this.meta?.id) this.draw();
  }

  applyTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.drawnKey = '';
    this.draw();
  }

  private draw(): void {
    const meta = this.meta;
    const result = meta ? this.results.get(meta.id) : undefined;
    const data = this.element.dataset;
    data.runId = meta?.id ?? '';
    const state = !meta ? 'none' : !hasEnded(meta) ? 'running' : result?.status === 'done' ? 'ready' : result?.status ?? 'computing';
    const key = JSON.stringify([meta?.id, state, result?.status === 'done' ? result.diagnostics.length : 0, this.colour, this.theme.background, this.theme.highContrast]);
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    data.state = state;
    this.charts.destroyAll();
    this.charts.set(this.theme, this.colour);
    if (!meta || !hasEnded(meta) || result?.status !== 'done') {
      data.raised = '';
      this.headline.textContent = !meta ? 'No run yet.'
        : !hasEnded(meta) ? 'The diagnostics come once the run has ended.'
          : result?.status === 'failed' ? `Could not diagnose the run: ${result.message}` : 'Diagnosing the run… (in a background process at low priority)';
      replaceChildren(this.list);
      return;
    }
    const diagnostics = result.diagnostics;
    data.raised = diagnostics.filter((d) => d.status === 'raised').map((d) => d.id).join(',');
    this.headline.textContent = diagnosticsHeadline(diagnostics);
    replaceChildren(this.list, ...diagnostics.map((diagnostic) => this.item(diagnostic)));
  }

  private item(diagnostic: Diagnostic): HTMLElement {
    const details = h('details', { open: diagnostic.status === 'raised' },
      h('summary', {},
        h('span', { class: `status-mark ${diagnostic.status}`, 'aria-hidden': 'true' }, STATUS_MARKS[diagnostic.status]),
        h('span', { class: 'diagnostic-title' }, diagnostic.title),
        h('span', { class: 'visually-hidden' }, `: ${STATUS_WORDS[diagnostic.status]}.`),
        h('span', { class: 'diagnostic-summary' }, ` ${diagnostic.summary}`)));
    const body = h('div', { class: 'diagnostic-body' },
      h('p', { class: 'fix' }, h('strong', {}, diagnostic.status === 'raised' ? 'Fix: ' : 'Fix, were it found: '), diagnostic.fix));
    details.append(body);
    // Evidence is built (and its charts drawn) the first time its diagnostic is opened.
    let built = false;
    const build = () => {
      if (built || !details.open) return;
      built = true;
      const rendered = diagnostic.evidence.map((evidence, i) => this.charts.render(evidence, `evidence-${diagnostic.id}-${i}`));
      body.append(...rendered.map((piece) => piece.figure));
      for (const piece of rendered) piece.draw();
    };
    details.addEventListener('toggle', build);
    queueMicrotask(build); // open ones: once the list is in the page
    return h('li', { class: `diagnostic ${diagnostic.status}`, 'data-id': diagnostic.id, 'data-status': diagnostic.status }, details);
  }
}

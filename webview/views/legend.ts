import type { RunMeta } from '../protocol';
import { runLabel } from '../charts/chartOptions';
import { h, keepingFocus, morphChildren, svg } from '../dom';
import type { RunStyle } from '../model/runStyle';
import { stateLabel } from './runStatus';

// The loss chart's legend, in HTML rather than on the canvas, so that it is keyboard reachable and
// readable by screen readers and tests: one entry per run with its line style, change label, state and
// best epoch; clicking an entry shows or hides the run (Stop is in the runs table).
// Each entry carries what it shows as data attributes (`data-run-id`, `data-label`, `data-colour`,
// `data-state`, `data-hidden`, `data-points`, `data-epoch-points`), which the e2e tests read.

export interface LegendRun {
  readonly meta: RunMeta;
  readonly style: RunStyle;
  readonly colour: string;
  readonly hidden: boolean;
  readonly epochsDone: number;
}

export class Legend {
  private readonly entries = new Map<string, HTMLLIElement>();

  constructor(private readonly list: HTMLUListElement, private readonly toggle: (id: string) => void) {
    list.setAttribute('aria-label', 'Runs in the loss chart');
  }

  render(runs: readonly LegendRun[]): void {
    keepingFocus(this.list, () => morphChildren(this.list, runs.map((run) => this.entry(run))));
    this.entries.clear();
    for (const entry of this.list.querySelectorAll<HTMLLIElement>(':scope > li[data-run-id]')) this.entries.set(entry.dataset.runId ?? '', entry);
  }

  /** Updates the point counts of a run's entry (every frame, without rebuilding the legend). */
  setCounts(id: string, points: number, epochPoints: number): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.dataset.points = String(points);
    entry.dataset.epochPoints = String(epochPoints);
  }

  private entry({ meta, style, colour, hidden, epochsDone }: LegendRun): HTMLLIElement {
    const label = runLabel(meta);
    const progress = meta.epochs ? `epoch ${epochsDone}/${meta.epochs}` : epochsDone > 0 ? `epoch ${epochsDone}` : '';
    const details = [stateLabel(meta.state), progress, meta.bestEpoch ? `best epoch ${meta.bestEpoch}` : ''].filter(Boolean).join(' · ');
    const toggle = h('button', {
      type: 'button', class: 'run-toggle', 'aria-pressed': String(!hidden), 'data-focus-key': `toggle:${meta.id}`,
      title: hidden ? `Show ${label} in the charts` : `Hide ${label} from the charts`,
    }, swatch(style, colour), h('span', { class: 'run-label' }, label));
    toggle.addEventListener('click', () => this.toggle(meta.id));
    return h('li', {
      class: hidden ? 'run hidden' : 'run',
      'data-run-id': meta.id, 'data-run-index': meta.index, 'data-label': label, 'data-colour': colour, 'data-state': meta.state,
      'data-hidden': String(hidden), 'data-points': 0, 'data-epoch-points': 0,
    }, toggle, h('span', { class: 'run-details', title: meta.message ?? undefined }, details));
  }
}

/** A short sample of the run's validation line: its colour, dash pattern and epoch marker. */
export function swatch(style: RunStyle, colour: string): SVGSVGElement {
  const marker = style.marker === 'circle' ? svg('circle', { cx: 14, cy: 6, r: 3 })
    : style.marker === 'rect' ? svg('rect', { x: 11, y: 3, width: 6, height: 6 })
      : style.marker === 'triangle' ? svg('polygon', { points: '14,2 18,9 10,9' })
        : svg('polygon', { points: '14,2 18,6 14,10 10,6' });
  marker.setAttribute('fill', colour);
  return svg('svg', { class: 'swatch', width: 28, height: 12, viewBox: '0 0 28 12', 'aria-hidden': 'true' },
    svg('line', { x1: 0, y1: 6, x2: 28, y2: 6, stroke: colour, 'stroke-width': 2, 'stroke-dasharray': style.validationDash.join(' ') || null }),
    marker);
}

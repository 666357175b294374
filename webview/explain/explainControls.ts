import type { ExplainReport, ExplainSplit } from '../../engine/types';
import { h, morphChildren } from '../dom';
import type { AttributionMethod, ColourRange, ExplainSettings } from './explainSettings';
import { METHOD_LABELS } from './explainText';
import type { SortScope, UnitSort } from './unitOrder';

// The Explain view's toolbar: which split and window, which layer, how units are ordered, which
// attribution; Cancel while a window is computed, Explain again after a cancel or failure, and Refresh
// when the run has found a better epoch since. Native labelled controls, reachable by keyboard.

export interface ControlActions {
  change(settings: Partial<ExplainSettings>): void;
  step(delta: number): void;
  cancel(): void;
  retry(): void;
}

export interface ControlsState {
  readonly settings: ExplainSettings;
  readonly report: ExplainReport | null;
  readonly computing: boolean;
  readonly retryable: boolean;
  /** The run's best epoch when newer than the report's, else null. */
  readonly newerBest: number | null;
}

const SORT_LABELS: Readonly<Record<UnitSort, string>> = { index: 'unit number', variance: 'variance', saturation: 'saturation' };

export class ExplainControls {
  readonly element: HTMLElement;
  private readonly split = h('select', { id: 'explain-split' });
  private readonly window = h('select', { id: 'explain-window' });
  private readonly previous = h('button', { type: 'button', id: 'explain-previous', title: 'The window before' }, '◀');
  private readonly next = h('button', { type: 'button', id: 'explain-next', title: 'The window after' }, '▶');
  private readonly layer = h('select', { id: 'explain-layer' });
  private readonly sort = h('select', { id: 'explain-sort' });
  private readonly scope = h('select', { id: 'explain-scope' });
  private readonly method = h('select', { id: 'explain-method' });
  private readonly range = h('select', { id: 'explain-range' });
  private readonly cancel = h('button', { type: 'button', id: 'explain-cancel' }, 'Cancel');
  private readonly retry = h('button', { type: 'button', id: 'explain-retry' }, 'Explain again');
  private readonly refresh = h('button', { type: 'button', id: 'explain-refresh' }, 'Refresh');

  constructor(actions: ControlActions) {
    this.previous.setAttribute('aria-label', 'Previous window');
    this.next.setAttribute('aria-label', 'Next window');
    morphChildren(this.split, [h('option', { value: 'validation' }, 'validation'), h('option', { value: 'test' }, 'test')]);
    morphChildren(this.sort, (Object.keys(SORT_LABELS) as UnitSort[]).map((key) => h('option', { value: key }, SORT_LABELS[key])));
    morphChildren(this.method, (Object.keys(METHOD_LABELS) as AttributionMethod[]).map((key) => h('option', { value: key }, METHOD_LABELS[key])));
    morphChildren(this.range, [h('option', { value: 'full' }, 'whole range'), h('option', { value: 'stretched' }, 'stretched to the values')]);
    this.range.addEventListener('change', () => actions.change({ range: this.range.value as ColourRange }));
    this.split.addEventListener('change', () => actions.change({ split: this.split.value as ExplainSplit, index: null }));
    this.window.addEventListener('change', () => actions.change({ index: Number(this.window.value) }));
    this.previous.addEventListener('click', () => actions.step(-1));
    this.next.addEventListener('click', () => actions.step(1));
    this.layer.addEventListener('change', () => actions.change({ layer: Number(this.layer.value) }));
    this.sort.addEventListener('change', () => actions.change({ sort: this.sort.value as UnitSort }));
    this.scope.addEventListener('change', () => actions.change({ scope: this.scope.value as SortScope }));
    this.method.addEventListener('change', () => actions.change({ method: this.method.value as AttributionMethod }));
    this.cancel.addEventListener('click', () => actions.cancel());
    this.retry.addEventListener('click', () => actions.retry());
    this.refresh.addEventListener('click', () => actions.retry());
    const labelled = (text: string, control: HTMLElement) => [h('label', { class: 'control', for: control.id }, text), control];
    this.element = h('div', { class: 'toolbar', id: 'explain-controls', role: 'toolbar', 'aria-label': 'Explain' },
      ...labelled('Split', this.split),
      ...labelled('Window', this.window), this.previous, this.next,
      ...labelled('Layer', this.layer),
      ...labelled('Order units by', this.sort), ...labelled('of', this.scope),
      ...labelled('Colours', this.range),
      ...labelled('Attribution', this.method),
      h('span', { class: 'spacer' }), this.cancel, this.retry, this.refresh);
  }

  show({ settings, report, computing, retryable, newerBest }: ControlsState): void {
    this.split.value = settings.split;
    const labels = report && report.split === settings.split ? report.windowLabels : [];
    const current = settings.index ?? (labels.length > 0 ? labels.length - 1 : -1);
    // Morphed: an open dropdown stays open while the view updates.
    morphChildren(this.window, labels.length > 0
      ? labels.map((label, i) => h('option', { value: i, selected: i === current }, `${i + 1}: ${label}`))
      : [h('option', { value: '', selected: true }, `the last ${settings.split} window`)]);
    if (labels.length > 0) this.window.value = String(current);
    this.window.disabled = labels.length === 0;
    this.previous.disabled = labels.length === 0 || current <= 0;
    this.next.disabled = labels.length === 0 || current >= labels.length - 1;
    const layers = report?.layers ?? [];
    morphChildren(this.layer, layers.length > 0
      ? layers.map((layer) => h('option', { value: layer.layer }, `${layer.layer + 1} of ${layers.length}`))
      : [h('option', { value: 0 }, '1')]);
    this.layer.value = String(Math.min(settings.layer, Math.max(0, layers.length - 1)));
    this.layer.disabled = layers.length < 2;
    this.sort.value = settings.sort;
    const blocks = report?.layers[0]?.blocks ?? [];
    morphChildren(this.scope, [h('option', { value: 'each' }, 'each map'),
      ...blocks.map((block) => h('option', { value: block.key }, block.label))]);
    this.scope.value = blocks.some((block) => block.key === settings.scope) ? settings.scope : 'each';
    this.scope.disabled = settings.sort === 'index';
    this.method.value = settings.method;
    this.range.value = settings.range;
    this.cancel.hidden = !computing;
    this.retry.hidden = computing || !retryable;
    this.refresh.hidden = computing || newerBest === null;
    this.refresh.textContent = newerBest === null ? 'Refresh' : `Refresh (best epoch is now ${newerBest})`;
  }
}

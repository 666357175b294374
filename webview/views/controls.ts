import { h } from '../dom';
import { MAX_SMOOTHING } from '../model/smoothing';

// The loss chart's toolbar: log scale, smoothing, reset zoom, and the two exports. Native, labelled
// form controls: keyboard reachable and announced by screen readers as they are.

export interface ControlActions {
  setLogScale(on: boolean): void;
  setSmoothing(weight: number): void;
  resetZoom(): void;
  exportPng(): void;
  exportCsv(): void;
}

export class Controls {
  readonly element: HTMLDivElement;
  private readonly logScale: HTMLInputElement;
  private readonly smoothing: HTMLInputElement;
  private readonly smoothingValue: HTMLOutputElement;
  private readonly resetZoom: HTMLButtonElement;
  private readonly exportCsv: HTMLButtonElement;
  private readonly exportPng: HTMLButtonElement;

  constructor(actions: ControlActions) {
    this.logScale = h('input', { type: 'checkbox', id: 'log-scale' });
    this.logScale.addEventListener('change', () => actions.setLogScale(this.logScale.checked));
    this.smoothing = h('input', {
      type: 'range', id: 'smoothing', min: 0, max: MAX_SMOOTHING, step: 0.01,
      'aria-describedby': 'smoothing-help',
    });
    this.smoothingValue = h('output', { id: 'smoothing-value', for: 'smoothing' });
    this.smoothing.addEventListener('input', () => {
      const weight = Number(this.smoothing.value);
      this.showSmoothing(weight);
      actions.setSmoothing(weight);
    });
    this.resetZoom = h('button', {
      type: 'button', id: 'reset-zoom',
      title: 'Zoom: drag across the chart, or Ctrl+wheel. Pan: Shift+drag, or ← → on the focused chart. Reset: double-click or 0.',
    }, 'Reset zoom');
    this.resetZoom.addEventListener('click', () => actions.resetZoom());
    this.exportPng = h('button', { type: 'button', id: 'export-png', title: 'Save the loss chart as a PNG image' }, 'Export PNG…');
    this.exportPng.addEventListener('click', () => actions.exportPng());
    this.exportCsv = h('button', { type: 'button', id: 'export-csv', title: "Save every run's per-epoch metrics as one CSV file" }, 'Export CSV…');
    this.exportCsv.addEventListener('click', () => actions.exportCsv());
    this.element = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Loss chart' },
      h('label', { class: 'control' }, this.logScale, 'Log scale'),
      h('label', { class: 'control', for: 'smoothing' }, 'Smoothing'),
      this.smoothing,
      this.smoothingValue,
      h('span', { id: 'smoothing-help', class: 'visually-hidden' }, 'Exponential moving average of the per-batch loss; 0 is off.'),
      this.resetZoom,
      h('span', { class: 'spacer' }),
      this.exportPng,
      this.exportCsv,
    );
  }

  show(settings: { logScale: boolean; smoothing: number; zoomed: boolean; hasEpochs: boolean; hasRuns: boolean }): void {
    this.logScale.checked = settings.logScale;
    this.smoothing.value = String(settings.smoothing);
    this.showSmoothing(settings.smoothing);
    this.resetZoom.disabled = !settings.zoomed;
    this.exportPng.disabled = !settings.hasRuns;
    this.exportCsv.disabled = !settings.hasEpochs;
  }

  private showSmoothing(weight: number): void {
    this.smoothingValue.value = weight === 0 ? 'off' : weight.toFixed(2);
  }
}

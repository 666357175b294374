import { runLabel } from '../charts/chartOptions';
import { h, morphChildren, replaceChildren } from '../dom';
import type { RunCurves } from '../model/seriesStore';
import type { RunMeta } from '../protocol';
import type { ChartTheme } from '../theme';
import { ClassifyView } from './classifyView';
import { ForecastView } from './forecastView';
import { TextView } from './textView';

// "What the model does", for one run at a time (the newest unless the user picks another): the
// forecast, classification or text view of the run's latest sample event.

export interface ModelViewActions {
  select(id: string | null): void;
  setForecastTarget(index: number): void;
}

export class ModelView {
  readonly element: HTMLElement;
  private readonly select = h('select', { id: 'run-select' });
  private readonly body = h('div', { class: 'model-body', id: 'model-body' });
  private readonly forecast: ForecastView;
  private readonly classify = new ClassifyView();
  private readonly text = new TextView();
  private shown: HTMLElement | null = null;

  constructor(theme: ChartTheme, actions: ModelViewActions) {
    this.forecast = new ForecastView(theme, (index) => actions.setForecastTarget(index));
    this.select.addEventListener('change', () => actions.select(this.select.value || null));
    this.element = h('section', { class: 'model', 'aria-labelledby': 'model-heading' },
      h('div', { class: 'section-header' },
        h('h2', { id: 'model-heading' }, 'What the model does'),
        h('label', { class: 'control', for: 'run-select' }, 'Run '), this.select),
      this.body);
  }

  /** Lists the runs (newest first) with `selected` chosen; an empty choice follows the newest run. */
  setRuns(metas: readonly RunMeta[], selected: string | null): void {
    const newestFirst = [...metas].sort((a, b) => b.index - a.index);
    // Morphed, not rebuilt: an open dropdown stays open while runs update.
    morphChildren(this.select, [
      h('option', { value: '', selected: selected === null }, 'newest run'),
      ...newestFirst.map((meta) => h('option', { value: meta.id, selected: meta.id === selected }, runLabel(meta)))]);
    this.select.value = selected ?? '';
  }

  show(meta: RunMeta | null, curves: RunCurves | undefined, colour: string, forecastTarget: number): void {
    const event = curves?.samples[curves.samples.length - 1];
    this.element.dataset.runId = meta?.id ?? '';
    this.element.dataset.task = event?.sample.task ?? '';
    if (!meta || !curves || !event) {
      this.setBody(h('p', { class: 'empty' }, meta
        ? 'No sample yet: the model shows what it does after its first epoch.'
        : 'No run yet.'));
      return;
    }
    const epochs = curves.epochs;
    switch (event.sample.task) {
      case 'forecast':
        this.setBody(this.forecast.element);
        this.forecast.show({ meta, sample: event.sample, epochs, epoch: event.epoch, colour, target: forecastTarget });
        return;
      case 'classify':
        this.setBody(this.classify.element);
        this.classify.show({ meta, sample: event.sample, epochs, epoch: event.epoch, colour });
        return;
      case 'text':
        this.setBody(this.text.element);
        this.text.show(meta, curves.samples, epochs);
        return;
    }
  }

  applyTheme(theme: ChartTheme): void {
    this.forecast.applyTheme(theme);
  }

  private setBody(element: HTMLElement): void {
    if (this.shown === element) return;
    if (this.shown === this.forecast.element) this.forecast.destroy();
    this.shown = element;
    replaceChildren(this.body, element);
  }
}

import { h, replaceChildren } from '../dom';
import type { ClassifyMetrics, ClassifySample, EpochEvent } from '../model/engineEvents';
import { baselineLabel, formatMetric, type MetricName } from '../model/format';
import { withAlpha } from '../model/runStyle';
import type { RunMeta } from '../protocol';

// Classification runs: the validation confusion matrix of the sample's epoch (counts, and each row's
// share shaded and printed), accuracy and macro-F1 against the majority-class baseline, and the
// sampled windows with their true and predicted class and the top probabilities.

export interface ClassifyInput {
  readonly meta: RunMeta;
  readonly sample: ClassifySample;
  readonly epochs: readonly EpochEvent[];
  readonly epoch: number;
  readonly colour: string;
}

export class ClassifyView {
  readonly element: HTMLElement;
  private readonly summary = h('p', { class: 'view-caption', id: 'classify-summary' });
  private readonly matrix = h('table', { id: 'confusion-matrix', class: 'confusion' });
  private readonly windows = h('table', { id: 'classify-windows', class: 'compact' });

  constructor() {
    this.element = h('div', { class: 'classify' }, this.summary, h('div', { class: 'scroll-x' }, this.matrix), this.windows);
  }

  show({ meta, sample, epochs, epoch, colour }: ClassifyInput): void {
    const event = epochs.find((candidate) => candidate.epoch === epoch) ?? epochs[epochs.length - 1];
    const metrics = event?.val as ClassifyMetrics | undefined;
    const majority = meta.baselines.majority as ClassifyMetrics | undefined;
    const versus = (metric: MetricName & keyof ClassifyMetrics): string => {
      const model = metrics?.[metric] as number | undefined;
      const baseline = majority?.[metric] as number | undefined;
      const mark = model !== undefined && baseline !== undefined ? (model > baseline ? ' ✓' : ' (not better)') : '';
      return `${metric === 'accuracy' ? 'accuracy' : 'macro-F1'} ${formatMetric(metric, model)}${mark}`
        + (baseline !== undefined ? ` against ${baselineLabel('majority')} ${formatMetric(metric, baseline)}` : '');
    };
    this.summary.textContent = `Validation after epoch ${event?.epoch ?? epoch}: ${versus('accuracy')}; ${versus('macroF1')}.`;
    this.showMatrix(sample.classes, metrics?.confusion ?? [], colour, event?.epoch ?? epoch);
    this.showWindows(sample);
  }

  private showMatrix(classes: readonly string[], confusion: readonly (readonly number[])[], colour: string, epoch: number): void {
    const name = (i: number): string => classes[i] ?? String(i);
    const rows = confusion.map((row, truth) => {
      const total = row.reduce((sum, count) => sum + count, 0);
      return h('tr', {}, h('th', { scope: 'row' }, name(truth)), ...row.map((count, predicted) => {
        const share = total > 0 ? count / total : 0;
        const cell = h('td', {
          class: truth === predicted ? 'number diagonal' : 'number', 'data-count': count, 'data-share': share.toFixed(4),
          title: `true ${name(truth)}, predicted ${name(predicted)}: ${count} of ${total}`,
        }, h('span', { class: 'count' }, count), h('span', { class: 'share' }, `${Math.round(100 * share)} %`));
        cell.style.backgroundColor = withAlpha(colour, 0.08 + 0.6 * share);
        return cell;
      }));
    });
    replaceChildren(this.matrix,
      h('caption', {}, `Confusion matrix, validation, epoch ${epoch}: rows are the true class, columns the predicted one; each cell has the count and its share of the row`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'true ↓ predicted →'), ...classes.map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, ...rows));
  }

  private showWindows(sample: ClassifySample): void {
    const name = (i: number): string => sample.classes[i] ?? String(i);
    const rows = sample.windows.map((window, i) => {
      const top = window.probabilities.map((p, k) => ({ k, p })).sort((a, b) => b.p - a.p).slice(0, 3);
      const right = window.truth === window.predicted;
      return h('tr', { class: right ? 'correct' : 'wrong' },
        h('td', { class: 'number' }, i + 1),
        h('td', {}, name(window.truth)),
        h('td', {}, name(window.predicted), right ? ' ✓' : ' ✗'),
        h('td', {}, top.map(({ k, p }) => `${name(k)} ${(100 * p).toFixed(0)} %`).join(', ')));
    });
    replaceChildren(this.windows,
      h('caption', {}, 'Sampled validation windows'),
      h('thead', {}, h('tr', {}, ...['#', 'true', 'predicted', 'probabilities'].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, ...rows));
  }
}

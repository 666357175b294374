import { h, morphChildren } from '../dom';
import type { EpochEvent, SampleEvent, TextMetrics, TextSample } from '../model/engineEvents';
import { baselineLabel, formatNumber } from '../model/format';
import type { RunMeta } from '../protocol';

// Text runs: every epoch's generated sample, newest first, in a monospace block with its prompt and
// temperature; above them, validation bits per character against the unigram baseline.

export class TextView {
  readonly element: HTMLElement;
  private readonly summary = h('p', { class: 'view-caption', id: 'text-summary' });
  private readonly samples = h('ol', { class: 'text-samples', id: 'text-samples', reversed: true });

  constructor() {
    this.element = h('div', { class: 'text' }, this.summary, this.samples);
  }

  show(meta: RunMeta, samples: readonly SampleEvent[], epochs: readonly EpochEvent[]): void {
    const latest = epochs[epochs.length - 1];
    const bits = (latest?.val as TextMetrics | undefined)?.bitsPerChar;
    const unigram = (meta.baselines.unigram as TextMetrics | undefined)?.bitsPerChar;
    const verdict = bits !== undefined && unigram !== undefined ? (bits < unigram ? ' ✓' : ' (not better)') : '';
    this.summary.textContent = bits === undefined
      ? 'No epoch finished yet.'
      : `Validation after epoch ${latest.epoch}: ${formatNumber(bits)} bits per character${verdict}`
        + (unigram !== undefined ? ` against ${baselineLabel('unigram')} ${formatNumber(unigram)}` : '') + '.';
    const items = [...samples].reverse().flatMap((event) => {
      if (event.sample.task !== 'text') return [];
      const sample: TextSample = event.sample;
      return [h('li', { 'data-epoch': event.epoch },
        h('p', { class: 'sample-meta' }, `epoch ${event.epoch} · temperature ${sample.temperature}`),
        h('pre', { class: 'generated' }, h('span', { class: 'prompt' }, sample.prompt), sample.text))];
    });
    // Morphed: a sample the user scrolled keeps its place when the next epoch's sample arrives on top.
    morphChildren(this.samples, items, 'data-epoch');
  }
}

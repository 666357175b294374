import type { ExplainReport } from '../../engine/types';
import { h, replaceChildren } from '../dom';
import { percent } from './explainText';

// Per gate of the chosen layer: the share of saturated values in the explained window and over many
// windows of its split. A gate pinned at 0 or 1 passes no gradient: half or more is marked.

const MARKED = 0.5;

/** The words above the table. */
export function saturationCaption(report: ExplainReport): string {
  return `Share of each gate's values below 0.05 or above 0.95 (the candidate, a tanh: beyond ±0.95), in this window and over `
    + `${report.saturation.windows} ${report.split} windows. A gate pinned at 0 or 1 passes no gradient; half or more is marked.`;
}

export function renderSaturation(table: HTMLTableElement, report: ExplainReport, layerIndex: number): void {
  const layer = report.layers[Math.min(layerIndex, report.layers.length - 1)];
  if (!layer) {
    replaceChildren(table);
    return;
  }
  const gates = report.saturation.gates.filter((gate) => gate.layer === layer.layer);
  const cell = (share: number | undefined) => h('td', { class: share !== undefined && share >= MARKED ? 'number flagged' : 'number' }, share === undefined ? '–' : percent(share));
  replaceChildren(table,
    h('caption', {}, `Share of saturated values, layer ${layer.layer + 1}`),
    h('thead', {},
      h('tr', {}, h('th', { scope: 'col', rowspan: 2 }, 'gate'), h('th', { scope: 'colgroup', colspan: 2 }, 'this window'),
        h('th', { scope: 'colgroup', colspan: 2 }, `${report.saturation.windows} windows`)),
      h('tr', {}, ...['low', 'high', 'low', 'high'].map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, ...gates.map((gate) => {
      const block = layer.blocks.find((candidate) => candidate.key === gate.key);
      return h('tr', { 'data-gate': gate.key, 'data-low': gate.low, 'data-high': gate.high },
        h('th', { scope: 'row' }, gate.label), cell(block?.saturation?.low), cell(block?.saturation?.high), cell(gate.low), cell(gate.high));
    })));
}

import { h } from './dom';

// The panel's page: extension/panel/panelHtml.ts serves the header (config name, path, status line)
// and a <main>, and the script lays out the rest here, so the page's structure lives beside the code
// that fills it.

export interface PanelLayout {
  readonly name: HTMLElement;
  readonly path: HTMLElement;
  readonly status: HTMLElement;
  readonly main: HTMLElement;
  readonly lossSection: HTMLElement;
  readonly lossBox: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  readonly legend: HTMLUListElement;
  readonly table: HTMLTableElement;
  readonly tableSection: HTMLElement;
}

/** The first of `ids` on the page (the header's ids changed once), or a new element in the header. */
function headerElement(ids: readonly string[], tag: 'h1' | 'p', header: HTMLElement): HTMLElement {
  for (const id of ids) {
    const found = document.getElementById(id);
    if (found) return found;
  }
  const created = h(tag, { id: ids[0] });
  header.append(created);
  return created;
}

export function buildLayout(): PanelLayout {
  const header = document.querySelector('header') ?? document.body.insertBefore(h('header'), document.body.firstChild);
  const name = headerElement(['config-name', 'data-file'], 'h1', header);
  const path = headerElement(['config-path', 'data-path'], 'p', header);
  path.classList.add('config-path');
  const status = headerElement(['status'], 'p', header);
  status.setAttribute('role', 'status');

  const main = document.querySelector('main') ?? document.body.appendChild(h('main'));
  main.className = 'panel';
  const canvas = h('canvas', {
    id: 'loss-chart', tabindex: 0, role: 'img',
    'aria-label': 'Loss of every run against the optimiser step: per batch (faint), and per epoch for training (dashed) and validation (solid). '
      + 'Drag to zoom, Shift+drag to pan; keys: + and − zoom, arrows pan, 0 resets.',
  });
  const lossBox = h('div', { class: 'chart loss-chart', id: 'loss-chart-box' }, canvas);
  const legend = h('ul', { class: 'legend', id: 'legend' });
  const lossSection = h('section', { class: 'loss', 'aria-labelledby': 'loss-heading' },
    h('div', { class: 'section-header' }, h('h2', { id: 'loss-heading' }, 'Loss')), lossBox, legend);
  const table = h('table', { id: 'metrics-table', class: 'metrics' });
  const tableSection = h('section', { class: 'runs', 'aria-labelledby': 'runs-heading' },
    h('div', { class: 'section-header' }, h('h2', { id: 'runs-heading' }, 'Runs')),
    h('p', { class: 'view-caption', id: 'runs-help' },
      'Validation metrics of the best epoch so far, test metrics once a run ends, each beside the better baseline (✓ marks the better of the two).'),
    h('div', { class: 'scroll-x' }, table));
  main.replaceChildren(lossSection, tableSection);
  return { name, path, status, main, lossSection, lossBox, canvas, legend, table, tableSection };
}

import { h, replaceChildren } from '../dom';
import { formatValue } from './grid';
import { barGeometry } from './bars';

// A list of labelled horizontal bars (HTML, not canvas: readable by screen readers, selectable, themed by
// the style sheet). Each bar's place and width go through the CSSOM.

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** A class for the bar: 'flagged' (the evidence against), 'reference' (what it is compared with), or none. */
  readonly role?: 'flagged' | 'reference' | 'normal';
  /** Shown instead of the number (e.g. with its unit). */
  readonly text?: string;
}

/** The maps' colours for positive and negative values (the theme's, made opaque: some themes give them with alpha). */
export interface BarColours {
  readonly positive: string;
  readonly negative: string;
}

export function renderBars(list: HTMLUListElement, bars: readonly Bar[], colours: BarColours): void {
  const geometry = barGeometry(bars.map((bar) => bar.value));
  replaceChildren(list, ...bars.map((bar, i) => {
    const fill = h('span', { class: `bar ${geometry[i].negative ? 'negative' : 'positive'} ${bar.role ?? 'normal'}` });
    fill.style.left = `${geometry[i].left}%`;
    fill.style.width = `${geometry[i].width}%`;
    // Flagged and reference bars take their colours from the style sheet (warning, muted).
    if ((bar.role ?? 'normal') === 'normal') fill.style.backgroundColor = geometry[i].negative ? colours.negative : colours.positive;
    return h('li', { 'data-label': bar.label, 'data-value': bar.value, 'data-role': bar.role ?? 'normal' },
      h('span', { class: 'bar-label', title: bar.label }, bar.label),
      h('span', { class: 'bar-track' }, fill),
      h('span', { class: 'bar-value' }, bar.text ?? signed(bar.value)));
  }));
}

function signed(value: number): string {
  return value > 0 ? `+${formatValue(value)}` : formatValue(value);
}

import { h } from '../dom';
import type { MapReadout } from './heatmapCanvas';

// The readout the Explain view's maps share: a tip beside the cell under the pointer (or the keyboard's
// cursor), and the same words in a polite live region for screen readers. Positioned through the CSSOM
// (the CSP forbids style attributes, not `element.style`).

export class FloatingReadout implements MapReadout {
  readonly tip = h('div', { class: 'map-tip', 'aria-hidden': 'true', hidden: true });
  readonly live = h('p', { id: 'explain-readout', class: 'visually-hidden', 'aria-live': 'polite' });

  /** `container` is the maps' positioned box (the tip's offset parent). */
  constructor(private readonly container: HTMLElement) {
    container.append(this.tip, this.live);
  }

  show(text: string, canvas: HTMLCanvasElement, x: number, y: number): void {
    this.live.textContent = text;
    this.tip.textContent = text;
    this.tip.hidden = false;
    const box = this.container.getBoundingClientRect();
    const at = canvas.getBoundingClientRect();
    const width = this.tip.offsetWidth;
    const left = Math.max(0, Math.min(at.left - box.left + x + 12, box.width - width - 4));
    this.tip.style.left = `${left}px`;
    this.tip.style.top = `${at.top - box.top + y + 8}px`;
  }

  hide(): void {
    this.tip.hidden = true;
  }
}

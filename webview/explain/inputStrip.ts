import type { ExplainInput } from '../../engine/types';
import { h } from '../dom';
import type { ChartTheme } from '../theme';
import { cellReadout, formatValue, rowExtents } from './grid';
import { clip, type MapReadout } from './heatmapCanvas';
import { rowAt, stepAt, stepCentre, type TimeAxis } from './timeAxis';

// The explained sequence, drawn above the maps on their time axis: each input feature as a line in a band
// of its own (scaled to its own range, in original units), or a text model's characters one per column.
// Hover or the arrow keys read a step's values. (More features than fit as lines are drawn as a map
// instead: see explainMaps.ts.)

/** Features drawn as lines at most; more become a map. */
export const MAX_LINE_FEATURES = 6;
const BAND = 34;
const TOKEN_ROW = 24;

export class InputStrip {
  readonly canvas: HTMLCanvasElement;
  private input: ExplainInput | null = null;
  private axis: TimeAxis | null = null;
  private theme: ChartTheme | null = null;
  private cursor: number | null = null;

  constructor(private readonly readout: MapReadout) {
    this.canvas = h('canvas', { id: 'explain-input', class: 'heatmap input-strip', tabindex: 0, role: 'img' });
    this.canvas.addEventListener('mousemove', (event) => this.hover(event.offsetX, event.offsetY));
    this.canvas.addEventListener('mouseleave', () => this.leave());
    this.canvas.addEventListener('blur', () => this.leave());
    this.canvas.addEventListener('keydown', (event) => {
      const move = event.key === 'ArrowLeft' ? -1 : event.key === 'ArrowRight' ? 1 : 0;
      if (!move || !this.input) return;
      event.preventDefault();
      this.moveTo(this.cursor === null ? this.input.steps - 1 : Math.min(this.input.steps - 1, Math.max(0, this.cursor + move)));
    });
  }

  draw(input: ExplainInput, axis: TimeAxis, theme: ChartTheme): void {
    this.input = input;
    this.axis = axis;
    this.theme = theme;
    const data = this.canvas.dataset;
    data.map = 'input';
    data.kind = input.kind;
    data.steps = String(input.steps);
    data.features = input.features.join('\n');
    if (input.kind === 'tokens') data.tokens = input.tokens.join('');
    else delete data.tokens;
    const what = input.kind === 'tokens' ? `the ${input.steps} characters of the window` : `${input.features.join(', ')} over ${input.steps} steps`;
    this.canvas.setAttribute('aria-label', `Input: ${what}. Arrow keys read one step at a time.`);
    this.paint();
  }

  private get height(): number {
    if (!this.input) return 0;
    return this.input.kind === 'tokens' ? TOKEN_ROW : BAND * Math.min(this.input.features.length, MAX_LINE_FEATURES);
  }

  private paint(): void {
    const { input, axis, theme } = this;
    if (!input || !axis || !theme) return;
    const ratio = window.devicePixelRatio || 1;
    const width = axis.left + axis.width + 8;
    const height = this.height;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const context = this.canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.fillStyle = theme.background;
    context.fillRect(0, 0, width, height);
    const font = Math.min(theme.fontSize, 12);
    if (this.cursor !== null) {
      context.fillStyle = theme.gridLines;
      context.fillRect(axis.left + this.cursor * axis.column, 0, Math.max(axis.column, 1), height);
    }
    if (input.kind === 'tokens') {
      const size = Math.max(7, Math.min(font + 1, axis.column * 1.5));
      context.font = `${size}px ${theme.fontFamily.includes('mono') ? theme.fontFamily : 'monospace'}`;
      context.textAlign = 'center';
      context.textBaseline = 'middle';
      context.fillStyle = theme.foreground;
      input.tokens.forEach((token, t) => context.fillText(visibleToken(token), stepCentre(axis, t), TOKEN_ROW / 2));
      context.font = `${font}px ${theme.fontFamily}`;
      context.textAlign = 'right';
      context.fillText('text', axis.left - 6, TOKEN_ROW / 2);
      return;
    }
    const ranges = rowExtents(input.values);
    context.lineWidth = theme.highContrast ? 2 : 1.5;
    context.font = `${font}px ${theme.fontFamily}`;
    input.features.slice(0, MAX_LINE_FEATURES).forEach((feature, f) => {
      const top = f * BAND + 4;
      const span = BAND - 8;
      const { min, max } = ranges[f];
      const y = (value: number) => top + span - (max > min ? ((value - min) / (max - min)) * span : span / 2);
      context.strokeStyle = theme.gridLines;
      context.beginPath();
      context.moveTo(axis.left, top + span + 3.5);
      context.lineTo(axis.left + axis.width, top + span + 3.5);
      context.stroke();
      context.strokeStyle = theme.palette[f % theme.palette.length] ?? theme.foreground;
      context.beginPath();
      for (let t = 0; t < input.steps; t++) {
        const value = input.values.data[f * input.steps + t];
        if (t === 0) context.moveTo(stepCentre(axis, t), y(value));
        else context.lineTo(stepCentre(axis, t), y(value));
      }
      context.stroke();
      context.fillStyle = theme.foreground;
      context.textAlign = 'right';
      context.textBaseline = 'middle';
      context.fillText(clip(context, feature, axis.left - 10), axis.left - 6, top + span / 2 - 6);
      context.fillStyle = theme.muted;
      context.fillText(clip(context, `${formatValue(min)}–${formatValue(max)}`, axis.left - 10), axis.left - 6, top + span / 2 + 7);
    });
  }

  private hover(x: number, y: number): void {
    if (!this.axis) return;
    const step = stepAt(this.axis, x);
    if (step === null || rowAt(this.height, 1, y) === null) return this.leave();
    this.moveTo(step);
  }

  private moveTo(step: number): void {
    const { input, axis } = this;
    if (!input || !axis) return;
    if (this.cursor !== step) {
      this.cursor = step;
      this.paint();
    }
    const text = input.kind === 'tokens'
      ? cellReadout({ map: 'input', rowName: 'character', step, time: null, token: input.tokens[step], value: Number.NaN }).replace(/ · NaN$/, '')
      : input.features.map((feature, f) => `${feature} ${formatValue(input.values.data[f * input.steps + step])}`)
        .join(' · ').replace(/^/, `input · step ${step + 1}${input.times ? ` (${input.times[step]})` : ''} · `);
    this.readout.show(text, this.canvas, axis.left + (step + 1) * axis.column, this.height / 2);
  }

  private leave(): void {
    if (this.cursor === null) return;
    this.cursor = null;
    this.paint();
    this.readout.hide();
  }
}

/** A character as the strip shows it: spaces and line breaks made visible. */
export function visibleToken(token: string): string {
  if (token === ' ') return '·';
  if (token === '\n') return '⏎';
  if (token === '\t') return '⇥';
  return token.length > 2 ? `${token.slice(0, 1)}…` : token;
}

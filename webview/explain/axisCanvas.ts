import { h } from '../dom';
import type { ChartTheme } from '../theme';
import { labelledSteps, stepCentre, type TimeAxis } from './timeAxis';

// The time axis under the input and under the maps: a tick at every labelled step (times where the data
// has them, else step numbers), spaced so that labels never overlap.

const HEIGHT = 20;

export class AxisCanvas {
  readonly canvas: HTMLCanvasElement;

  constructor(id: string) {
    this.canvas = h('canvas', { id, class: 'time-axis', 'aria-hidden': 'true' });
  }

  draw(axis: TimeAxis, label: (step: number) => string, title: string, theme: ChartTheme): void {
    const ratio = window.devicePixelRatio || 1;
    const width = axis.left + axis.width + 8;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(HEIGHT * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${HEIGHT}px`;
    const context = this.canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.fillStyle = theme.background;
    context.fillRect(0, 0, width, HEIGHT);
    context.font = `${Math.min(theme.fontSize, 11)}px ${theme.fontFamily}`;
    context.textBaseline = 'top';
    const widest = Math.max(context.measureText(label(0)).width, context.measureText(label(axis.steps - 1)).width);
    context.strokeStyle = theme.gridLines;
    context.fillStyle = theme.foreground;
    for (const step of labelledSteps(axis, widest)) {
      const x = stepCentre(axis, step);
      context.beginPath();
      context.moveTo(x, 0);
      context.lineTo(x, 4);
      context.stroke();
      context.textAlign = step === axis.steps - 1 ? 'right' : 'center';
      context.fillText(label(step), step === axis.steps - 1 ? Math.min(x + axis.column / 2, axis.left + axis.width) : x, 6);
    }
    context.textAlign = 'right';
    context.fillStyle = theme.muted;
    context.fillText(title, axis.left - 6, 6);
  }
}

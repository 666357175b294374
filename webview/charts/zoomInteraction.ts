import type { Chart } from 'chart.js';
import type { XRange } from '../model/decimation';
import { brushRange, panBy, zoomAround } from '../model/xRange';

// Zoom and pan on the loss chart's x-axis, by mouse and by keyboard (the canvas takes focus):
//   drag across the plot        zoom to the dragged steps
//   Shift+drag, or horizontal wheel   pan
//   Ctrl/⌘/Alt + wheel          zoom around the pointer (the plain wheel still scrolls the panel)
//   double-click, 0, Home       reset          + / −  zoom around the middle     ← / →  pan
// The range is applied by `setRange`, which keeps it while new points arrive.

export interface ZoomTarget {
  readonly chart: Chart<'line', unknown[]>;
  /** The data's extent on x (zooming out or panning stops there). */
  extent(): XRange | null;
  range(): XRange | null;
  setRange(range: XRange | null): void;
  setBrush(band: { from: number; to: number } | null): void;
}

export function attachZoom(canvas: HTMLCanvasElement, target: ZoomTarget): () => void {
  let drag: { startPixel: number; startValue: number; pan: boolean; startRange: XRange } | null = null;

  const scale = () => target.chart.scales.x;
  const shown = (): XRange | null => {
    const x = scale();
    return x && Number.isFinite(x.min) && Number.isFinite(x.max) && x.max > x.min ? { min: x.min, max: x.max } : null;
  };
  const inPlot = (event: MouseEvent): boolean => {
    const area = target.chart.chartArea;
    return !!area && event.offsetX >= area.left && event.offsetX <= area.right && event.offsetY >= area.top && event.offsetY <= area.bottom;
  };
  const zoom = (factor: number, anchor?: number): void => {
    const current = shown();
    if (!current) return;
    target.setRange(zoomAround(current, anchor ?? (current.min + current.max) / 2, factor, target.extent()));
  };
  const pan = (share: number): void => {
    const current = target.range();
    if (current) target.setRange(panBy(current, share * (current.max - current.min), target.extent()));
  };

  const onPointerDown = (event: PointerEvent): void => {
    const current = shown();
    if (event.button !== 0 || !inPlot(event) || !current) return;
    const wantsPan = event.shiftKey && target.range() !== null;
    drag = { startPixel: event.offsetX, startValue: scale().getValueForPixel(event.offsetX) ?? 0, pan: wantsPan, startRange: current };
    canvas.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent): void => {
    if (!drag) return;
    if (drag.pan) {
      const perPixel = (drag.startRange.max - drag.startRange.min) / Math.max(1, target.chart.chartArea.width);
      target.setRange(panBy(drag.startRange, (drag.startPixel - event.offsetX) * perPixel, target.extent()));
    } else {
      target.setBrush({ from: drag.startPixel, to: event.offsetX });
    }
  };
  const onPointerUp = (event: PointerEvent): void => {
    if (!drag) return;
    const finished = drag;
    drag = null;
    canvas.releasePointerCapture(event.pointerId);
    if (finished.pan) return;
    target.setBrush(null);
    const range = brushRange(finished.startValue, scale().getValueForPixel(event.offsetX) ?? finished.startValue);
    // A drag a few pixels wide is a click (which shows a tooltip), not a zoom.
    if (range && Math.abs(event.offsetX - finished.startPixel) >= 5) target.setRange(range);
  };
  const onWheel = (event: WheelEvent): void => {
    if (!inPlot(event)) return;
    if (event.ctrlKey || event.metaKey || event.altKey) {
      event.preventDefault();
      zoom(Math.exp(Math.max(-1, Math.min(1, event.deltaY * 0.002))), scale().getValueForPixel(event.offsetX));
    } else if (Math.abs(event.deltaX) > Math.abs(event.deltaY) && target.range()) {
      event.preventDefault();
      pan(event.deltaX / Math.max(1, target.chart.chartArea.width));
    }
  };
  const onKey = (event: KeyboardEvent): void => {
    const actions: Readonly<Record<string, () => void>> = {
      '+': () => zoom(0.5), '=': () => zoom(0.5), '-': () => zoom(2),
      ArrowLeft: () => pan(-0.2), ArrowRight: () => pan(0.2),
      '0': () => target.setRange(null), Home: () => target.setRange(null),
    };
    const action = actions[event.key];
    if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    action();
  };
  const onDoubleClick = (event: MouseEvent): void => {
    if (inPlot(event)) target.setRange(null);
  };

  canvas.addEventListener('pointerdown', onPointerDown);
  canvas.addEventListener('pointermove', onPointerMove);
  canvas.addEventListener('pointerup', onPointerUp);
  canvas.addEventListener('pointercancel', onPointerUp);
  canvas.addEventListener('wheel', onWheel, { passive: false });
  canvas.addEventListener('keydown', onKey);
  canvas.addEventListener('dblclick', onDoubleClick);
  return () => {
    canvas.removeEventListener('pointerdown', onPointerDown);
    canvas.removeEventListener('pointermove', onPointerMove);
    canvas.removeEventListener('pointerup', onPointerUp);
    canvas.removeEventListener('pointercancel', onPointerUp);
    canvas.removeEventListener('wheel', onWheel);
    canvas.removeEventListener('keydown', onKey);
    canvas.removeEventListener('dblclick', onDoubleClick);
  };
}

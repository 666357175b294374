import type { XRange } from './decimation';

// Zoom and pan of the loss chart's x-axis (optimiser steps), as pure arithmetic on ranges. `null` means
// "not zoomed": the axis follows the data as it grows. A zoomed range stays where the user put it
// while new points arrive. Zooming out past the data's extent, or resetting, returns to null.

/** The narrowest range a zoom may reach, in steps: a few batches still show a line. */
export const MIN_ZOOM_WIDTH = 4;

/** The range after zooming by `factor` (< 1 zooms in) around `anchor`, which keeps its place on screen. */
export function zoomAround(range: XRange, anchor: number, factor: number, extent: XRange | null): XRange | null {
  const width = range.max - range.min;
  if (!(width > 0) || !(factor > 0)) return range;
  const newWidth = Math.max(MIN_ZOOM_WIDTH, width * factor);
  const share = Math.min(1, Math.max(0, (anchor - range.min) / width));
  const zoomed = { min: anchor - share * newWidth, max: anchor + (1 - share) * newWidth };
  return clampTo(zoomed, extent);
}

/** The range moved by `delta` steps, kept within the data's extent. */
export function panBy(range: XRange, delta: number, extent: XRange | null): XRange | null {
  if (!extent) return { min: range.min + delta, max: range.max + delta };
  const width = range.max - range.min;
  const min = Math.min(Math.max(range.min + delta, extent.min), extent.max - width);
  return clampTo({ min, max: min + width }, extent);
}

/** The range a drag from `from` to `to` selects, or null when it is too narrow to mean a zoom. */
export function brushRange(from: number, to: number): XRange | null {
  const range = { min: Math.min(from, to), max: Math.max(from, to) };
  return range.max - range.min >= MIN_ZOOM_WIDTH ? range : null;
}

/** A range covering all of `extent` (or more) is no zoom at all. */
function clampTo(range: XRange, extent: XRange | null): XRange | null {
  if (!extent) return range;
  if (range.min <= extent.min && range.max >= extent.max) return null;
  const width = range.max - range.min;
  if (range.min < extent.min) return { min: extent.min, max: Math.min(extent.max, extent.min + width) };
  if (range.max > extent.max) return { min: Math.max(extent.min, extent.max - width), max: extent.max };
  return range;
}

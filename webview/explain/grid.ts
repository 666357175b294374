import type { Grid } from '../../engine/types';
import { scaleIndex, type ColourScale } from './colourScale';

// Grids (rows × steps, row-major, as the explain report carries them) turned into what a canvas paints:
// value ranges, pixels in a row order, the cell under a point, and what a reader is told about a cell.
// Pure: the canvas code only copies the pixels into ImageData and scales them.

export interface Extent {
  readonly min: number;
  readonly max: number;
  /** max(|min|, |max|): a diverging scale's half-width. */
  readonly magnitude: number;
}

/** The finite values' range (0, 0 when there are none). */
export function extent(values: ArrayLike<number>): Extent {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min > max) return { min: 0, max: 0, magnitude: 0 };
  return { min, max, magnitude: Math.max(Math.abs(min), Math.abs(max)) };
}

/** The value of `row` at `step`. */
export function cellValue(grid: Grid, row: number, step: number): number {
  return grid.data[row * grid.steps + step];
}

/**
 * RGBA pixels, one per cell: pixel (r, t) is grid row order[r] at step t, coloured by `scale`.
 * out: [rows, steps, 4] bytes (an ImageData's data).
 */
export function paintGrid(grid: Grid, order: ArrayLike<number>, scale: ColourScale, out: Uint8ClampedArray): void {
  const { steps } = grid;
  if (out.length !== order.length * steps * 4) throw new Error(`paintGrid: ${out.length} bytes for ${order.length}×${steps} cells`);
  for (let r = 0; r < order.length; r++) {
    const source = order[r] * steps;
    for (let t = 0; t < steps; t++) {
      const colour = scaleIndex(scale, grid.data[source + t]) * 4;
      const at = (r * steps + t) * 4;
      out[at] = scale.table[colour];
      out[at + 1] = scale.table[colour + 1];
      out[at + 2] = scale.table[colour + 2];
      out[at + 3] = 255;
    }
  }
}

/** Each row's own range (the input strip scales each feature to its own band). */
export function rowExtents(grid: Grid): Extent[] {
  return Array.from({ length: grid.rows }, (_, r) => extent(grid.data.slice(r * grid.steps, (r + 1) * grid.steps)));
}

/** What a reader is told about one cell (the hover tip and the keyboard readout say the same). */
export function cellReadout(cell: { map: string; rowName: string; step: number; time: string | null; token?: string | null; value: number }): string {
  const where = cell.time ? `step ${cell.step + 1} (${cell.time})` : cell.token != null ? `step ${cell.step + 1} (${JSON.stringify(cell.token)})` : `step ${cell.step + 1}`;
  return `${cell.map} · ${cell.rowName} · ${where} · ${formatValue(cell.value)}`;
}

/** Values as the maps' readouts print them: 4 significant digits, exponent for the tiny and huge. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (size !== 0 && (size < 1e-3 || size >= 1e5)) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

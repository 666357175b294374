// The time axis every map of the Explain view shares: the input above, the attribution and every gate
// and state below, column t at the same x in all of them, so that a reader's eye can drop straight down
// from an input step to what each gate did there. Pure: canvas sizes in, positions out.

export interface TimeAxis {
  /** x of the first column's left edge (row labels go left of it), in CSS pixels. */
  readonly left: number;
  /** Width of the columns together. */
  readonly width: number;
  readonly steps: number;
  /** Width of one column (fractional). */
  readonly column: number;
}

/** Row labels' room left of the maps, and a margin right of them. */
export const AXIS_LEFT = 104;
export const AXIS_RIGHT = 8;

export function timeAxis(totalWidth: number, steps: number, left = AXIS_LEFT, right = AXIS_RIGHT): TimeAxis {
  const width = Math.max(steps, Math.floor(totalWidth - left - right)); // at least a pixel per step
  return { left, width, steps, column: steps > 0 ? width / steps : 0 };
}

/** The step under `x`, or null outside the maps. */
export function stepAt(axis: TimeAxis, x: number): number | null {
  if (axis.steps === 0 || x < axis.left || x >= axis.left + axis.width) return null;
  return Math.min(axis.steps - 1, Math.floor((x - axis.left) / axis.column));
}

/** x of a step's centre. */
export function stepCentre(axis: TimeAxis, step: number): number {
  return axis.left + (step + 0.5) * axis.column;
}

/** The row under `y` in a map `height` pixels tall with `rows` rows, or null outside it. */
export function rowAt(height: number, rows: number, y: number): number | null {
  if (rows === 0 || y < 0 || y >= height) return null;
  return Math.min(rows - 1, Math.floor((y / height) * rows));
}

/** A map's height for `rows` rows: about 3 pixels a row, within [min, max]. */
export function mapHeight(rows: number, min = 48, max = 200, perRow = 3): number {
  return Math.round(Math.min(max, Math.max(min, rows * perRow)));
}

/**
 * The steps that get a tick label, evenly spaced so that labels `labelWidth` wide do not overlap; the
 * last step always has one (the step the forecast follows).
 */
export function labelledSteps(axis: TimeAxis, labelWidth: number): number[] {
  if (axis.steps === 0) return [];
  const every = Math.max(1, Math.ceil((labelWidth + 8) / Math.max(axis.column, 1e-9)));
  const steps: number[] = [];
  for (let t = axis.steps - 1; t >= 0; t -= every) steps.unshift(t);
  return steps;
}

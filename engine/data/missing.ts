// Missing values (NaN in a row-major matrix) filled within one segment of rows: a split, or a sequence.
// Nothing after the segment is ever read, so a value in validation or test never leaks into training.
// The left anchor may come from before the segment (that is the past), when the caller allows it.

export type FillMethod = 'ffill' | 'interpolate';

/**
 * Fills NaNs of column `c` of `matrix` ([rows, width]) in rows [start, end). With `useHistory`, the last
 * value before `start` anchors leading gaps; otherwise they take the first value of the segment.
 * Returns how many cells were filled, or -1 when the column has no value at all in the segment.
 */
export function fillSegment(matrix: Float64Array, width: number, c: number, start: number, end: number, method: FillMethod, useHistory: boolean): number {
  let present = false;
  for (let r = start; r < end && !present; r++) present = !Number.isNaN(matrix[r * width + c]);
  // A column with no value at all in the segment is not filled from elsewhere: that would invent it.
  if (!present) return end > start ? -1 : 0;
  let filled = 0;
  let previous = -1; // row of the last known value
  if (useHistory) {
    for (let r = start - 1; r >= 0; r--) {
      if (!Number.isNaN(matrix[r * width + c])) {
        previous = r;
        break;
      }
    }
  }
  let r = start;
  while (r < end) {
    if (!Number.isNaN(matrix[r * width + c])) {
      previous = r;
      r++;
      continue;
    }
    let next = r;
    while (next < end && Number.isNaN(matrix[next * width + c])) next++;
    // Gap is rows [r, next). `next === end` means no value after it within the segment.
    for (let g = r; g < next; g++) {
      let value: number;
      if (previous < 0) value = matrix[next * width + c];
      else if (next === end || method === 'ffill') value = matrix[previous * width + c];
      else {
        const a = matrix[previous * width + c];
        const b = matrix[next * width + c];
        value = a + ((b - a) * (g - previous)) / (next - previous);
      }
      matrix[g * width + c] = value;
      filled++;
    }
    r = next;
  }
  return filled;
}

/** Index of the first row in [start, end) with a NaN in any of `columns`, or -1. */
export function firstMissingRow(matrix: Float64Array, width: number, start: number, end: number): { row: number; column: number } | null {
  for (let r = start; r < end; r++) {
    for (let c = 0; c < width; c++) {
      if (Number.isNaN(matrix[r * width + c])) return { row: r, column: c };
    }
  }
  return null;
}

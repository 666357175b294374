// A column of numbers that grows at its end: one Float64Array with spare capacity, doubled when full,
// so appending n points costs O(n) amortised and reading a column is a `subarray` view, never a copy.

export class Column {
  private data: Float64Array;
  private size = 0;

  constructor(capacity = 256) {
    this.data = new Float64Array(Math.max(1, capacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = value;
  }

  at(index: number): number {
    return index >= 0 && index < this.size ? this.data[index] : Number.NaN;
  }

  /** The last value, or NaN when empty. */
  last(): number {
    return this.at(this.size - 1);
  }

  /** Drops every value from `length` on (keeps the capacity). */
  truncate(length: number): void {
    this.size = Math.max(0, Math.min(this.size, length));
  }

  /** The values as a view of the backing array: valid until the next push that grows the column. */
  view(): Float64Array {
    return this.data.subarray(0, this.size);
  }
}

/** The first index in the sorted `values` whose value is ≥ `target` (`values.length` if none). */
export function lowerBound(values: ArrayLike<number>, target: number, length = values.length): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first index in the sorted `values` whose value is > `target` (`values.length` if none). */
export function upperBound(values: ArrayLike<number>, target: number, length = values.length): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] <= target) low = middle + 1;
    else high = middle;
  }
  return low;
}

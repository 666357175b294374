// Typed arrays that grow as a CSV column streams in, and the distinct values of a number or date column,
// found only when something asks for them.
import type { RawColumn } from './column';

/** Above this many distinct values a text column's values are not kept (its codes are dropped): enough
 *  for sequence ids, bounded for a free-text column. */
export const MAX_LEVELS = 100_000;

export class GrowableFloat64 {
  data = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

export class GrowableInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** Gives `column` codes and levels computed from `values` on first use (each distinct value a level,
 *  written by `text`); null past MAX_LEVELS distinct values. */
export function defineLazyLevels(column: RawColumn, values: Float64Array, text: (value: number) => string): void {
  let built: { codes: Int32Array | null; levels: string[] | null } | undefined;
  const build = () => {
    if (built) return built;
    const index = new Map<number, number>();
    const codes = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (Number.isNaN(value)) {
        codes[i] = -1;
        continue;
      }
      let code = index.get(value);
      if (code === undefined) {
        if (index.size >= MAX_LEVELS) return (built = { codes: null, levels: null });
        index.set(value, (code = index.size));
      }
      codes[i] = code;
    }
    return (built = { codes, levels: [...index.keys()].map(text) });
  };
  Object.defineProperty(column, 'codes', { get: () => build().codes, enumerable: true });
  Object.defineProperty(column, 'levels', { get: () => build().levels, enumerable: true });
}

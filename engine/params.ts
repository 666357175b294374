// One flat buffer per role (parameters, gradients, each optimiser moment), all with the same layout;
// named tensors are subarray views into it. Optimisers, clipping, NaN scans and checkpoints are then
// each one loop over one buffer (llm.c's malloc_and_point_parameters).
import type { Floats } from './tensor';

export interface ParamEntry {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

export interface ParamLayout {
  entries: ParamEntry[];
  /** Total number of scalars. */
  size: number;
}

export function layoutParams(specs: { name: string; shape: number[] }[]): ParamLayout {
  const entries: ParamEntry[] = [];
  let offset = 0;
  for (const { name, shape } of specs) {
    if (entries.some((entry) => entry.name === name)) throw new Error(`duplicate parameter name ${name}`);
    const size = shape.reduce((product, dim) => product * dim, 1);
    entries.push({ name, shape, offset, size });
    offset += size;
  }
  return { entries, size: offset };
}

/** Named views into a flat buffer laid out by `layout`. */
export function viewParams<T extends Floats>(layout: ParamLayout, buffer: T): Record<string, T> {
  if (buffer.length < layout.size) throw new Error(`buffer of ${buffer.length} cannot hold ${layout.size} parameters`);
  const views: Record<string, T> = {};
  for (const { name, offset, size } of layout.entries) views[name] = buffer.subarray(offset, offset + size) as T;
  return views;
}

export function findParam(layout: ParamLayout, name: string): ParamEntry {
  const entry = layout.entries.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`no parameter named ${name}`);
  return entry;
}

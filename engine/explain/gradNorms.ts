// Gradient norms per recurrent layer and gate block, so vanishing or exploding gradients show at a glance
// (the panel plots them per epoch). Gate block k of layer l is every parameter that feeds gate k:
//   rows [kH, (k+1)H) of W [G, In] and of R [G, H], and entries [kH, (k+1)H) of Wb and Rb
// which are four contiguous ranges of the flat gradient buffer (params.ts), since W and R are row-major.
// ‖block‖₂ = √(Σ over the four ranges of g²). Gate order as in the parameters (ONNX): LSTM i, o, f, c;
// GRU z, r, h. The training step adds each batch's norms (before clipping) into a running sum.
import { findParam, type ParamLayout } from '../params';
import { gatesPerCell, recurrentInputSize, type CellKind, type ModelSpec } from '../spec';
import type { Floats } from '../tensor';

export const GATE_NAMES: Record<CellKind, readonly string[]> = {
  lstm: ['input', 'output', 'forget', 'candidate'],
  gru: ['update', 'reset', 'candidate'],
};

export interface GateBlocks {
  gates: readonly string[];
  layers: number;
  /** [L·G·4] pairs (start, end) into the flat buffer: W rows, R rows, Wb, Rb of block (l, k). */
  ranges: Int32Array;
}

export function gateBlocks(spec: ModelSpec, layout: ParamLayout): GateBlocks {
  const H = spec.hiddenSize;
  const G = gatesPerCell(spec.cell);
  const ranges = new Int32Array(spec.layers * G * 4 * 2);
  let i = 0;
  for (let l = 0; l < spec.layers; l++) {
    const widths = { W: recurrentInputSize(spec, l), R: H, Wb: 1, Rb: 1 };
    for (let k = 0; k < G; k++) {
      for (const [part, width] of Object.entries(widths)) {
        const entry = findParam(layout, `rnn.${l}.${part}`);
        ranges[i++] = entry.offset + k * H * width;
        ranges[i++] = entry.offset + (k + 1) * H * width;
      }
    }
  }
  return { gates: GATE_NAMES[spec.cell], layers: spec.layers, ranges };
}

/** out[l·G + k] = ‖gradient of block (l, k)‖₂ (or += it, with `accumulate`). out: [L·G]. */
export function gateNorms(out: Float64Array, grads: Floats, blocks: GateBlocks, accumulate: boolean): void {
  const { ranges } = blocks;
  const count = blocks.layers * blocks.gates.length;
  for (let b = 0; b < count; b++) {
    let sum = 0;
    for (let r = b * 8; r < b * 8 + 8; r += 2) {
      for (let j = ranges[r]; j < ranges[r + 1]; j++) sum += grads[j] * grads[j];
    }
    out[b] = (accumulate ? out[b] : 0) + Math.sqrt(sum);
  }
}

/** A flat [L·G] vector as [layer][gate] numbers, for JSON. */
export function byLayer(flat: ArrayLike<number>, blocks: Pick<GateBlocks, 'layers' | 'gates'>, scale = 1): number[][] {
  const G = blocks.gates.length;
  return Array.from({ length: blocks.layers }, (_, l) => Array.from({ length: G }, (_, k) => flat[l * G + k] * scale));
}

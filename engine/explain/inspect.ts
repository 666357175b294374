// Heatmaps of what each recurrent layer computed on one sequence (from a capture, model/capture.ts), and
// the saturation of every gate over many windows of a split.
//   LSTM: input i, forget f, output o (σ), candidate c̃ (tanh), cell c (unbounded), hidden h (tanh range)
//   GRU:  update z, reset r (σ), candidate n (tanh), hidden h
// A value is saturated when a σ gate is < 0.05 or > 0.95, or a tanh value is < −0.95 or > 0.95: there
// the gate's slope is under 5 % of its largest, so little gradient flows through it.
import type { PreparedData, SplitName } from '../data/types';
import { allocCapture, modelForward, type LayerCapture, type Model, type ModelCapture } from '../model';
import { heapAllocator } from '../tensor';
import type { BlockKey, LayerInspection, SplitSaturation, StateBlock } from './types';

interface BlockSource {
  key: BlockKey;
  label: string;
  range: StateBlock['range'];
  /** Gate block index into the capture's gates, or the state it reads. */
  from: number | 'cells' | 'hiddens';
}

// Display order; gate indices are the parameters' (ONNX) order: LSTM i, o, f, c; GRU z, r, h.
const LSTM_BLOCKS: BlockSource[] = [
  { key: 'input', label: 'input gate i', range: 'sigmoid', from: 0 },
  { key: 'forget', label: 'forget gate f', range: 'sigmoid', from: 2 },
  { key: 'output', label: 'output gate o', range: 'sigmoid', from: 1 },
  { key: 'candidate', label: 'candidate c̃', range: 'tanh', from: 3 },
  { key: 'cell', label: 'cell state c', range: 'unbounded', from: 'cells' },
  { key: 'hidden', label: 'hidden state h', range: 'tanh', from: 'hiddens' },
];
const GRU_BLOCKS: BlockSource[] = [
  { key: 'update', label: 'update gate z', range: 'sigmoid', from: 0 },
  { key: 'reset', label: 'reset gate r', range: 'sigmoid', from: 1 },
  { key: 'candidate', label: 'candidate n', range: 'tanh', from: 2 },
  { key: 'hidden', label: 'hidden state h', range: 'tanh', from: 'hiddens' },
];

export const SATURATION = { sigmoid: [0.05, 0.95], tanh: [-0.95, 0.95] } as const;
/** Significant digits of the values in the report's grids (float32 holds about 7): a third of the JSON. */
export const SIGNIFICANT = 6;

export function blocksOf(cell: 'lstm' | 'gru'): BlockSource[] {
  return cell === 'lstm' ? LSTM_BLOCKS : GRU_BLOCKS;
}

/** Value of a block for sequence b at step t, unit j. */
function read(layer: LayerCapture, source: BlockSource, T: number, H: number, G: number, b: number, t: number, j: number): number {
  if (source.from === 'cells') return layer.cells[(b * T + t) * H + j];
  if (source.from === 'hiddens') return layer.hiddens[(b * T + t) * H + j];
  return layer.gates[(b * T + t) * G + source.from * H + j];
}

function gateRows(layer: LayerCapture): number {
  return layer.cell === 'lstm' ? 4 : 3;
}

/** Heatmaps [units, steps] of sequence b's first `steps` steps, every layer and block. */
export function inspectLayers(capture: ModelCapture, H: number, b: number, steps: number): LayerInspection[] {
  const { T } = capture;
  return capture.layers.map((layer, l) => ({
    layer: l,
    cell: layer.cell,
    units: H,
    blocks: blocksOf(layer.cell).map((source): StateBlock => {
      const data = new Array<number>(H * steps);
      const unitVariance: number[] = [];
      const unitSaturation: number[] = [];
      const limits = source.range === 'unbounded' ? null : SATURATION[source.range];
      let low = 0;
      let high = 0;
      for (let j = 0; j < H; j++) {
        let sum = 0;
        let squares = 0;
        let saturated = 0;
        for (let t = 0; t < steps; t++) {
          const v = read(layer, source, T, H, gateRows(layer) * H, b, t, j);
          data[j * steps + t] = Number(v.toPrecision(SIGNIFICANT)); // what a heatmap can show; the stats use v
          sum += v;
          squares += v * v;
          if (limits && v < limits[0]) low++;
          if (limits && v > limits[1]) high++;
          if (limits && (v < limits[0] || v > limits[1])) saturated++;
        }
        const mean = sum / steps;
        unitVariance.push(Number(Math.max(0, squares / steps - mean * mean).toPrecision(4))); // for sorting rows
        unitSaturation.push(Number((saturated / steps).toPrecision(4)));
      }
      const count = H * steps;
      return {
        key: source.key, label: source.label, range: source.range,
        values: { rows: H, steps, data },
        unitVariance,
        unitSaturation: limits ? unitSaturation : null,
        saturation: limits ? { low: low / count, high: high / count } : null,
      };
    }),
  }));
}

/** Most windows the split-wide saturation runs (evenly spaced over the split beyond that). */
export const SATURATION_WINDOWS = 512;
const BATCH = 32;

/** Share of saturated gate values over up to SATURATION_WINDOWS windows of a split (valid steps only). */
export function splitSaturation(model: Model, data: PreparedData, split: SplitName): SplitSaturation {
  const { spec } = model;
  const H = spec.hiddenSize;
  const T = data.window;
  const W = data.splits[split].windows;
  const count = Math.min(W, SATURATION_WINDOWS);
  const chosen = Int32Array.from({ length: count }, (_, i) => Math.floor((i * W) / count));
  const gates = blocksOf(spec.cell).filter((source) => typeof source.from === 'number');
  const low = new Float64Array(spec.layers * gates.length);
  const high = new Float64Array(spec.layers * gates.length);
  let values = 0;
  const F = data.task === 'text' ? 0 : data.input.size;
  const x = data.task === 'text' ? new Int32Array(BATCH * T) : heapAllocator.floats(model.dtype, BATCH * T * F);
  const lengths = new Int32Array(BATCH);
  let capture: ModelCapture | null = null;
  for (let from = 0; from < count; from += BATCH) {
    const windows = chosen.subarray(from, Math.min(from + BATCH, count));
    const B = windows.length;
    lengths.fill(T);
    if (data.task === 'text') data.fillBatch(split, windows, x as Int32Array, new Int32Array(B * T));
    else if (data.task === 'classify') data.fillBatch(split, windows, x as Float64Array, new Int32Array(B), lengths);
    else data.fillBatch(split, windows, x as Float64Array, heapAllocator.floats(model.dtype, B * data.outputSize));
    if (!capture || capture.B !== B) capture = allocCapture(spec, B, T, model.dtype);
    const padded = data.task === 'classify' && lengths.subarray(0, B).some((n) => n < T);
    modelForward(model, { B, T, x: x.subarray(0, B * T * Math.max(F, 1)), lengths: padded ? lengths.subarray(0, B) : undefined }, { training: false, capture });
    capture.layers.forEach((layer, l) => {
      const G = gateRows(layer) * H;
      gates.forEach((source, g) => {
        const [lo, hi] = SATURATION[source.range as 'sigmoid' | 'tanh'];
        const offset = (source.from as number) * H;
        let below = 0;
        let above = 0;
        for (let b = 0; b < B; b++) {
          for (let t = 0; t < lengths[b]; t++) {
            const row = (b * T + t) * G + offset;
            for (let j = 0; j < H; j++) {
              const v = layer.gates[row + j];
              if (v < lo) below++;
              else if (v > hi) above++;
            }
          }
        }
        low[l * gates.length + g] += below;
        high[l * gates.length + g] += above;
      });
    });
    for (let b = 0; b < B; b++) values += lengths[b] * H;
  }
  return {
    windows: count,
    gates: Array.from({ length: spec.layers }, (_, l) => gates.map((source, g) => ({
      layer: l, key: source.key, label: source.label, low: low[l * gates.length + g] / values, high: high[l * gates.length + g] / values,
    }))).flat(),
  };
}

// What a run will hold in memory, known before anything is allocated: from a config and the shape of its
// data (engine/data/scan.ts gets the shape cheaply from the file, or shapeOfPrepared from prepared data).
// Pure arithmetic over the engine's own layouts, so the editor can refuse a config before it starts a
// worker; `memoryProblem` compares the estimate with what the machine can give and names the setting to
// lower. Bytes, by part (B = batch, T = window, P = parameters, m = optimiser buffers):
//   weights      params, grads and the best weights: 3·P floats
//   optimizer    m·P floats (Adam: m and v)
//   activations  model/acts.ts at (B, T), the batch buffers and ∂loss/∂output
//   kernels      the SIMD kernels' packed recurrent weights and per-thread scratch
//   checkpoint   the checkpoint being encoded: (2 + m)·P floats and the epoch's window order
//   evaluation   metrics buffers over a validation or test split
//   data         the CSV's columns as read (typed arrays that double as they grow) and the prepared series,
//                or the text's code points and tokens
// The first four live in the SIMD kernels' WebAssembly memory, which cannot pass 4 GiB (wasm32).
import * as os from 'node:os';
import { ARENA_MAX_BYTES } from '../kernels/simd/arena';
import { activationElements, paramShapes } from '../model';
import { optimizerBufferNames } from '../optim/optimizer';
import { modelSpecFor } from '../train/setup';
import type { PreparedData, Task } from '../data/types';
import type { SeqLabConfig } from './schema.generated';

/** The shape of a config's data: all the estimate needs to know about the file. */
export interface DataShape {
  task: Task;
  /** CSV data rows (header excluded), or the characters of a text. */
  rows: number;
  /** CSV columns (0 for text). */
  columns: number;
  /** F: input features per step (one-hot slots included); text: the vocabulary. */
  inputSize: number;
  /** O: head outputs (horizon × targets, classes, vocabulary). */
  outputSize: number;
  /** K: forecast targets (0 otherwise). */
  targets: number;
  /** T: steps per window (text: seqLength). */
  window: number;
  /** Windows in the training split, and in the larger of validation and test. */
  trainWindows: number;
  evalWindows: number;
  /** True when it comes from prepared data; false when estimated from a scan of the file. */
  exact: boolean;
}

export interface MemoryParts {
  weights: number;
  optimizer: number;
  activations: number;
  kernels: number;
  checkpoint: number;
  evaluation: number;
  data: number;
}

export interface MemoryEstimate {
  /** Bytes in all: the sum of the parts. */
  bytes: number;
  parts: MemoryParts;
  /** Bytes the SIMD kernels' WebAssembly memory must hold, and its limit. */
  arenaBytes: number;
  arenaLimit: number;
  parameters: number;
  exact: boolean;
}

const FLOAT = 4; // training runs in float32
/** Kernel scratch per thread: (MC·KC + KC·NC + MR·NR)·4 in assembly/gemm.ts (SCRATCH_BYTES). */
export const KERNEL_SCRATCH_BYTES = (128 * 256 + 256 * 1024 + 4 * 8) * 4;
const KERNEL_THREADS = 2;
/** The module's static data below the arena (arena.ts RESERVED_BYTES) and the helper thread's control words. */
const KERNEL_FIXED_BYTES = 4096 + 32 * 4;

export function estimateMemory(config: SeqLabConfig, shape: DataShape): MemoryEstimate {
  const spec = modelSpecFor(config, shape.task, shape.inputSize, shape.outputSize);
  const P = paramShapes(spec).reduce((sum, { shape: dims }) => sum + dims.reduce((a, b) => a * b, 1), 0);
  const m = optimizerBufferNames(config.training.optimizer.type).length;
  const B = config.training.batchSize;
  const T = shape.window;
  const F = shape.task === 'text' ? 0 : shape.inputSize;
  const O = shape.outputSize;
  const H = spec.hiddenSize;
  const G = (spec.cell === 'lstm' ? 4 : 3) * H;
  const every = shape.task === 'text';

  const acts = activationElements(spec, B, T);
  const batchFloats = shape.task === 'text' ? 0 : B * T * F + (shape.task === 'forecast' ? B * O : 0);
  const batchInts = shape.task === 'text' ? 2 * B * T : 2 * B;
  const outputGradient = every ? B * T * O : B * O;
  const arenaActivations = (acts.floats + batchFloats + outputGradient) * FLOAT;
  const packed = (n: number, k: number) => Math.ceil(n / 8) * 8 * k * FLOAT;
  const parts: MemoryParts = {
    weights: 3 * P * FLOAT,
    optimizer: m * P * FLOAT,
    activations: arenaActivations + (acts.ints + batchInts) * 4,
    kernels: spec.layers * (packed(G, H) + packed(H, G)) + KERNEL_THREADS * KERNEL_SCRATCH_BYTES + KERNEL_FIXED_BYTES,
    checkpoint: (2 + m) * P * FLOAT + 3 * shape.trainWindows * 4,
    evaluation: evaluationBytes(shape, B),
    data: dataBytes(shape),
  };
  const bytes = Object.values(parts).reduce((a, b) => a + b, 0);
  const arenaBytes = parts.weights + parts.optimizer + arenaActivations + parts.kernels;
  return { bytes, parts, arenaBytes, arenaLimit: ARENA_MAX_BYTES, parameters: P, exact: shape.exact };
}

/** Buffers of one split's evaluation (engine/eval): a batch, and per-window predictions for the metrics. */
function evaluationBytes(shape: DataShape, B: number): number {
  const { window: T, outputSize: O, evalWindows: W } = shape;
  if (shape.task === 'text') return 2 * B * T * 4 + B * T * O * FLOAT;
  const batch = (B * T * shape.inputSize + 2 * B * O) * FLOAT;
  return shape.task === 'forecast' ? batch + 6 * W * O * 8 : batch + 2 * W * 4;
}

/** The typed arrays holding the data while it is read and prepared (engine/data). */
function dataBytes(shape: DataShape): number {
  const n = shape.rows;
  if (shape.task === 'text') return grownCapacity(n, 1 << 16) * 4 + 2 * n * 4; // code points, tokens, split copies
  // Each column as read: numbers and dates (float64) and level codes (int32), doubling from 1024 rows.
  const table = shape.columns * grownCapacity(n, 1024) * (8 + 8 + 4);
  // The series (features, labels, times, source rows, order) and the prepared scaled copy and targets.
  const series = n * (shape.inputSize * 8 + 8 + 8 + 4 + 4);
  const prepared = n * (shape.inputSize * 8 + shape.targets * 8);
  return table + series + prepared;
}

/** The length a typed array that starts at `initial` and doubles reaches to hold n elements. */
function grownCapacity(n: number, initial: number): number {
  return n <= initial ? initial : initial * 2 ** Math.ceil(Math.log2(n / initial));
}

/** The exact shape of prepared data. */
export function shapeOfPrepared(data: PreparedData): DataShape {
  return {
    task: data.task,
    rows: data.report.rowsRead,
    columns: data.report.columns.length,
    inputSize: data.input.kind === 'tokens' ? data.input.vocab : data.input.size,
    outputSize: data.outputSize,
    targets: data.task === 'forecast' ? data.targetNames.length : 0,
    window: data.window,
    trainWindows: data.splits.train.windows,
    evalWindows: Math.max(data.splits.validation.windows, data.splits.test.windows),
    exact: true,
  };
}

/** What the machine can give a run now. */
export interface AvailableMemory {
  bytes: number;
  /** Where the figure comes from, for messages. */
  source: string;
}

/** Where available memory is read from; tests inject their own figures with setMemorySource. */
export interface MemorySource {
  /** Memory the OS can give without swapping (MemAvailable on Linux). */
  freeBytes(): number;
  /** A limit on this process (a container's cgroup), or 0 when there is none. */
  limitBytes(): number;
  /** What this process holds already (counted against the limit). */
  residentBytes(): number;
}

const systemSource: MemorySource = {
  freeBytes: () => os.freemem(),
  // Node 20 reports "no limit" as 2^64 (newer versions as 0).
  limitBytes: () => {
    const limit = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() ?? 0 : 0;
    return limit > 0 && limit < 2 ** 62 ? limit : 0;
  },
  residentBytes: () => process.memoryUsage.rss(),
};

let source: MemorySource = systemSource;

/** Replaces the OS figures (tests), or restores them with null. */
export function setMemorySource(replacement: MemorySource | null): void {
  source = replacement ?? systemSource;
}

export function availableMemory(): AvailableMemory {
  const free = source.freeBytes();
  const limit = source.limitBytes();
  if (limit > 0) {
    const left = Math.max(0, limit - source.residentBytes());
    if (left < free) return { bytes: left, source: `the memory limit of this process (${formatBytes(limit)}) less the ${formatBytes(source.residentBytes())} it holds` };
  }
  return { bytes: free, source: 'free memory' };
}

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} bytes` : `${value >= 100 ? Math.round(value) : Number(value.toPrecision(3))} ${UNITS[unit]}`;
}

// The WebAssembly SIMD kernel backend: implements `Kernels` on float32 arrays that live in its
// arena's memory (byte offsets passed straight to the kernels in assembly/*.ts) and falls back to
// the reference kernels for anything else (float64 arrays, heap arrays). Install with
// `useKernels(backend.kernels)` and build the model with `backend.arena` as its allocator.
//
// A second core: with a helper thread (spawned by engine/accel/simd.ts, which may use worker_threads),
// large products are split in two on tile boundaries (rows, or columns) and each half runs on its own
// thread. Each output element is computed by one thread with the same operations as without the
// split, so results are bit-identical with one or two threads.
import * as cells from '../cells';
import type { Kernels, MatmulDims, PreparedMatrix } from '../index';
import * as prepared from '../prepared';
import { recurrentSteps } from '../recurrent';
import * as reference from '../reference';
import type { Floats } from '../../tensor';
import { WasmArena } from './arena';
import { createJobRunner, type SharingOptions } from './sharing';

export type { HelperStart, SpawnHelper } from './sharing';

type Ptr = number;
interface SimdExports {
  SCRATCH_BYTES: WebAssembly.Global;
  staticDataEnd(): number;
  gemm(out: Ptr, a: Ptr, b: Ptr, M: number, N: number, K: number, flags: number, lo: number, hi: number, scratch: Ptr): void;
  gemmPacked(out: Ptr, a: Ptr, packed: Ptr, M: number, N: number, K: number, flags: number, lo: number, hi: number, scratch: Ptr): void;
  packWhole(dst: Ptr, b: Ptr, N: number, K: number, transposed: number): void;
  packedBytes(N: number, K: number): number;
  sumRows(out: Ptr, a: Ptr, rows: number, cols: number, accumulate: number): void;
  weightGradients(dW: Ptr, dR: Ptr, dBias: Ptr, dY: Ptr, x: Ptr, h: Ptr, M: number, N1: number, N2: number, K: number, flags: number, lo: number, hi: number, scratch: Ptr): void;
  weightGradientsFit(N1: number, N2: number): number;
  lstmForwardStep(gates: Ptr, cells: Ptr, tanhCells: Ptr, hiddens: Ptr, t: number, B: number, H: number): void;
  lstmBackwardStep(dGates: Ptr, gates: Ptr, cells: Ptr, tanhCells: Ptr, dY: Ptr, dHidden: Ptr, dCell: Ptr, t: number, B: number, H: number): void;
  gruForwardStep(inputGates: Ptr, hiddenGates: Ptr, hiddens: Ptr, t: number, B: number, H: number): void;
  lstmForwardRows(gates: Ptr, cells: Ptr, tanhCells: Ptr, hiddens: Ptr, packedR: Ptr, t: number, B: number, H: number, flags: number, lo: number, hi: number, scratch: Ptr): void;
  lstmBackwardRows(dGates: Ptr, gates: Ptr, cells: Ptr, tanhCells: Ptr, dY: Ptr, dHidden: Ptr, dCell: Ptr, packedR: Ptr, t: number, B: number, H: number, lo: number, hi: number, scratch: Ptr): void;
  gruForwardRows(inputGates: Ptr, hiddenGates: Ptr, hiddens: Ptr, Rb: Ptr, packedR: Ptr, t: number, B: number, H: number, flags: number, lo: number, hi: number, scratch: Ptr): void;
  gruBackwardRows(dInputGates: Ptr, dHiddenGates: Ptr, dHidden: Ptr, inputGates: Ptr, hiddenGates: Ptr, hiddens: Ptr, dY: Ptr, packedR: Ptr, t: number, B: number, H: number, lo: number, hi: number, scratch: Ptr): void;
  gruBackwardStep(dInputGates: Ptr, dHiddenGates: Ptr, dHidden: Ptr, inputGates: Ptr, hiddenGates: Ptr, hiddens: Ptr, dY: Ptr, t: number, B: number, H: number): void;
  // The *Rows kernels for all T steps (the *Sequence kernels).
  lstmForwardSequenceRows(...args: number[]): void;
  lstmBackwardSequenceRows(...args: number[]): void;
  gruForwardSequenceRows(...args: number[]): void;
  gruBackwardSequenceRows(...args: number[]): void;
}

// Flags and tile sizes shared with assembly/gemm.ts.
const ACCUMULATE = 1, A_TRANSPOSED = 2, B_TRANSPOSED = 4, SPLIT_ROWS = 8, WITH_BIAS = 16;
const MR = 4, NR = 8, MC = 128;
// Indices into the job table handed to the runner (the helper script has the same table).
const JOB_GEMM = 0, JOB_GEMM_PACKED = 1, JOB_LSTM_FORWARD = 2, JOB_LSTM_BACKWARD = 3, JOB_GRU_FORWARD = 4, JOB_GRU_BACKWARD = 5, JOB_WEIGHT_GRADIENTS = 6;
const JOB_LSTM_FORWARD_SEQUENCE = 7, JOB_LSTM_BACKWARD_SEQUENCE = 8, JOB_GRU_FORWARD_SEQUENCE = 9, JOB_GRU_BACKWARD_SEQUENCE = 10;
/** Rough cost of one cell's gate update, in flops, for deciding whether a step is worth splitting. */
const CELL_FLOPS = 60;
/** Smallest chunk of rows a sequence job hands out (it is also the M of each step's product). */
const SEQUENCE_ROWS = MR;
/** Smallest column chunk of an unpacked product (each chunk repacks A). */
const NC_MIN = 256;

export interface SimdBackendOptions extends SharingOptions {
  /** The kernel set's name (default 'simd'). */
  name?: string;
  /** Arena to allocate from (a new one by default). */
  arena?: WasmArena;
}

export interface SimdBackend {
  kernels: Kernels;
  arena: WasmArena;
  readonly threads: number;
  /** 1 to 4 threads from the next kernel call on, spinning or not (see JobRunner.setThreads); returns the threads in use. */
  setThreads(threads: number, spin?: boolean): number;
  /** Chunks of work each helper thread has done. */
  readonly helperChunks: readonly number[];
  dispose(): void;
}

let backendCount = 0;

/** Instantiates the kernels (bytes from binary.generated.js) over an arena's shared memory. */
export function createSimdBackend(bytes: Uint8Array, options: SimdBackendOptions = {}): SimdBackend {
  const arena = options.arena ?? new WasmArena();
  const module = new WebAssembly.Module(bytes);
  const exports = new WebAssembly.Instance(module, { env: { memory: arena.memory } }).exports as unknown as SimdExports;
  const scratchBytes = exports.SCRATCH_BYTES.value as number;
  // Instantiation wrote the module's constant table at the bottom of the memory: it must lie below
  // everything the arena hands out.
  if (exports.staticDataEnd() > arena.firstOffset) throw new Error('SIMD kernels: static data overlaps the arena');
  const id = `simd#${++backendCount}`;
  const owns = (array: Floats): boolean => arena.owns(array);
  /** Whether a recurrent weight was packed by this backend, as [N, K], so its packed copy can be used. */
  const packedHere = (p: PreparedMatrix, N: number, K: number): p is PreparedMatrix & { packedAt: number } =>
    p.packedBy === id && p.packedAt !== undefined && p.N === N && p.K === K;
  const ptr = (array: Floats): number => array.byteOffset;
  const jobs = [
    exports.gemm, exports.gemmPacked, exports.lstmForwardRows, exports.lstmBackwardRows, exports.gruForwardRows, exports.gruBackwardRows, exports.weightGradients,
    exports.lstmForwardSequenceRows, exports.lstmBackwardSequenceRows, exports.gruForwardSequenceRows, exports.gruBackwardSequenceRows,
  ];
  const runner = createJobRunner({ jobs, arena, module, scratchBytes, ...options });
  const run = runner.run;

  function gemm(out: Floats, a: Floats, b: Floats, dims: MatmulDims, flags: number): void {
    const { M, N, K } = dims;
    checkSizes(out, a, b, M, N, K, flags);
    // Split the dimension whose split duplicates the cheaper packing: rows duplicate B's, columns A's.
    // Chunks of at least a packing block, so each chunk's repacking of the other operand stays cheap.
    const splitRows = N <= M;
    const args = [ptr(out), ptr(a), ptr(b), M, N, K, flags | (splitRows ? SPLIT_ROWS : 0)];
    run(JOB_GEMM, args, splitRows ? M : N, splitRows ? MR : NR, 2 * M * N * K, splitRows ? MC : NC_MIN);
  }

  const kernels: Kernels = {
    name: options.name ?? 'simd',
    matmulABt(out, a, b, dims, accumulate) {
      if (owns(out) && owns(a) && owns(b)) gemm(out, a, b, dims, (accumulate ? ACCUMULATE : 0) | B_TRANSPOSED);
      else reference.matmulABt(out, a, b, dims, accumulate);
    },
    matmulAB(out, a, b, dims, accumulate) {
      if (owns(out) && owns(a) && owns(b)) gemm(out, a, b, dims, accumulate ? ACCUMULATE : 0);
      else reference.matmulAB(out, a, b, dims, accumulate);
    },
    matmulAtB(out, a, b, dims, accumulate) {
      if (owns(out) && owns(a) && owns(b)) gemm(out, a, b, dims, (accumulate ? ACCUMULATE : 0) | A_TRANSPOSED);
      else reference.matmulAtB(out, a, b, dims, accumulate);
    },
    sumRows(out, a, rows, cols, accumulate) {
      if (owns(out) && owns(a) && out.length >= cols && a.length >= rows * cols) exports.sumRows(ptr(out), ptr(a), rows, cols, accumulate ? 1 : 0);
      else reference.sumRows(out, a, rows, cols, accumulate);
    },
    weightGradients(dW, dR, dBias, dY, x, h, dims, accumulateBias) {
      const { M, N1, K } = dims;
      const N2 = dR && h ? dims.N2 : 0;
      const inArena = owns(dW) && owns(dY) && owns(x) && (N2 === 0 || (owns(dR!) && owns(h!))) && (!dBias || owns(dBias));
      if (!inArena || !exports.weightGradientsFit(N1, N2)) {
        // The same operations, one product at a time (the results do not change).
        kernels.matmulAtB(dW, dY, x, { M, N: N1, K }, true);
        if (N2 > 0) kernels.matmulAtB(dR!, dY, h!, { M, N: N2, K }, true);
        if (dBias) kernels.sumRows(dBias, dY, K, M, accumulateBias);
        return;
      }
      if (dW.length < M * N1 || dY.length < K * M || x.length < K * N1 || (N2 > 0 && (dR!.length < M * N2 || h!.length < K * N2)) || (dBias && dBias.length < M)) {
        throw new RangeError(`weightGradients: arrays too short for M=${M} N1=${N1} N2=${N2} K=${K}`);
      }
      const flags = (dBias ? WITH_BIAS : 0) | (accumulateBias ? ACCUMULATE : 0);
      const args = [ptr(dW), N2 > 0 ? ptr(dR!) : 0, dBias ? ptr(dBias) : 0, ptr(dY), ptr(x), N2 > 0 ? ptr(h!) : 0, M, N1, N2, K, flags];
      // By rows of the gradients (gate rows): each thread packs its rows of dY once for both products.
      run(JOB_WEIGHT_GRADIENTS, args, M, MR, 2 * M * (N1 + N2) * K, MC);
    },
    prepareMatrix(b, N, K, transposed) {
      if (!owns(b) || b.length < N * K) return prepared.prepareMatrix(b, N, K, transposed);
      const slot = packSlot(b, N, K, transposed);
      if (slot < 0) return prepared.prepareMatrix(b, N, K, transposed);
      exports.packWhole(slot, ptr(b), N, K, transposed ? 1 : 0);
      return { b, N, K, transposed, packedBy: id, packedAt: slot };
    },
    matmulPrepared(out, a, p, M, accumulate) {
      if (p.packedBy !== id || p.packedAt === undefined || !owns(out) || !owns(a)) {
        prepared.matmulPrepared(out, a, p, M, accumulate);
        return;
      }
      const { N, K } = p;
      if (out.length < M * N || a.length < M * K) throw new RangeError(`matmulPrepared: arrays too short for M=${M} N=${N} K=${K}`);
      const splitRows = M >= 2 * MR; // rows duplicate no packing (B is packed already)
      const args = [ptr(out), ptr(a), p.packedAt, M, N, K, (accumulate ? ACCUMULATE : 0) | (splitRows ? SPLIT_ROWS : 0)];
      run(JOB_GEMM_PACKED, args, splitRows ? M : N, splitRows ? MR : NR, 2 * M * N * K, splitRows ? MR : NR);
    },
    lstmForwardStep(gates, cellsBuf, tanhCells, hiddens, t, B, H) {
      if (owns(gates) && owns(cellsBuf) && owns(tanhCells) && owns(hiddens)) {
        exports.lstmForwardStep(ptr(gates), ptr(cellsBuf), ptr(tanhCells), ptr(hiddens), t, B, H);
      } else cells.lstmForwardStep(gates, cellsBuf, tanhCells, hiddens, t, B, H);
    },
    lstmBackwardStep(dGates, gates, cellsBuf, tanhCells, dY, dHidden, dCell, t, B, H) {
      if (owns(dGates) && owns(gates) && owns(cellsBuf) && owns(tanhCells) && owns(dY) && owns(dHidden) && owns(dCell)) {
        exports.lstmBackwardStep(ptr(dGates), ptr(gates), ptr(cellsBuf), ptr(tanhCells), ptr(dY), ptr(dHidden), ptr(dCell), t, B, H);
      } else cells.lstmBackwardStep(dGates, gates, cellsBuf, tanhCells, dY, dHidden, dCell, t, B, H);
    },
    // A step t, or a whole sequence (each chunk of rows through all T steps, no hand-off between steps).
    lstmForwardRecurrent(gates, cellsBuf, tanhCells, hiddens, recurrent, t, B, H, skipProduct) {
      const G = 4 * H, flops = (skipProduct ? 0 : 2 * B * G * H) + CELL_FLOPS * B * H;
      if (!recurrentJob(JOB_LSTM_FORWARD, recurrent, G, H, [gates, cellsBuf, tanhCells, hiddens], [t, B, H, skipProduct ? 1 : 0], flops, MR)) {
        composed.lstmForwardRecurrent(gates, cellsBuf, tanhCells, hiddens, recurrent, t, B, H, skipProduct);
      }
    },
    lstmBackwardRecurrent(dGates, gates, cellsBuf, tanhCells, dY, dHidden, dCell, recurrent, t, B, H) {
      const G = 4 * H, flops = 2 * B * G * H + CELL_FLOPS * B * H;
      if (!recurrentJob(JOB_LSTM_BACKWARD, recurrent, H, G, [dGates, gates, cellsBuf, tanhCells, dY, dHidden, dCell], [t, B, H], flops, MR)) {
        composed.lstmBackwardRecurrent(dGates, gates, cellsBuf, tanhCells, dY, dHidden, dCell, recurrent, t, B, H);
      }
    },
    gruForwardRecurrent(inputGates, hiddenGates, hiddens, Rb, recurrent, t, B, H, skipProduct) {
      const G = 3 * H, flops = (skipProduct ? 0 : 2 * B * G * H) + CELL_FLOPS * B * H;
      if (Rb.length < G || !recurrentJob(JOB_GRU_FORWARD, recurrent, G, H, [inputGates, hiddenGates, hiddens, Rb], [t, B, H, skipProduct ? 1 : 0], flops, MR)) {
        composed.gruForwardRecurrent(inputGates, hiddenGates, hiddens, Rb, recurrent, t, B, H, skipProduct);
      }
    },
    gruBackwardRecurrent(dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY, recurrent, t, B, H) {
      const G = 3 * H, flops = 2 * B * G * H + CELL_FLOPS * B * H;
      if (!recurrentJob(JOB_GRU_BACKWARD, recurrent, H, G, [dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY], [t, B, H], flops, MR)) {
        composed.gruBackwardRecurrent(dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY, recurrent, t, B, H);
      }
    },
    lstmForwardSequence(gates, cellsBuf, tanhCells, hiddens, recurrent, T, B, H, skipFirstProduct) {
      const G = 4 * H, flops = T * (2 * B * G * H + CELL_FLOPS * B * H);
      const args = [T, B, H, skipFirstProduct ? 1 : 0];
      if (!recurrentJob(JOB_LSTM_FORWARD_SEQUENCE, recurrent, G, H, [gates, cellsBuf, tanhCells, hiddens], args, flops, SEQUENCE_ROWS)) {
        composed.lstmForwardSequence(gates, cellsBuf, tanhCells, hiddens, recurrent, T, B, H, skipFirstProduct);
      }
    },
    lstmBackwardSequence(dGates, gates, cellsBuf, tanhCells, dY, dHidden, dCell, recurrent, T, B, H) {
      const G = 4 * H, flops = T * (2 * B * G * H + CELL_FLOPS * B * H);
      const arrays = [dGates, gates, cellsBuf, tanhCells, dY, dHidden, dCell];
      if (!recurrentJob(JOB_LSTM_BACKWARD_SEQUENCE, recurrent, H, G, arrays, [T, B, H], flops, SEQUENCE_ROWS)) {
        composed.lstmBackwardSequence(dGates, gates, cellsBuf, tanhCells, dY, dHidden, dCell, recurrent, T, B, H);
      }
    },
    gruForwardSequence(inputGates, hiddenGates, hiddens, Rb, recurrent, T, B, H, skipFirstProduct) {
      const G = 3 * H, flops = T * (2 * B * G * H + CELL_FLOPS * B * H);
      const args = [T, B, H, skipFirstProduct ? 1 : 0];
      if (Rb.length < G || !recurrentJob(JOB_GRU_FORWARD_SEQUENCE, recurrent, G, H, [inputGates, hiddenGates, hiddens, Rb], args, flops, SEQUENCE_ROWS)) {
        composed.gruForwardSequence(inputGates, hiddenGates, hiddens, Rb, recurrent, T, B, H, skipFirstProduct);
      }
    },
    gruBackwardSequence(dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY, recurrent, T, B, H) {
      const G = 3 * H, flops = T * (2 * B * G * H + CELL_FLOPS * B * H);
      const arrays = [dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY];
      if (!recurrentJob(JOB_GRU_BACKWARD_SEQUENCE, recurrent, H, G, arrays, [T, B, H], flops, SEQUENCE_ROWS)) {
        composed.gruBackwardSequence(dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY, recurrent, T, B, H);
      }
    },
    gruForwardStep(inputGates, hiddenGates, hiddens, t, B, H) {
      if (owns(inputGates) && owns(hiddenGates) && owns(hiddens)) {
        exports.gruForwardStep(ptr(inputGates), ptr(hiddenGates), ptr(hiddens), t, B, H);
      } else cells.gruForwardStep(inputGates, hiddenGates, hiddens, t, B, H);
    },
    gruBackwardStep(dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY, t, B, H) {
      if (owns(dInputGates) && owns(dHiddenGates) && owns(dHidden) && owns(inputGates) && owns(hiddenGates) && owns(hiddens) && owns(dY)) {
        exports.gruBackwardStep(ptr(dInputGates), ptr(dHiddenGates), ptr(dHidden), ptr(inputGates), ptr(hiddenGates), ptr(hiddens), ptr(dY), t, B, H);
      } else cells.gruBackwardStep(dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY, t, B, H);
    },
  };

  // Fallback for the fused steps: the composition of this backend's own kernels.
  const composed = recurrentSteps(kernels);

  /**
   * Runs a fused recurrent job over batch rows when R was packed here and every array lives in this
   * memory (false otherwise: the caller composes it). Its arguments: the arrays, packed R, then `rest`
   * ([t or T, B, H], and the flags of a forward job).
   */
  function recurrentJob(job: number, recurrent: PreparedMatrix, N: number, K: number, arrays: Floats[], rest: number[], flops: number, minRows: number): boolean {
    if (!packedHere(recurrent, N, K) || !arrays.every(owns)) return false;
    run(job, [...arrays.map(ptr), recurrent.packedAt, ...rest], rest[1], MR, flops, minRows);
    return true;
  }

  /** One packed copy per weight matrix (keyed by where it lives and its shape), reused pass after pass. */
  const slots = new Map<string, number>();
  function packSlot(b: Floats, N: number, K: number, transposed: boolean): number {
    const key = `${b.byteOffset}:${N}:${K}:${transposed ? 't' : 'n'}`;
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = arena.reserve(exports.packedBytes(N, K));
      if (slot < 0) return -1;
      slots.set(key, slot);
    }
    return slot;
  }

  return {
    kernels,
    arena,
    get threads() {
      return runner.threads;
    },
    setThreads: runner.setThreads,
    get helperChunks() {
      return runner.helperChunks;
    },
    dispose: runner.dispose,
  };
}

/** The kernels trust their dimensions; a view too short for them would read or write its neighbours. */
function checkSizes(out: Floats, a: Floats, b: Floats, M: number, N: number, K: number, flags: number): void {
  if (out.length < M * N || a.length < M * K || b.length < N * K) {
    const kind = flags & A_TRANSPOSED ? 'matmulAtB' : flags & B_TRANSPOSED ? 'matmulABt' : 'matmulAB';
    throw new RangeError(`${kind}: arrays too short for M=${M} N=${N} K=${K}`);
  }
}

/** True where WebAssembly SIMD and shared memory are available (the backend needs both). */
export function simdAvailable(): boolean {
  try {
    if (typeof WebAssembly !== 'object' || typeof SharedArrayBuffer !== 'function') return false;
    // (module (func (result v128) v128.const i32x4 0 0 0 0))
    const probe = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11]);
    if (!WebAssembly.validate(probe)) return false;
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

export type { PreparedMatrix };

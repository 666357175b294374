// Installs the WebAssembly SIMD kernels for this process: the node-side half of
// engine/kernels/simd (it may start a worker thread, which the pure numerical core may not).
//
//   const simd = installSimdKernels({ threads: 2 });
//   const model = buildModel(spec, { dtype: 'f32', seed, allocator: simd?.allocator ?? heapAllocator });
//   ... train ...;  simd?.dispose();
//
// Returns null (and changes nothing) where WebAssembly SIMD or shared memory is unavailable:
// the engine then runs the reference TypeScript kernels.
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { useKernels, type Kernels } from '../kernels';
import { createSimdBackend, simdAvailable, type SimdBackend, type SpawnHelper } from '../kernels/simd/backend';
import { simdRelaxedWasmBase64, simdWasmBase64 } from '../kernels/simd/binary.generated';
import { helperSource } from '../kernels/simd/helperSource';
import type { Allocator } from '../tensor';

export interface InstalledSimd {
  allocator: Allocator;
  backend: SimdBackend;
  readonly threads: number;
  /** 1 to 4 threads between kernel calls (a run between batches), spinning or not (JobRunner.setThreads); returns the threads in use. */
  setThreads(threads: number, spin?: boolean): number;
  /** Restores the kernels that were installed before, and stops the helper thread. */
  dispose(): void;
}

export interface SimdInstallOptions {
  /** 1 (default) or 2: a helper thread shares every large matrix product and recurrent step. */
  threads?: number;
  minParallelFlops?: number;
  /**
   * 'auto' (default): the relaxed-SIMD build (fused multiply-add, ~40% faster products) where the
   * runtime accepts it, else the baseline SIMD build. Results of the two differ in the last bits;
   * each is deterministic on a given machine.
   */
  variant?: 'auto' | SimdVariant;
  /** Called once if the kernels' memory fills up (the rest then runs on the slower reference kernels). */
  onArenaFull?: (warning: ArenaFullWarning) => void;
}

/** What a run reports when the kernels' memory is full: the engine's `warning` event carries it. */
export interface ArenaFullWarning {
  code: 'ARENA_FULL';
  message: string;
}

export function arenaFullWarning(limitBytes: number, usedBytes: number, requestedBytes: number): ArenaFullWarning {
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 24 ? 1 : 0)} MiB`;
  return {
    code: 'ARENA_FULL',
    message: `the SIMD kernels' memory is full (${mib(usedBytes)} of ${mib(limitBytes)} used, ${mib(requestedBytes)} more asked for): `
      + 'the buffers that do not fit run on the reference kernels, several times slower. '
      + 'Lower training.batchSize, data.window or model.hiddenSize to train at full speed.',
  };
}

export type SimdVariant = 'relaxed' | 'baseline';

export const spawnWorkerHelper: SpawnHelper = (start) => {
  const worker = new Worker(helperSource, { eval: true, workerData: start });
  worker.unref(); // never keeps the process alive
  return worker;
};

/** A build of the kernels (assembly/build.mjs, which esbuild.js and the test setup run first). */
export function loadSimdBinary(variant: SimdVariant = 'baseline'): Uint8Array {
  return Buffer.from(variant === 'relaxed' ? simdRelaxedWasmBase64 : simdWasmBase64, 'base64');
}

let relaxedSupport: boolean | undefined;

/**
 * Whether this runtime runs relaxed SIMD. Recent V8 (Electron's, Node ≥ 22) has it on; Node 20's V8
 * implements it behind a flag, which is switched on here before the first relaxed module is compiled.
 */
export function relaxedSimdAvailable(): boolean {
  if (relaxedSupport === undefined) {
    const bytes = loadSimdBinary('relaxed');
    relaxedSupport = WebAssembly.validate(bytes);
    if (!relaxedSupport) {
      try {
        setFlagsFromString('--experimental-wasm-relaxed-simd');
        relaxedSupport = WebAssembly.validate(bytes);
      } catch {
        relaxedSupport = false;
      }
    }
  }
  return relaxedSupport;
}

export function createSimd(options: SimdInstallOptions = {}): SimdBackend | null {
  if (!simdAvailable()) return null;
  const wanted = options.variant ?? 'auto';
  const variant: SimdVariant = wanted === 'baseline' || !relaxedSimdAvailable() ? 'baseline' : 'relaxed';
  // The helper can always be had: with one thread it is not started until setThreads(2).
  return createSimdBackend(loadSimdBinary(variant), {
    name: variant === 'relaxed' ? 'simd-relaxed' : 'simd',
    spawnHelper: spawnWorkerHelper,
    threads: options.threads ?? 1,
    minParallelFlops: options.minParallelFlops,
  });
}

export function installSimdKernels(options: SimdInstallOptions = {}): InstalledSimd | null {
  const backend = createSimd(options);
  if (!backend) return null;
  const { arena } = backend;
  const onArenaFull = options.onArenaFull;
  if (onArenaFull) arena.onFull = (requested) => onArenaFull(arenaFullWarning(arena.limitBytes, arena.usedBytes, requested));
  const previous: Kernels = useKernels(backend.kernels);
  return {
    allocator: backend.arena,
    backend,
    get threads() {
      return backend.threads;
    },
    setThreads: (threads, spin) => backend.setThreads(threads, spin),
    dispose() {
      useKernels(previous);
      backend.dispose();
    },
  };
}

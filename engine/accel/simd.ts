// Installs the WebAssembly SIMD kernels for this process: the node-side half of
// engine/kernels/simd (it may start a worker thread, which the pure numerical core may not).
//
//   const simd = installSimdKernels({ threads: 2 });
//   const model = buildModel(spec, { dtype: 'f32', seed, allocator: simd?.allocator ?? heapAllocator });
//   ... train ...;  simd?.dispose();
//
// Returns null (and changes nothing) where WebAssembly SIMD or shared memory is unavailable:
// the engine then runs the reference TypeScript kernels.
import { Worker } from 'node:worker_threads';
import { useKernels, type Kernels } from '../kernels';
import { createSimdBackend, simdAvailable, type SimdBackend, type SpawnHelper } from '../kernels/simd/backend';
import { simdWasmBase64 } from '../kernels/simd/binary.generated';
import { helperSource } from '../kernels/simd/helperSource';
import type { Allocator } from '../tensor';

export interface InstalledSimd {
  allocator: Allocator;
  backend: SimdBackend;
  threads: number;
  /** Restores the kernels that were installed before, and stops the helper thread. */
  dispose(): void;
}

export interface SimdInstallOptions {
  /** 1 (default) or 2: a helper thread takes half of every large matrix product. */
  threads?: number;
  minParallelFlops?: number;
}

export const spawnWorkerHelper: SpawnHelper = (start) => {
  const worker = new Worker(helperSource, { eval: true, workerData: start });
  worker.unref(); // never keeps the process alive
  return worker;
};

/** The kernels' binary (built by assembly/build.mjs, which esbuild.js and the test setup run first). */
export function loadSimdBinary(): Uint8Array {
  return Buffer.from(simdWasmBase64, 'base64');
}

export function createSimd(options: SimdInstallOptions = {}): SimdBackend | null {
  if (!simdAvailable()) return null;
  const bytes = loadSimdBinary();
  const threads = options.threads ?? 1;
  return createSimdBackend(bytes, {
    spawnHelper: threads > 1 ? spawnWorkerHelper : undefined,
    minParallelFlops: options.minParallelFlops,
  });
}

export function installSimdKernels(options: SimdInstallOptions = {}): InstalledSimd | null {
  const backend = createSimd(options);
  if (!backend) return null;
  const previous: Kernels = useKernels(backend.kernels);
  return {
    allocator: backend.arena,
    backend,
    threads: backend.threads,
    dispose() {
      useKernels(previous);
      backend.dispose();
    },
  };
}

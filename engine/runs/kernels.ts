// Which kernels a run trains with. New runs take the WebAssembly SIMD kernels (the fused multiply-add
// build where the runtime has it) with a helper thread on a machine with two or more cores; a resumed
// run reinstalls exactly what it started with, because the builds differ in the last bits and a resume
// must end bit-identical to an uninterrupted run. Without WebAssembly SIMD, the reference kernels run.
//
// Two threads means two cores' worth: before every batch `beforeBatch` lets ThreadChoice
// (threadChoice.ts) measure whether the helper thread makes batches faster right now, runs with one
// thread while two are not faster, and with three (a second helper) while another process busy on the
// cores leaves two threads too small a share of them. Results never depend on it.
import { availableParallelism } from 'node:os';
import { installSimdKernels, type ArenaFullWarning, type SimdVariant } from '../accel/simd';
import type { Allocator } from '../tensor';
import type { KernelUse } from '../train/state';
import { ThreadChoice, type ThreadMode } from './threadChoice';

export interface InstalledKernels {
  use: KernelUse;
  /** The allocator models must be built with to run on these kernels (undefined: the JS heap). */
  allocator: Allocator | undefined;
  /** Set when the wanted kernels were unavailable, so a resume cannot be bit-identical. */
  warning: string | null;
  /** 1 or 2 threads from the next batch on (results do not depend on it); returns the threads in use. */
  setThreads(threads: number): number;
  /**
   * Before every batch: `wanted` threads (default: what the run started with), where 2 means two cores'
   * worth: one to three threads, whichever makes batches fastest now. Returns the threads the batch runs with.
   */
  beforeBatch(wanted?: number): number;
  dispose(): void;
}

const VARIANTS: Record<string, SimdVariant> = { simd: 'baseline', 'simd-relaxed': 'relaxed' };

/** `want` absent: the fastest kernels here. Otherwise the recorded kernels of a run being resumed. */
export function installRunKernels(want?: KernelUse, threads?: number, onArenaFull?: (warning: ArenaFullWarning) => void): InstalledKernels {
  if (want?.name === 'reference') return reference(null);
  const simd = installSimdKernels({
    variant: want ? VARIANTS[want.name] ?? 'auto' : 'auto',
    threads: want?.threads ?? threads ?? Math.min(2, availableParallelism()),
    onArenaFull,
  });
  if (!simd) return reference(want ? `this runtime has no WebAssembly SIMD, so the run continues on the reference kernels instead of ${want.name}` : null);
  const use = { name: simd.backend.kernels.name, threads: simd.threads };
  const warning = want && want.name !== use.name ? `the run started on ${want.name} kernels, which this runtime lacks; it continues on ${use.name}, so it will not be bit-identical to an uninterrupted run` : null;
  // A resumed run may have recorded one thread (a busy machine then): up to two again if there are two cores.
  const started = threads ?? Math.min(2, availableParallelism());
  const choice = new ThreadChoice();
  const setMode = ({ threads }: ThreadMode): number => {
    if (threads !== use.threads) use.threads = simd.setThreads(threads);
    return use.threads;
  };
  const setThreads = (threads: number): number => setMode({ threads: threads >= 1.5 ? 2 : 1 });
  return {
    use, allocator: simd.allocator, warning, setThreads,
    beforeBatch(wanted = started) {
      return wanted >= 2 ? setMode(choice.next()) : setThreads(1);
    },
    dispose: () => simd.dispose(),
  };
}

function reference(warning: string | null): InstalledKernels {
  return { use: { name: 'reference', threads: 1 }, allocator: undefined, warning, setThreads: () => 1, beforeBatch: () => 1, dispose() {} };
}

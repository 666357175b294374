// Work sharing with the helper threads. A job (a matrix product, or a recurrent pass over batch rows)
// is cut into tile-aligned chunks along one dimension; the main thread and the helpers claim chunks
// from a shared counter until none are left (protocol: helperSource.ts). Which thread computes a chunk
// never changes its arithmetic, so results are bit-identical with any number of threads, and a helper
// that is not scheduled (a busy machine) only means the other threads do more chunks themselves.
import type { WasmArena } from './arena';
import { C, CONTROL_INTS, MAX_HELPERS } from './helperSource';

/** What the node side needs to start a helper thread on this backend's memory. */
export interface HelperStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: number;
  scratch: number;
  /** Which helper this is (0, 1, …): helper i takes part while the runner uses more than i + 1 threads. */
  index: number;
}
export type SpawnHelper = (start: HelperStart) => { terminate(): unknown };

export interface SharingOptions {
  /** Starts the helper thread; without it everything runs on the calling thread. */
  spawnHelper?: SpawnHelper;
  /** 2 (default, with spawnHelper): the helper starts at once; 1: not until setThreads(2). */
  threads?: number;
  /** Jobs below this many flops stay on one thread (a hand-off costs ~2 µs). */
  minParallelFlops?: number;
  /** Target work per chunk (default 1e6 flops, ~40 µs here). */
  chunkFlops?: number;
  /** Let chunks shrink to one tile (tests, to exercise the split on small products). */
  tinyChunks?: boolean;
  /**
   * Busy-wait iterations before sleeping (the helper between jobs, the main thread for a last chunk),
   * while the threads spin (setThreads).
   */
  spin?: number;
}

/** A kernel entry point: its arguments, then lo, hi (the chunk) and the calling thread's scratch. */
export type JobFunction = (...args: number[]) => void;

export interface JobRunner {
  readonly threads: number;
  /**
   * 1 to MAX_HELPERS + 1, between jobs (e.g. between batches): with 1 the helpers are left asleep and
   * every job runs on the calling thread; n starts n − 1 helpers the first time (more threads than
   * cores win a busy machine's scheduler a larger share of them), and the ones beyond n − 1 rest.
   * `spin` (default true): whether the threads busy-wait for each other briefly before sleeping, which
   * on a quiet machine saves a wake-up per job. Returns the threads now in use (1 when no helper can be
   * had). Results depend on neither.
   */
  setThreads(threads: number, spin?: boolean): number;
  /** Chunks the helpers have computed so far, one count per helper started (tests check that they take part). */
  readonly helperChunks: readonly number[];
  /** Runs jobs[job](...args, lo, hi, scratch) over [0, total), in chunks that are multiples of `unit` and at least `minChunk`. */
  run(job: number, args: number[], total: number, unit: number, flops: number, minChunk: number): void;
  dispose(): void;
}

/** Work per chunk (~40 µs here): small enough that a late helper costs little, large enough to amortise a claim. */
const CHUNK_FLOPS = 1e6;
const MAX_CHUNKS = 64; // < 4096, the chunk field of NEXT
const HELPER_TIMEOUT_MS = 60_000;
const JOB_EXIT = -1;

export function createJobRunner(params: SharingOptions & {
  jobs: JobFunction[];
  arena: WasmArena;
  module: WebAssembly.Module;
  scratchBytes: number;
}): JobRunner {
  const { jobs, arena, module, scratchBytes } = params;
  const mainScratch = mustReserve(arena, scratchBytes);
  const spinLimit = params.spin ?? 1 << 14;
  let spin = spinLimit;
  const minParallelFlops = params.minParallelFlops ?? 1.5e6;
  const chunkFlops = params.chunkFlops ?? CHUNK_FLOPS;
  const tinyChunks = params.tinyChunks ?? false;

  let control: Int32Array | null = null;
  let controlOffset = -1;
  const helpers: { terminate(): unknown }[] = [];
  let threadsInUse = 1; // jobs are posted to the helpers when > 1
  let jobNumber = 0;

  /**
   * Starts helpers (once each) until `threads` - 1 run: the control block and each helper's scratch come
   * from the arena; returns the threads that can be had.
   */
  function startHelpers(threads: number): number {
    if (!params.spawnHelper) return 1;
    if (!control) {
      controlOffset = arena.reserve(CONTROL_INTS * 4);
      if (controlOffset < 0) return 1;
      control = new Int32Array(arena.memory.buffer, controlOffset, CONTROL_INTS);
      Atomics.store(control, C.SPIN, spin);
    }
    while (helpers.length < Math.min(threads - 1, MAX_HELPERS)) {
      const scratch = arena.reserve(scratchBytes);
      if (scratch < 0) break;
      // A helper started after jobs ran sees their (finished) job at once and finds no chunk left to claim.
      helpers.push(params.spawnHelper({ module, memory: arena.memory, control: controlOffset, scratch, index: helpers.length }));
    }
    return Math.min(threads, helpers.length + 1);
  }
  threadsInUse = startHelpers(params.threads ?? 2);
  if (control) Atomics.store(control, C.HELPERS, threadsInUse - 1);

  function run(job: number, args: number[], total: number, unit: number, flops: number, minChunk: number): void {
    const fn = jobs[job];
    const chunks = Math.min(MAX_CHUNKS, Math.floor(flops / chunkFlops), Math.floor(total / (tinyChunks ? unit : minChunk)));
    if (!control || threadsInUse < 2 || flops < minParallelFlops || chunks < 2) {
      fn(...args, 0, total, mainScratch);
      return;
    }
    const chunk = Math.ceil(total / chunks / unit) * unit;
    const count = Math.ceil(total / chunk);
    const ctl = control;
    ctl[C.FN] = job;
    for (let i = 0; i < args.length; i++) ctl[C.ARGS + i] = args[i];
    ctl[C.ARITY] = args.length;
    ctl[C.CHUNKS] = count;
    ctl[C.CHUNK] = chunk;
    ctl[C.TOTAL] = total;
    Atomics.store(ctl, C.FINISHED, 0);
    const posted = ++jobNumber;
    Atomics.store(ctl, C.NEXT, (posted & 0xfffff) << 12); // this job's tag, chunk 0
    Atomics.store(ctl, C.SEQ, posted);
    if (Atomics.load(ctl, C.HELPER_SLEEPING) > 0) Atomics.notify(ctl, C.SEQ);
    for (;;) {
      const next = Atomics.load(ctl, C.NEXT);
      if ((next & 0xfff) >= count) break;
      if (Atomics.compareExchange(ctl, C.NEXT, next, next + 1) !== next) continue;
      const lo = (next & 0xfff) * chunk;
      fn(...args, lo, Math.min(total, lo + chunk), mainScratch);
      Atomics.add(ctl, C.FINISHED, 1);
    }
    // Wait for a chunk the helper may still be computing: spin briefly, then sleep. A chunk takes
    // microseconds to milliseconds; a helper silent for a minute has died (its chunk may be half
    // written, so it cannot simply be redone) and the step fails rather than hanging.
    let spins = 0;
    let slept = 0;
    for (let finished = Atomics.load(ctl, C.FINISHED); finished < count; finished = Atomics.load(ctl, C.FINISHED)) {
      if (++spins < spin) continue;
      Atomics.store(ctl, C.MAIN_SLEEPING, 1);
      if (Atomics.wait(ctl, C.FINISHED, finished, 10) === 'timed-out' && ++slept > HELPER_TIMEOUT_MS / 10) {
        throw new Error('SIMD helper thread stopped responding during a kernel');
      }
      Atomics.store(ctl, C.MAIN_SLEEPING, 0);
    }
    if (ctl[C.ERROR] !== 0) throw new Error('SIMD helper thread failed on a kernel');
  }

  return {
    get threads() {
      return threadsInUse;
    },
    setThreads(threads, spinning = true) {
      spin = spinning ? spinLimit : 0;
      if (control) Atomics.store(control, C.SPIN, spin);
      threadsInUse = threads > 1 ? startHelpers(threads) : 1;
      if (control) {
        Atomics.store(control, C.HELPERS, threadsInUse - 1);
        Atomics.notify(control, C.HELPERS); // a resting helper now wanted
      }
      return threadsInUse;
    },
    get helperChunks() {
      return helpers.map((_, index) => (control ? Atomics.load(control, C.HELPER_CHUNKS + index) : 0));
    },
    run,
    dispose() {
      threadsInUse = 1;
      if (!control) return;
      Atomics.store(control, C.FN, JOB_EXIT);
      Atomics.store(control, C.SEQ, ++jobNumber);
      Atomics.store(control, C.HELPERS, MAX_HELPERS); // resting helpers too see the exit
      Atomics.notify(control, C.HELPERS);
      Atomics.notify(control, C.SEQ);
      for (const helper of helpers.splice(0)) helper.terminate();
      control = null;
    },
  };
}

function mustReserve(arena: WasmArena, bytes: number): number {
  const offset = arena.reserve(bytes);
  if (offset < 0) throw new Error('SIMD backend: no room for kernel scratch in WebAssembly memory');
  return offset;
}

// Work sharing with the helper thread. A job (a matrix product, or a recurrent step over batch rows)
// is cut into tile-aligned chunks along one dimension; the main thread and the helper claim chunks
// from a shared counter until none are left (protocol: helperSource.ts). Which thread computes a chunk
// never changes its arithmetic, so results are bit-identical with one or two threads, and a helper
// that is not scheduled (a busy machine) only means the main thread does more chunks itself.
import type { WasmArena } from './arena';
import { C, CONTROL_INTS } from './helperSource';

/** What the node side needs to start a helper thread on this backend's memory. */
export interface HelperStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: number;
  scratch: number;
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
   * 1 or 2, between jobs (e.g. between batches): with 1 the helper is left asleep and every job runs on
   * the calling thread; 2 starts the helper the first time. `spin` (default true): whether the two
   * busy-wait for each other briefly before sleeping, which on a quiet machine saves a wake-up per job,
   * while beside a busy process the spinning thread takes the core the other one needs. Returns the
   * threads now in use (1 when no helper can be had). Results depend on neither.
   */
  setThreads(threads: number, spin?: boolean): number;
  /** Chunks the helper has computed so far (tests check that it takes part). */
  readonly helperChunks: number;
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
  let helper: { terminate(): unknown } | null = null;
  let shared = false; // whether jobs are posted to the helper
  let jobNumber = 0;

  /** Starts the helper (once): its control block and scratch come from the arena, or it stays off. */
  function startHelper(): boolean {
    if (helper) return true;
    if (!params.spawnHelper) return false;
    const controlOffset = arena.reserve(CONTROL_INTS * 4);
    const scratch = controlOffset < 0 ? -1 : arena.reserve(scratchBytes);
    if (scratch < 0) return false;
    control = new Int32Array(arena.memory.buffer, controlOffset, CONTROL_INTS);
    Atomics.store(control, C.SPIN, spin);
    // A helper started after jobs ran sees their (finished) job at once and finds no chunk left to claim.
    helper = params.spawnHelper({ module, memory: arena.memory, control: controlOffset, scratch });
    return true;
  }
  if ((params.threads ?? 2) > 1) shared = startHelper();

  function run(job: number, args: number[], total: number, unit: number, flops: number, minChunk: number): void {
    const fn = jobs[job];
    const chunks = Math.min(MAX_CHUNKS, Math.floor(flops / chunkFlops), Math.floor(total / (tinyChunks ? unit : minChunk)));
    if (!control || !shared || flops < minParallelFlops || chunks < 2) {
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
    if (Atomics.load(ctl, C.HELPER_SLEEPING)) Atomics.notify(ctl, C.SEQ);
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
      return shared ? 2 : 1;
    },
    setThreads(threads, spinning = true) {
      spin = spinning ? spinLimit : 0;
      if (control) Atomics.store(control, C.SPIN, spin);
      shared = threads > 1 && startHelper();
      return shared ? 2 : 1;
    },
    get helperChunks() {
      return control ? Atomics.load(control, C.HELPER_CHUNKS) : 0;
    },
    run,
    dispose() {
      shared = false;
      if (!control || !helper) return;
      Atomics.store(control, C.FN, JOB_EXIT);
      Atomics.store(control, C.SEQ, ++jobNumber);
      Atomics.notify(control, C.SEQ);
      helper.terminate();
      helper = null;
      control = null;
    },
  };
}

function mustReserve(arena: WasmArena, bytes: number): number {
  const offset = arena.reserve(bytes);
  if (offset < 0) throw new Error('SIMD backend: no room for kernel scratch in WebAssembly memory');
  return offset;
}

// Source of a helper thread that shares large matrix products with the main thread. It is a plain
// script (evaluated by `new Worker(source, { eval: true })` in engine/accel/simd.ts), so it needs no
// file on disk and works the same from sources, bundles and tests.
//
// Work sharing: a product is cut into chunks (ranges of output rows or columns, on tile boundaries)
// and the threads claim chunks from a shared counter until none are left. Which thread computes a
// chunk never changes its arithmetic, so results are bit-identical whoever wins each claim, and when
// a helper is not scheduled (a busy machine) the others simply do its chunks instead of waiting for it.
// Helpers share the control block; helper i (workerData.index) takes part while i < HELPERS.
//
// Control block: Int32Array over the shared wasm memory (indices below). A claim is a compare-exchange
// on NEXT, which holds (job number << 12 | next chunk index), so a late helper can never claim a chunk
// of a job other than the one whose arguments it read.
/** Helper threads at most (with the calling thread, MAX_HELPERS + 1 threads): ints 29–31 count their chunks. */
export const MAX_HELPERS = 3;
export const CONTROL_INTS = 32;
export const C = {
  SEQ: 0, // job number posted by the main thread (the helper waits on it)
  FN: 1, // index into the job table (backend.ts's JOB_*, the same order), -1 = exit
  ERROR: 2, // set to 1 if a chunk threw on the helper
  NEXT: 3, // (job & 0xfffff) << 12 | next chunk
  FINISHED: 4, // chunks finished in the current job
  CHUNKS: 5, // chunks in the current job (≤ 4095)
  CHUNK: 6, // chunk length along the split dimension
  TOTAL: 7, // extent of the split dimension
  HELPER_SLEEPING: 8, // how many helpers are asleep (the main thread wakes them when > 0)
  MAIN_SLEEPING: 9,
  ARITY: 10, // how many of ARGS the job takes (it is then called with lo, hi, scratch)
  ARGS: 11, // up to 16 ints
  SPIN: 27, // busy-wait iterations before sleeping, for the helpers' next wait (JobRunner.setThreads)
  HELPERS: 28, // how many helpers take part: helper i does while i < HELPERS, the others wait on it
  HELPER_CHUNKS: 29, // chunks each helper has computed, one int per helper (a count for tests)
} as const;

export const helperSource = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, scratch, index } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
const x = instance.exports;
const jobs = [
  x.gemm, x.gemmPacked, x.lstmForwardRows, x.lstmBackwardRows, x.gruForwardRows, x.gruBackwardRows, x.weightGradients,
  x.lstmForwardSequenceRows, x.lstmBackwardSequenceRows, x.gruForwardSequenceRows, x.gruBackwardSequenceRows,
];
const ctl = new Int32Array(memory.buffer, control, ${CONTROL_INTS});
const argv = [];
let seen = 0;
for (;;) {
  // A helper beyond those in use rests on HELPERS, not SEQ, so the jobs posted meanwhile never wake it.
  for (let wanted = Atomics.load(ctl, ${C.HELPERS}); index >= wanted; wanted = Atomics.load(ctl, ${C.HELPERS})) Atomics.wait(ctl, ${C.HELPERS}, wanted);
  let spins = 0;
  const spin = Atomics.load(ctl, ${C.SPIN});
  while (Atomics.load(ctl, ${C.SEQ}) === seen) {
    if (++spins > spin) {
      Atomics.add(ctl, ${C.HELPER_SLEEPING}, 1);
      Atomics.wait(ctl, ${C.SEQ}, seen);
      Atomics.sub(ctl, ${C.HELPER_SLEEPING}, 1);
      spins = 0;
    }
  }
  seen = Atomics.load(ctl, ${C.SEQ});
  const fn = Atomics.load(ctl, ${C.FN});
  if (fn < 0) break;
  if (index >= Atomics.load(ctl, ${C.HELPERS})) continue;
  const tag = (seen & 0xfffff) << 12;
  const job = jobs[fn];
  const arity = ctl[${C.ARITY}];
  argv.length = arity + 3;
  for (let i = 0; i < arity; i++) argv[i] = ctl[${C.ARGS} + i];
  argv[arity + 2] = scratch;
  const chunks = ctl[${C.CHUNKS}], chunk = ctl[${C.CHUNK}], total = ctl[${C.TOTAL}];
  for (;;) {
    const next = Atomics.load(ctl, ${C.NEXT});
    if ((next & ~0xfff) !== tag || (next & 0xfff) >= chunks) break;
    if (Atomics.compareExchange(ctl, ${C.NEXT}, next, next + 1) !== next) continue;
    const lo = (next & 0xfff) * chunk;
    argv[arity] = lo;
    argv[arity + 1] = Math.min(total, lo + chunk);
    try {
      job.apply(null, argv);
    } catch (error) {
      Atomics.store(ctl, ${C.ERROR}, 1);
    }
    Atomics.add(ctl, ${C.HELPER_CHUNKS} + index, 1);
    if (Atomics.add(ctl, ${C.FINISHED}, 1) + 1 === chunks && Atomics.load(ctl, ${C.MAIN_SLEEPING})) Atomics.notify(ctl, ${C.FINISHED});
  }
}
`;

// Source of the helper thread that shares large matrix products with the main thread. It is a plain
// script (evaluated by `new Worker(source, { eval: true })` in engine/accel/simd.ts), so it needs no
// file on disk and works the same from sources, bundles and tests.
//
// Work sharing: a product is cut into chunks (ranges of output rows or columns, on tile boundaries)
// and both threads claim chunks from a shared counter until none are left. Which thread computes a
// chunk never changes its arithmetic, so results are bit-identical whoever wins each claim, and when
// the helper is not scheduled (a busy machine) the main thread simply does every chunk itself instead
// of waiting for it.
//
// Control block: Int32Array over the shared wasm memory (indices below). A claim is a compare-exchange
// on NEXT, which holds (job number << 12 | next chunk index), so a late helper can never claim a chunk
// of a job other than the one whose arguments it read.
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
  HELPER_SLEEPING: 8,
  MAIN_SLEEPING: 9,
  ARITY: 10, // how many of ARGS the job takes (it is then called with lo, hi, scratch)
  ARGS: 11, // up to 16 ints
  HELPER_CHUNKS: 27, // chunks the helper has computed (a count for tests)
  SPIN: 28, // busy-wait iterations before sleeping, for the helper's next wait (JobRunner.setThreads)
} as const;

export const helperSource = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, scratch } = workerData;
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
  let spins = 0;
  const spin = Atomics.load(ctl, ${C.SPIN});
  while (Atomics.load(ctl, ${C.SEQ}) === seen) {
    if (++spins > spin) {
      Atomics.store(ctl, ${C.HELPER_SLEEPING}, 1);
      Atomics.wait(ctl, ${C.SEQ}, seen);
      Atomics.store(ctl, ${C.HELPER_SLEEPING}, 0);
      spins = 0;
    }
  }
  seen = Atomics.load(ctl, ${C.SEQ});
  const fn = Atomics.load(ctl, ${C.FN});
  if (fn < 0) break;
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
    Atomics.add(ctl, ${C.HELPER_CHUNKS}, 1);
    if (Atomics.add(ctl, ${C.FINISHED}, 1) + 1 === chunks && Atomics.load(ctl, ${C.MAIN_SLEEPING})) Atomics.notify(ctl, ${C.FINISHED});
  }
}
`;

// Source of the helper thread that runs half of a large matrix product on the second core. It is a
// plain script (evaluated by `new Worker(source, { eval: true })` in engine/accel/simd.ts), so it
// needs no file on disk and works the same from sources, bundles and tests.
//
// Protocol over an Int32Array `control` in the shared wasm memory (see backend.ts):
//   [0] job number posted by the main thread   [1] job number finished by the helper
//   [2] function: 0 = gemm, 1 = gemmPacked, -1 = exit   [3] set to 1 if the job threw
//   [4..12] the function's arguments (the helper appends its own scratch pointer)
// The helper spins briefly between jobs (a recurrence posts one every few tens of microseconds),
// then sleeps in Atomics.wait.
export const CONTROL_INTS = 16;

export const helperSource = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, scratch, spin } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
const jobs = [instance.exports.gemm, instance.exports.gemmPacked];
const ctl = new Int32Array(memory.buffer, control, ${16});
let seen = 0;
for (;;) {
  let spins = 0;
  while (Atomics.load(ctl, 0) === seen) {
    if (++spins > spin) { Atomics.wait(ctl, 0, seen); spins = 0; }
  }
  seen = Atomics.load(ctl, 0);
  const fn = ctl[2];
  if (fn < 0) break;
  try {
    jobs[fn](ctl[4], ctl[5], ctl[6], ctl[7], ctl[8], ctl[9], ctl[10], ctl[11], ctl[12], scratch);
  } catch (error) {
    Atomics.store(ctl, 3, 1);
  }
  Atomics.store(ctl, 1, seen);
  Atomics.notify(ctl, 1);
}
`;

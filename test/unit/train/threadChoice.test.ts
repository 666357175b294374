// "Up to two threads" (engine/runs/threadChoice.ts): batches timed on a simulated clock, as a busy or
// quiet machine would make them, and the thread counts the chooser gives each batch; then the run's
// kernel seam (installRunKernels) following it.
import { describe, expect, it } from 'vitest';
import { installRunKernels } from '../../../engine/runs/kernels';
import { CHECK, HOLD, PROBE, ThreadChoice, WARMUP } from '../../../engine/runs/threadChoice';

/** Runs `batches` batches; `cost(threads, i)` is how long batch i takes with that many threads. Returns the threads of each. */
function simulate(batches: number, cost: (threads: 1 | 2, i: number) => number, choice = new ThreadChoiceWithClock()): (1 | 2)[] {
  const used: (1 | 2)[] = [];
  for (let i = 0; i < batches; i++) {
    const threads = choice.chooser.next();
    used.push(threads);
    choice.time += cost(threads, i);
  }
  return used;
}

class ThreadChoiceWithClock {
  time = 0;
  readonly chooser = new ThreadChoice(() => this.time);
}

const firstDecision = WARMUP + PROBE;

describe('ThreadChoice', () => {
  it('starts on two threads, probes both interleaved, and keeps one while one is clearly faster (a busy second core)', () => {
    const used = simulate(firstDecision + HOLD, (threads) => (threads === 2 ? 14 : 10));
    expect(used.slice(0, WARMUP)).toEqual([2, 2, 2, 2]);
    expect(used.slice(WARMUP, firstDecision)).toEqual([2, 1, 2, 1, 2, 1, 2, 1]);
    expect(new Set(used.slice(firstDecision))).toEqual(new Set([1]));
  });

  it('keeps two threads on a quiet machine, and when one is not clearly faster', () => {
    for (const cost of [(t: 1 | 2) => (t === 2 ? 6 : 10), (t: 1 | 2) => (t === 2 ? 10 : 9.9)]) {
      const used = simulate(firstDecision + HOLD, cost);
      expect(new Set(used.slice(firstDecision))).toEqual(new Set([2]));
    }
  });

  it('an epoch\'s evaluation inside a probe (one long batch) does not decide it', () => {
    const used = simulate(firstDecision + 10, (threads, i) => (i === WARMUP + 2 ? 900 : threads === 2 ? 6 : 10)); // the 3rd probe batch (2 threads) is slow
    expect(new Set(used.slice(firstDecision))).toEqual(new Set([2]));
  });

  it('follows the machine: one thread while the other core is busy, two again once it is free', () => {
    const busyUntil = 200;
    const used = simulate(600, (threads, i) => (i < busyUntil ? (threads === 2 ? 14 : 10) : threads === 2 ? 6 : 10));
    expect(used[firstDecision]).toBe(1);
    expect(used.slice(400)).toContain(2);
    const lastProbe = used.length - 1 - [...used].reverse().findIndex((t, i, all) => i > 0 && t !== all[i - 1]);
    expect(used.slice(lastProbe + 1).every((t) => t === 2)).toBe(true);
  });

  it('a probe that flatters two threads (busy machine: the helper wakes with credit) is overturned by the hold\'s own batches', () => {
    // Two threads right after a one-thread batch: 9 (as a probe sees them); held on two: 14; one: 10.
    let previous: 1 | 2 = 2;
    const used = simulate(2000, (threads) => {
      const took = threads === 1 ? 10 : previous === 1 ? 9 : 14;
      previous = threads;
      return took;
    });
    expect(used[firstDecision]).toBe(2); // the probe is fooled …
    expect(used.slice(firstDecision + CHECK, firstDecision + CHECK + HOLD).every((t) => t === 1)).toBe(true); // … for CHECK batches only
    const ones = used.filter((t) => t === 1).length;
    expect(ones / used.length).toBeGreaterThan(0.85);
  });

  it('a two-thread hold on a machine that stays quiet is never overturned', () => {
    const used = simulate(1000, (threads, i) => (i % 97 === 0 ? 400 : threads === 2 ? 6 : 10)); // an epoch's evaluation now and then
    const afterFirst = used.slice(firstDecision);
    const probes = afterFirst.filter((t) => t === 1).length;
    expect(probes).toBeLessThanOrEqual((PROBE / 2) * 4); // only probes run on one thread
  });

  it('probes a steady machine less and less often (the hold doubles while the same count wins)', () => {
    const used = simulate(2000, (threads) => (threads === 2 ? 6 : 10));
    const ones = used.map((t, i) => (t === 1 ? i : -1)).filter((i) => i >= 0);
    const probes = ones.filter((i, k) => k === 0 || i - ones[k - 1] > PROBE);
    const gaps = probes.slice(1).map((at, k) => at - probes[k]);
    for (let k = 1; k < gaps.length; k++) expect(gaps[k]).toBeGreaterThan(gaps[k - 1]);
  });
});

describe('the run\'s kernels follow it', () => {
  it('one thread when one is asked for; up to two when two are', () => {
    const kernels = installRunKernels(undefined, 2);
    try {
      expect(kernels.beforeBatch(1)).toBe(1);
      expect(kernels.use.threads).toBe(1);
      if (kernels.use.name === 'reference') return; // no WebAssembly SIMD here: always one
      for (let i = 0; i < WARMUP; i++) expect(kernels.beforeBatch(2)).toBe(2);
      expect(kernels.use.threads).toBe(2);
      const probe = Array.from({ length: PROBE }, () => kernels.beforeBatch());
      expect(probe).toEqual([2, 1, 2, 1, 2, 1, 2, 1]);
    } finally {
      kernels.dispose();
    }
  });
});

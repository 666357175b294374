// "Up to two threads" (engine/runs/threadChoice.ts): batches timed on a simulated clock, as a busy or
// quiet machine would make them, and the threads the chooser gives each batch (1, 2, or 3: a second
// helper beside a busy process); then the run's kernel seam (installRunKernels) following it.
import { describe, expect, it } from 'vitest';
import { installRunKernels } from '../../../engine/runs/kernels';
import { BLOCK, CHECK, HOLD, PROBE, ThreadChoice, WARMUP } from '../../../engine/runs/threadChoice';

type Used = 1 | 2 | 3;

/**
 * Runs `batches` batches; `cost(threads, i)` is how long batch i takes on that many threads (a cost
 * that takes 3 as 2, `threads > 1`, makes a third thread no faster). Returns each batch's threads.
 */
function simulate(batches: number, cost: (threads: Used, i: number) => number, choice = new ThreadChoiceWithClock()): Used[] {
  const used: Used[] = [];
  for (let i = 0; i < batches; i++) {
    const { threads } = choice.chooser.next();
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
const probePattern: Used[] = [2, 2, 2, 1, 1, 1, 3, 3, 3, 2, 2, 2, 1, 1, 1, 3, 3, 3];

describe('ThreadChoice', () => {
  it('starts on two threads, probes both in interleaved blocks, and keeps one while one is clearly faster (a busy second core)', () => {
    const used = simulate(firstDecision + HOLD, (threads) => (threads > 1 ? 14 : 10));
    expect(used.slice(0, WARMUP)).toEqual([2, 2, 2, 2]);
    expect(BLOCK).toBe(3);
    expect(used.slice(WARMUP, firstDecision)).toEqual(probePattern);
    expect(new Set(used.slice(firstDecision))).toEqual(new Set([1]));
  });

  it('keeps two threads on a quiet machine, and one on a near tie (two not clearly faster), after a second round', () => {
    const quiet = simulate(firstDecision + HOLD, (t) => (t > 1 ? 6 : 10));
    expect(new Set(quiet.slice(firstDecision))).toEqual(new Set([2]));
    for (const two of [9.5, 10, 10.5]) {
      const tie = simulate(firstDecision + PROBE + HOLD, (t) => (t > 1 ? two : 10));
      expect(tie.slice(firstDecision, firstDecision + PROBE)).toEqual(probePattern); // near the line: a second round
      expect(new Set(tie.slice(firstDecision + PROBE))).toEqual(new Set([1]));
    }
    const clearly = simulate(firstDecision + PROBE + HOLD, (t) => (t > 1 ? 8.5 : 10));
    expect(new Set(clearly.slice(firstDecision + PROBE))).toEqual(new Set([2]));
    const clearlyNot = simulate(firstDecision + HOLD, (t) => (t > 1 ? 13 : 10)); // far from the line: one round
    expect(new Set(clearlyNot.slice(firstDecision))).toEqual(new Set([1]));
  });

  it('a first round that lands near the line by chance is outvoted by the second (the editor\'s bursts)', () => {
    // Two threads 7, one 10, except that in the first round every counted two-thread batch is hit by a
    // 3 ms burst (two/one = 1.0 there, 0.85 over both rounds). One round would hold one thread.
    const firstRound = (i: number) => i >= WARMUP && i < firstDecision && (i - WARMUP) % BLOCK !== 0;
    const used = simulate(firstDecision + PROBE + HOLD, (threads, i) => (threads > 1 ? 7 + (firstRound(i) ? 3 : 0) : 10));
    expect(used.slice(firstDecision, firstDecision + PROBE)).toEqual(probePattern);
    expect(new Set(used.slice(firstDecision + PROBE))).toEqual(new Set([2]));
  });

  it('an epoch\'s evaluation inside a probe (one long batch) does not decide it', () => {
    const used = simulate(firstDecision + 10, (threads, i) => (i === WARMUP + 2 ? 900 : threads > 1 ? 6 : 10)); // the 3rd probe batch (2 threads) is slow
    expect(new Set(used.slice(firstDecision))).toEqual(new Set([2]));
  });

  it('follows the machine: one thread while the other core is busy, two again once it is free', () => {
    const busyUntil = 200;
    const used = simulate(600, (threads, i) => (i < busyUntil ? (threads > 1 ? 14 : 10) : threads > 1 ? 6 : 10));
    expect(used[firstDecision]).toBe(1);
    expect(used.slice(400)).toContain(2);
    const lastProbe = used.length - 1 - [...used].reverse().findIndex((t, i, all) => i > 0 && t !== all[i - 1]);
    expect(used.slice(lastProbe + 1).every((t) => t === 2)).toBe(true);
  });

  it('a block\'s first batch does not decide: two threads flattered right after one (a busy machine: the helper wakes with credit) lose', () => {
    // Two or three threads right after a one-thread batch: 9 (as an alternating probe saw them); otherwise 14; one: 10.
    let previous: Used = 2;
    const used = simulate(2000, (threads) => {
      const took = threads === 1 ? 10 : previous === 1 ? 9 : 14;
      previous = threads;
      return took;
    });
    expect(used.slice(firstDecision, firstDecision + HOLD).every((t) => t === 1)).toBe(true);
    expect(used.filter((t) => t === 1).length / used.length).toBeGreaterThan(0.9);
  });

  it('a slow spell on a quiet machine (everything slower for a while) does not hand the hold to one thread', () => {
    // Two threads 6, one 10; batches 150–400 all 2.5× slower. The hold's check sees 15 against the
    // probe's 10 and probes again, and two threads win again: one thread runs only in probes.
    const used = simulate(600, (threads, i) => (threads > 1 ? 6 : 10) * (i >= 150 && i < 400 ? 2.5 : 1));
    const runsOfOne = used.map((u) => (u === 1 ? '1' : '2')).join('').split('2').filter((run) => run.length > 0).map((run) => run.length);
    expect(Math.max(...runsOfOne)).toBe(BLOCK);
  });

  it('bursts of interference (the editor\'s renderer drawing a frame) do not hand batches to one thread', () => {
    // Two threads 7, one 10; 40% of batches, at random, 12 ms longer (a frame drawn on the same cores).
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const used = simulate(3000, (threads) => (threads > 1 ? 7 : 10) + (random() < 0.4 ? 12 : 0));
    const ones = used.slice(firstDecision).filter((u) => u === 1).length;
    expect(ones / (used.length - firstDecision)).toBeLessThan(0.1); // probes only
  });

  it('a two-thread hold gives way within two checks and a probe once the other core gets busy', () => {
    const busyFrom = 250; // inside the second hold (batches 120–279)
    const used = simulate(600, (threads, i) => (i < busyFrom ? (threads > 1 ? 6 : 10) : threads > 1 ? 14 : 10));
    expect(used.slice(busyFrom - 20, busyFrom)).toEqual(Array(20).fill(2)); // held on two while quiet
    const settled = busyFrom + 2 * CHECK + PROBE; // the check whose batches were all busy, then its probe
    expect(used.slice(settled, settled + HOLD / 2).every((t) => t === 1)).toBe(true);
  });

  it('a two-thread hold on a machine that stays quiet is never overturned', () => {
    const used = simulate(1000, (threads, i) => (i % 97 === 0 ? 400 : threads > 1 ? 6 : 10)); // an epoch's evaluation now and then
    const afterFirst = used.slice(firstDecision);
    const probes = afterFirst.filter((t) => t === 1).length;
    expect(probes).toBeLessThanOrEqual((PROBE / 2) * 4); // only probes run on one thread
  });

  it('beside a busy process, three threads win where two lose to one', () => {
    // C-char, --busy: one thread 10; two 10.5; three 8.5 (1.18× one).
    const used = simulate(firstDecision + PROBE + HOLD, (threads) => (threads === 1 ? 10 : threads === 2 ? 10.5 : 8.5));
    const decided = firstDecision + PROBE; // 0.85 of one thread: near the line, a second round
    expect(new Set(used.slice(decided, decided + HOLD / 2))).toEqual(new Set([3]));
  });

  it('on a quiet machine two threads win, and three only when clearly faster than two; three not clearly faster than one lose to one', () => {
    const quiet = simulate(firstDecision + HOLD, (threads) => (threads === 1 ? 10 : threads === 2 ? 6 : 7));
    expect(new Set(quiet.slice(firstDecision, firstDecision + HOLD / 2))).toEqual(new Set([2]));
    const nearTie = simulate(firstDecision + HOLD, (threads) => (threads === 1 ? 10 : threads === 2 ? 6 : 5.9)); // three not clearly faster
    expect(new Set(nearTie.slice(firstDecision, firstDecision + HOLD / 2))).toEqual(new Set([2]));
    const clearly = simulate(firstDecision + HOLD, (threads) => (threads === 1 ? 10 : threads === 2 ? 6 : 5));
    expect(new Set(clearly.slice(firstDecision, firstDecision + HOLD / 2))).toEqual(new Set([3]));
    const tie = simulate(firstDecision + PROBE + HOLD, (threads) => (threads === 1 ? 10 : threads === 2 ? 12 : 9.5));
    expect(new Set(tie.slice(firstDecision + PROBE, firstDecision + PROBE + HOLD / 2))).toEqual(new Set([1]));
  });

  it('a three-thread hold is checked as it runs, and gives way once three are no longer faster than one', () => {
    const changeAt = 250;
    const used = simulate(600, (threads, i) => (threads === 1 ? 10 : i < changeAt ? (threads === 2 ? 10.5 : 8) : 14));
    expect(used.slice(changeAt - 20, changeAt)).toEqual(Array(20).fill(3));
    const settled = changeAt + 2 * CHECK + PROBE;
    expect(used.slice(settled, settled + HOLD / 2).every((t) => t === 1)).toBe(true);
  });

  it('probes a steady machine less and less often (the hold doubles while the same count wins)', () => {
    const used = simulate(2000, (threads) => (threads > 1 ? 6 : 10));
    const ones = used.map((t, i) => (t === 1 ? i : -1)).filter((i) => i >= 0);
    const probes = ones.filter((i, k) => k === 0 || i - ones[k - 1] > PROBE);
    const gaps = probes.slice(1).map((at, k) => at - probes[k]);
    for (let k = 1; k < gaps.length; k++) expect(gaps[k]).toBeGreaterThan(gaps[k - 1]);
  });
});

describe('the run\'s kernels follow it', () => {
  it('one thread when one is asked for; one to three when two are', () => {
    const kernels = installRunKernels(undefined, 2);
    try {
      expect(kernels.beforeBatch(1)).toBe(1);
      expect(kernels.use.threads).toBe(1);
      if (kernels.use.name === 'reference') return; // no WebAssembly SIMD here: always one
      for (let i = 0; i < WARMUP; i++) expect(kernels.beforeBatch(2)).toBe(2);
      expect(kernels.use.threads).toBe(2);
      const probe = Array.from({ length: PROBE }, () => kernels.beforeBatch());
      expect(probe).toEqual(probePattern);
    } finally {
      kernels.dispose();
    }
  });
});

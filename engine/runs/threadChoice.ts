// "Up to two threads": whether the SIMD kernels' helper thread is worth having right now. On a quiet
// two-core machine it makes a batch 1.4–1.8× faster; with the other core busy (an editor, a language
// server, another run) the helper is often not scheduled when its chunk is due and the main thread
// waits for it, and two threads can be slower than one (bench/README.md, `npm run bench -- --busy`).
// Results never depend on the thread count, so the choice is free to change between any two batches:
// this measures both and keeps the faster.
//
// Protocol: a probe runs PROBE batches alternating 2, 1, 2, 1 … (interleaved, so a change of load hits
// both alike) and compares the median batch time of each; one thread wins only when it is clearly
// faster. The winner is kept for HOLD batches, twice as long each time the same count wins again (up to
// MAX_HOLD), so a steady machine is probed rarely; then it probes again.
//
// A probe flatters two threads on a busy machine: the helper, asleep through the one-thread batch
// before, is scheduled ahead of the busy process when it wakes (the scheduler's credit for sleepers), so
// a probe's two-thread batch took 10.6 ms where batches held on two threads took 15–20 ms and one thread
// 15 ms (F-small, `npm run bench -- --busy`). So a two-thread hold is checked as it runs: every CHECK
// batches, if their median is clearly slower than the probe's one-thread median, one thread takes over.

/** Batches in a probe (half with each thread count), after WARMUP batches at two threads. */
export const PROBE = 8;
export const WARMUP = 4;
export const HOLD = 80;
export const MAX_HOLD = 1280;
/** Batches of a two-thread hold whose median is compared with the probe's one-thread median. */
export const CHECK = 8;
/** One thread must be at least this much faster (median batch time) to be chosen. */
const MARGIN = 0.97;

export class ThreadChoice {
  /** The thread count the coming batch runs with. */
  threads: 1 | 2 = 2;
  private probing = false;
  private probed = 0;
  private left = WARMUP;
  private hold = HOLD;
  private won: 1 | 2 | null = null;
  private times: Record<1 | 2, number[]> = { 1: [], 2: [] };
  private last: number | null = null;
  /** The last probe's median one-thread batch time, and the batches held on two threads since the last check. */
  private oneThread = Infinity;
  private held: number[] = [];

  /** `now`: a clock in milliseconds. */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * Call before every batch: returns the threads for it. The time since the previous call is taken as
   * the previous batch's time (an epoch's evaluation falls into one batch now and then: medians ignore it).
   */
  next(): 1 | 2 {
    const now = this.now();
    if (this.last !== null) {
      if (this.probing) this.times[this.threads].push(now - this.last);
      else if (this.won === 2) this.check(now - this.last);
    }
    this.last = now;
    if (this.probing && this.probed === PROBE) this.decide();
    if (!this.probing && this.left-- <= 0) {
      this.probing = true;
      this.probed = 0;
      this.times = { 1: [], 2: [] };
    }
    if (this.probing) this.threads = this.probed++ % 2 === 0 ? 2 : 1;
    return this.threads;
  }

  private decide(): void {
    this.oneThread = median(this.times[1]);
    this.keep(this.oneThread < median(this.times[2]) * MARGIN ? 1 : 2);
  }

  private keep(choice: 1 | 2): void {
    this.hold = choice === this.won ? Math.min(MAX_HOLD, 2 * this.hold) : HOLD;
    this.won = choice;
    this.threads = choice;
    this.probing = false;
    this.left = this.hold;
    this.held = [];
  }

  /** A batch held on two threads: one takes over when the last CHECK were clearly slower than one was. */
  private check(took: number): void {
    this.held.push(took);
    if (this.held.length < CHECK) return;
    if (this.oneThread < median(this.held) * MARGIN) this.keep(1);
    this.held = [];
  }
}

function median(values: number[]): number {
  if (values.length === 0) return Infinity;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

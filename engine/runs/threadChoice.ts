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

/** Batches in a probe (half with each thread count), after WARMUP batches at two threads. */
export const PROBE = 8;
export const WARMUP = 4;
export const HOLD = 80;
export const MAX_HOLD = 1280;
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

  /** `now`: a clock in milliseconds. */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * Call before every batch: returns the threads for it. The time since the previous call is taken as
   * the previous batch's time (an epoch's evaluation falls into one batch now and then: medians ignore it).
   */
  next(): 1 | 2 {
    const now = this.now();
    if (this.probing && this.last !== null) this.times[this.threads].push(now - this.last);
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
    const choice: 1 | 2 = median(this.times[1]) < median(this.times[2]) * MARGIN ? 1 : 2;
    this.hold = choice === this.won ? Math.min(MAX_HOLD, 2 * this.hold) : HOLD;
    this.won = choice;
    this.threads = choice;
    this.probing = false;
    this.left = this.hold;
  }
}

function median(values: number[]): number {
  if (values.length === 0) return Infinity;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

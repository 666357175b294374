// "Up to two threads": whether the SIMD kernels' helper thread is worth having right now. On a quiet
// two-core machine it makes a batch 1.4–1.8× faster; with the other core busy (an editor, a language
// server, another run) the helper is often not scheduled when its chunk is due and the main thread
// waits for it, and two threads can be slower than one (bench/README.md, `npm run bench -- --busy`).
// Results never depend on the thread count, so the choice is free to change between any two batches:
// this measures both and keeps the faster.
//
// Protocol: a probe runs blocks of BLOCK batches, two threads then one, twice (2 2 2 1 1 1 2 2 2 1 1 1:
// interleaved, so a change of load hits both alike), and compares the median batch time of each count,
// leaving out each block's first batch; two threads win only when clearly faster (a near tie goes to one
// thread, which leaves the other core to the editor and the rest of the machine). The winner is
// kept for HOLD batches, twice as long each time the same count wins again (up to MAX_HOLD), so a steady
// machine is probed rarely; then it probes again.
//
// Why blocks, and why the first batch is left out: on a busy machine the helper, asleep through the
// one-thread batch before, is scheduled ahead of the busy process when it wakes (the scheduler's credit
// for sleepers), so a two-thread batch right after a one-thread one took 10.6 ms where batches held on
// two threads took 15–20 ms and one thread 15 ms (F-small, `npm run bench -- --busy`). Within a block
// the helper has run the batch before, as in a hold.
//
// A two-thread hold is also checked as it runs: every CHECK batches, if their median is not clearly
// faster than the last probe's one-thread median, it probes again at once. Again rather than switching: this
// VM's speed drifts by a third within minutes, and on a quiet machine a slow spell made the old rule
// (switch at once) hold one thread for 80 batches where two were 1.5× faster (auto 6,226 against
// 7,291 seq/s for two threads, F-small, quiet bench).

/** Batches of one thread count in a row within a probe; a block's first batch is not counted. */
export const BLOCK = 3;
/** Batches in a probe (two blocks of each count), after WARMUP batches at two threads. */
export const PROBE = 4 * BLOCK;
export const WARMUP = 4;
export const HOLD = 80;
export const MAX_HOLD = 1280;
/** Batches of a two-thread hold whose median is compared with the probe's one-thread median. */
export const CHECK = 8;
/**
 * Two threads are chosen only when their median batch time is at most this share of one thread's. On a
 * quiet machine they take 0.55–0.65 of it (bench/README.md); beside a busy process C-char's two threads
 * came within ±10% of one, each way, from one probe to the next.
 */
const TWO_THREADS_AT_MOST = 0.9;

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
      if (this.probing) this.record(now - this.last);
      else if (this.won === 2) this.check(now - this.last);
    }
    this.last = now;
    if (this.probing && this.probed === PROBE) this.decide();
    if (!this.probing && this.left-- <= 0) this.startProbe();
    if (this.probing) this.threads = Math.floor(this.probed++ / BLOCK) % 2 === 0 ? 2 : 1;
    return this.threads;
  }

  private startProbe(): void {
    this.probing = true;
    this.probed = 0;
    this.times = { 1: [], 2: [] };
  }

  /** The probe's batch just timed (number probed − 1): counted unless it opened its block. */
  private record(took: number): void {
    if ((this.probed - 1) % BLOCK !== 0) this.times[this.threads].push(took);
  }

  private decide(): void {
    this.oneThread = median(this.times[1]);
    this.keep(median(this.times[2]) <= this.oneThread * TWO_THREADS_AT_MOST ? 2 : 1);
  }

  private keep(choice: 1 | 2): void {
    this.hold = choice === this.won ? Math.min(MAX_HOLD, 2 * this.hold) : HOLD;
    this.won = choice;
    this.threads = choice;
    this.probing = false;
    this.left = this.hold;
    this.held = [];
  }

  /** A batch held on two threads: it probes again when the last CHECK were not clearly faster than one was. */
  private check(took: number): void {
    this.held.push(took);
    if (this.held.length < CHECK) return;
    if (median(this.held) > this.oneThread * TWO_THREADS_AT_MOST) this.startProbe();
    this.held = [];
  }
}

function median(values: number[]): number {
  if (values.length === 0) return Infinity;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

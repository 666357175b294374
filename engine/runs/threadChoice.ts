// "Up to two threads": whether the SIMD kernels' helper threads are worth having right now. On a quiet
// two-core machine one helper makes a batch 1.4–1.8× faster. Beside a busy process (an editor, a
// language server, another run) the scheduler shares the two cores among every thread that wants one,
// so two threads get about 4/3 of a core and often no faster than one; a third thread (a second helper;
// chunks are claimed, so whichever thread runs takes the next) gets them about 3/2, and with
// `npm run bench -- --busy` trained F-mid and C-char 1.1–1.2× faster than two. On a quiet machine it is
// no faster than two, and is then left asleep. Results never depend on the mode, so it is free to change
// between any two batches: this measures the three and keeps the fastest.
//
// Protocol: a probe runs blocks of BLOCK batches of each mode in turn, twice (two threads, one, three,
// and again: interleaved, so a change of load hits all alike), and compares each mode's typical batch
// time (the mean of its faster half), leaving out each block's first batch. Three threads win over two
// only when clearly faster, and more than one thread only when clearly faster than one (a near tie goes
// to fewer, which leaves the cores to the editor and the rest of the machine). A probe that lands close
// to that line runs a second round first. The winner is kept for HOLD batches, twice as long each time
// the same mode wins again (up to MAX_HOLD), so a steady machine is probed rarely; then it probes again.
//
// Why blocks, and why the first batch is left out: on a busy machine the helper, asleep through the
// one-thread batch before, is scheduled ahead of the busy process when it wakes (the scheduler's credit
// for sleepers), so a two-thread batch right after a one-thread one took 10.6 ms where batches held on
// two threads took 15–20 ms and one thread 15 ms (F-small, `npm run bench -- --busy`). Within a block
// the helper has run the batch before, as in a hold.
//
// Typical, not median: what else runs on the machine only ever adds time to a batch, in bursts. In the
// editor the renderer drawing the panel made one-thread probe batches of one run take 9.7–24 ms and
// two-thread ones 6.4–17 ms; medians of four then picked one thread on a third of the probes, and auto
// trained 10% slower than two threads held throughout (bench/editor.mjs).
//
// A hold on two or three threads is also checked as it runs: every CHECK batches, if their typical time is
// not clearly faster than the last probe's one-thread time, it probes again at once. Again rather than switching:
// this VM's speed drifts by a third within minutes, and on a quiet machine a slow spell made the old rule
// (switch at once) hold one thread for 80 batches where two were 1.5× faster (auto 6,226 against 7,291
// seq/s for two threads, F-small, quiet bench).

/** How a batch runs: on one thread, or shared with one or two helper threads. */
export interface ThreadMode {
  threads: 1 | 2 | 3;
}

export const ONE: ThreadMode = { threads: 1 };
export const TWO: ThreadMode = { threads: 2 };
export const THREE: ThreadMode = { threads: 3 };
/** A probe's modes, in the order of their blocks. */
export const PROBED: readonly ThreadMode[] = [TWO, ONE, THREE];

/** Batches of one mode in a row within a probe; a block's first batch is not counted. */
export const BLOCK = 3;
/** Batches in a probe (two blocks of each mode), after WARMUP batches of TWO. */
export const PROBE = 2 * PROBED.length * BLOCK;
export const WARMUP = 4;
export const HOLD = 80;
export const MAX_HOLD = 1280;
/** Batches of a hold on two or three threads whose typical time is compared with the probe's one-thread time. */
export const CHECK = 8;
/**
 * Two (or three) threads are chosen only when their typical batch time is at most this share of one
 * thread's. On a quiet machine two take 0.55–0.65 of it (bench/README.md); beside a busy process C-char's
 * two threads came within ±10% of one, each way, from one probe to the next.
 */
const MORE_THREADS_AT_MOST = 0.9;
/**
 * Three threads are chosen over two only when their time is at most this share of two threads'. Beside
 * a busy process they took 0.80–0.95 of it (F-mid, C-char); on a quiet machine 0.9–1.05, where a near
 * tie must not give a third thread to batches two run as fast.
 */
const THREE_AT_MOST = 0.95;
/**
 * A probe whose two or three threads came near the line (0.81–1.2 of one thread's time) runs a second round and
 * decides on both rounds' batches. Four counted batches of a mode are few beside the editor: in two
 * runs there (bench/editor.mjs) probes put two threads at 0.53–1.19 of one thread's time where their
 * batches took 0.76–0.79 of one thread's overall, and the 6 of 25 probes at 0.9 or more each handed 80
 * batches to one thread. The band leans that way because the errors cost unlike: a two-thread hold
 * that is not faster is probed again after CHECK batches, a one-thread hold runs its length.
 */
const UNSURE_BELOW = 0.9, UNSURE_ABOVE = 1.35; // × MORE_THREADS_AT_MOST

export class ThreadChoice {
  /** The mode the coming batch runs with. */
  mode: ThreadMode = TWO;
  private probing = false;
  private probed = 0;
  /** Whether this probe has already run a second round. */
  private extended = false;
  private left = WARMUP;
  private hold = HOLD;
  private won: ThreadMode | null = null;
  private times = new Map<ThreadMode, number[]>();
  private last: number | null = null;
  /** The last probe's typical one-thread batch time, and the batches held on more threads since the last check. */
  private oneThread = Infinity;
  private held: number[] = [];

  /** `now`: a clock in milliseconds. */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * Call before every batch: returns the mode for it. The time since the previous call is taken as the
   * previous batch's time (an epoch's evaluation falls into one batch now and then: the slower half is not counted).
   */
  next(): ThreadMode {
    const now = this.now();
    if (this.last !== null) {
      if (this.probing) this.record(now - this.last);
      else if (this.won && this.won.threads > 1) this.check(now - this.last);
    }
    this.last = now;
    if (this.probing && this.probed === PROBE) this.decide();
    if (!this.probing && this.left-- <= 0) this.startProbe();
    if (this.probing) this.mode = PROBED[Math.floor(this.probed++ / BLOCK) % PROBED.length];
    return this.mode;
  }

  private startProbe(): void {
    this.probing = true;
    this.probed = 0;
    this.extended = false;
    this.times = new Map(PROBED.map((mode) => [mode, []]));
  }

  /** The probe's batch just timed (number probed − 1): counted unless it opened its block. */
  private record(took: number): void {
    if ((this.probed - 1) % BLOCK !== 0) this.times.get(this.mode)!.push(took);
  }

  private decide(): void {
    const timeOf = (mode: ThreadMode) => typical(this.times.get(mode)!);
    this.oneThread = timeOf(ONE);
    const more = timeOf(THREE) <= timeOf(TWO) * THREE_AT_MOST ? THREE : TWO;
    const share = timeOf(more) / this.oneThread / MORE_THREADS_AT_MOST; // ≤ 1: more threads win
    if (!this.extended && share > UNSURE_BELOW && share < UNSURE_ABOVE) {
      this.extended = true; // a second round of blocks; its times join the first's
      this.probed = 0;
      return;
    }
    this.keep(share <= 1 ? more : ONE);
  }

  private keep(choice: ThreadMode): void {
    this.hold = choice === this.won ? Math.min(MAX_HOLD, 2 * this.hold) : HOLD;
    this.won = choice;
    this.mode = choice;
    this.probing = false;
    this.left = this.hold;
    this.held = [];
  }

  /** A batch held on two or three threads: it probes again when the last CHECK were not clearly faster than one was. */
  private check(took: number): void {
    this.held.push(took);
    if (this.held.length < CHECK) return;
    if (typical(this.held) > this.oneThread * MORE_THREADS_AT_MOST) this.startProbe();
    this.held = [];
  }
}

/** The mean of the faster half: interference only adds time, so the fast batches show a mode's own speed. */
function typical(values: number[]): number {
  if (values.length === 0) return Infinity;
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.max(1, sorted.length >> 1);
  let sum = 0;
  for (let i = 0; i < half; i++) sum += sorted[i];
  return sum / half;
}

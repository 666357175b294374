// What the host tells a training worker through shared memory: stop, interrupt, and how many threads.
// The training loop reads both before every batch, so a stop lands within one batch even while the
// worker's event loop is busy, and the thread count can change between batches (results do not
// depend on it).

const STOP = 0;
const THREADS = 1;
const INTERRUPT = 2;

export class WorkerControl {
  private readonly cells: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT)) {
    this.cells = new Int32Array(buffer);
  }

  requestStop(): void {
    Atomics.store(this.cells, STOP, 1);
  }

  get stopRequested(): boolean {
    return Atomics.load(this.cells, STOP) !== 0;
  }

  /**
   * Ends the run at its next batch like requestStop, but unfinished: its checkpoint is saved and its
   * lock released, nothing is scored and no summary written, so it stays interrupted and resumable (the
   * extension is being deactivated).
   */
  requestInterrupt(): void {
    Atomics.store(this.cells, INTERRUPT, 1);
    this.requestStop();
  }

  get interruptRequested(): boolean {
    return Atomics.load(this.cells, INTERRUPT) !== 0;
  }

  /** 0 until the host sets it: the engine's default. */
  get threads(): number {
    return Atomics.load(this.cells, THREADS);
  }

  set threads(count: number) {
    Atomics.store(this.cells, THREADS, count);
  }
}

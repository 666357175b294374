import type { TrainingEvent } from '../../engine/index';

// The worker posts a run's events to the host in order. A batch event every few milliseconds would
// flood the host's event loop, so batch events are held and sent together at most every
// `intervalMs`; any other event (epoch, sample, checkpoint, done, error) flushes what is held and
// goes at once. Nothing is dropped. Pure, so vitest can check it.

export class EventBatcher {
  private held: TrainingEvent[] = [];
  private lastSent = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly send: (events: TrainingEvent[]) => void,
    private readonly intervalMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(event: TrainingEvent): void {
    this.held.push(event);
    if (event.type !== 'batch' || this.now() - this.lastSent >= this.intervalMs) this.flush();
  }

  /** Sends whatever is held (the run ended, or the worker is about to report a failure). */
  flush(): void {
    if (this.held.length === 0) return;
    const events = this.held;
    this.held = [];
    this.lastSent = this.now();
    this.send(events);
  }
}

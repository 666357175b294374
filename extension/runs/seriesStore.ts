import type { EpochEvent, SampleEvent, StartEvent, DoneEvent, TrainingEvent } from '../../engine/index';
import type { BatchColumns, RunSeries } from '../../webview/protocol';

// One run's curves as the host keeps them: every batch's step, epoch and loss in growable typed
// columns, every epoch event, and its samples; plus what the run's meta needs (start, last done).
// Append-only, so a panel remembers how far it has sent (a `SeriesCursor`) and posts the rest.
// Built from metrics.jsonl for runs on disk and from the worker's events for live ones. Pure.

export interface SeriesCursor {
  batches: number;
  epochs: number;
  samples: number;
}

export class SeriesStore {
  private step = new Float64Array(256);
  private epoch = new Float64Array(256);
  private loss = new Float64Array(256);
  private batchCount = 0;
  readonly epochs: EpochEvent[] = [];
  private readonly samples: SampleEvent[] = [];
  /** The first start event (a resumed run's later starts only say where it picked up). */
  start: StartEvent | null = null;
  done: DoneEvent | null = null;
  /** The latest error event's message (a diverged or failed run says why). */
  lastError: string | null = null;
  /** Where the latest batch event was: the progress of an epoch in progress. */
  lastBatch: { readonly epoch: number; readonly batch: number; readonly batches: number } | null = null;

  static from(events: readonly TrainingEvent[]): SeriesStore {
    const store = new SeriesStore();
    store.append(events);
    return store;
  }

  get batchPoints(): number {
    return this.batchCount;
  }

  append(events: readonly TrainingEvent[]): void {
    for (const event of events) {
      switch (event.type) {
        case 'start':
          this.start ??= event;
          this.done = null; // a resumed run is live again
          break;
        case 'batch':
          this.pushBatch(event.step, event.epoch, event.loss);
          this.lastBatch = { epoch: event.epoch, batch: event.batch, batches: event.batches };
          break;
        case 'epoch':
          this.epochs.push(event);
          break;
        case 'sample':
          this.samples.push(event);
          break;
        case 'done':
          this.done = event;
          break;
        case 'error':
          this.lastError = event.message;
          break;
        case 'checkpoint':
        case 'warning': // shown as a notification and logged when it arrives (RunManager)
          break;
        default:
          return assertNever(event);
      }
    }
  }

  /** Everything from `cursor` on (all of it for a fresh cursor), and moves the cursor to the end. */
  takeSince(cursor: SeriesCursor): RunSeries {
    const series: RunSeries = {
      batches: this.columns(cursor.batches, this.batchCount),
      epochs: this.epochs.slice(cursor.epochs),
      samples: this.samplesSince(cursor.samples),
    };
    cursor.batches = this.batchCount;
    cursor.epochs = this.epochs.length;
    cursor.samples = this.samples.length;
    return series;
  }

  /** True when `cursor` has not seen everything yet. */
  hasNews(cursor: SeriesCursor): boolean {
    return cursor.batches < this.batchCount || cursor.epochs < this.epochs.length || cursor.samples < this.samples.length;
  }

  private samplesSince(from: number): SampleEvent[] {
    // Text runs show every epoch's sample; the others only the latest, which replaces the previous.
    if (this.start?.task === 'text' || from >= this.samples.length) return this.samples.slice(from);
    return this.samples.slice(-1);
  }

  private columns(from: number, to: number): BatchColumns {
    return { step: this.step.slice(from, to), epoch: this.epoch.slice(from, to), loss: this.loss.slice(from, to) };
  }

  private pushBatch(step: number, epoch: number, loss: number): void {
    if (this.batchCount === this.step.length) {
      const grow = (column: Float64Array): Float64Array<ArrayBuffer> => {
        const larger = new Float64Array(column.length * 2);
        larger.set(column);
        return larger;
      };
      this.step = grow(this.step);
      this.epoch = grow(this.epoch);
      this.loss = grow(this.loss);
    }
    this.step[this.batchCount] = step;
    this.epoch[this.batchCount] = epoch;
    this.loss[this.batchCount] = loss;
    this.batchCount++;
  }
}

export function freshCursor(): SeriesCursor {
  return { batches: 0, epochs: 0, samples: 0 };
}

/**
 * The events of a run folder that a resume continues from: everything up to the checkpoint it resumes
 * at (metrics.jsonl may hold a few more, flushed after that checkpoint, which the resumed run redoes).
 */
export function eventsUpToCheckpoint(events: readonly TrainingEvent[], at: { epoch: number; batch: number }): TrainingEvent[] {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event.type === 'checkpoint' && event.epoch === at.epoch && event.batch === at.batch) return events.slice(0, i + 1);
  }
  return [];
}

function assertNever(event: never): never {
  throw new Error(`unknown training event: ${JSON.stringify(event)}`);
}

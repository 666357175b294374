import type { RunSeries } from '../protocol';
import { Column, lowerBound } from './column';
import type { EpochEvent, SampleEvent } from './engineEvents';

// Every point of every run of the panel's config, as the host sent them: a snapshot replaces a run's
// curves, `append` extends them. Nothing is dropped or thinned here (drawing decimates, the store
// keeps all), and the store remembers what changed so that a frame redraws only that.
//
// A resumed run repeats the steps after its last checkpoint: points whose step (or epoch) is not past
// the run's last one replace the stored ones from there on, so the curve continues instead of
// doubling back.

export interface RunCurves {
  /** Per-batch training loss, one entry per optimiser step, as parallel columns sorted by step. */
  readonly steps: Column;
  readonly batchEpochs: Column;
  readonly losses: Column;
  /** Every epoch event, in order. */
  readonly epochs: EpochEvent[];
  /** Text runs: every epoch's sample; forecast and classify runs: the latest only. */
  readonly samples: SampleEvent[];
}

export interface RunChange {
  /** The first batch index that changed (points before it are as they were); Infinity if none. */
  batchesFrom: number;
  epochs: boolean;
  samples: boolean;
}

export class SeriesStore {
  private readonly runs = new Map<string, RunCurves>();
  private changes = new Map<string, RunChange>();

  get(id: string): RunCurves | undefined {
    return this.runs.get(id);
  }

  ids(): string[] {
    return [...this.runs.keys()];
  }

  /** A snapshot's series: the run's curves become exactly these. */
  replace(id: string, series: RunSeries): void {
    const curves: RunCurves = { steps: new Column(), batchEpochs: new Column(), losses: new Column(), epochs: [], samples: [] };
    this.runs.set(id, curves);
    this.extend(curves, series);
    this.changes.set(id, { batchesFrom: 0, epochs: true, samples: true });
  }

  /** New points of a run; a run the store has not seen yet starts empty. */
  append(id: string, series: RunSeries): void {
    let curves = this.runs.get(id);
    if (!curves) {
      curves = { steps: new Column(), batchEpochs: new Column(), losses: new Column(), epochs: [], samples: [] };
      this.runs.set(id, curves);
    }
    const change = this.extend(curves, series);
    const pending = this.changes.get(id);
    this.changes.set(id, pending ? {
      batchesFrom: Math.min(pending.batchesFrom, change.batchesFrom),
      epochs: pending.epochs || change.epochs,
      samples: pending.samples || change.samples,
    } : change);
  }

  /** Forgets the runs whose ids are not in `ids` (they were deleted); returns the forgotten ids. */
  retain(ids: ReadonlySet<string>): string[] {
    const forgotten = [...this.runs.keys()].filter((id) => !ids.has(id));
    for (const id of forgotten) {
      this.runs.delete(id);
      this.changes.delete(id);
    }
    return forgotten;
  }

  /** What changed since the last call, by run id. */
  takeChanges(): Map<string, RunChange> {
    const changes = this.changes;
    this.changes = new Map();
    return changes;
  }

  private extend(curves: RunCurves, series: RunSeries): RunChange {
    const change: RunChange = { batchesFrom: Infinity, epochs: false, samples: false };
    const step = numbers(series.batches.step);
    const epoch = numbers(series.batches.epoch);
    const loss = numbers(series.batches.loss);
    const count = Math.min(step.length, epoch.length, loss.length);
    for (let i = 0; i < count; i++) {
      if (!Number.isFinite(step[i])) continue;
      if (curves.steps.length > 0 && step[i] <= curves.steps.last()) {
        const cut = lowerBound(curves.steps.view(), step[i]);
        curves.steps.truncate(cut);
        curves.batchEpochs.truncate(cut);
        curves.losses.truncate(cut);
      }
      change.batchesFrom = Math.min(change.batchesFrom, curves.steps.length);
      curves.steps.push(step[i]);
      curves.batchEpochs.push(epoch[i]);
      curves.losses.push(loss[i]);
    }
    for (const event of series.epochs) {
      dropFrom(curves.epochs, event.epoch);
      curves.epochs.push(event);
      change.epochs = true;
    }
    for (const event of series.samples) {
      if (event.sample.task === 'text') dropFrom(curves.samples, event.epoch);
      else curves.samples.length = 0;
      curves.samples.push(event);
      change.samples = true;
    }
    return change;
  }
}

/** Drops the trailing events of epoch `epoch` or later (a resumed run repeats them). */
function dropFrom(events: { readonly epoch: number }[], epoch: number): void {
  let keep = events.length;
  while (keep > 0 && events[keep - 1].epoch >= epoch) keep--;
  events.length = keep;
}

/**
 * A column as it arrived: a typed array or an array, or (should a transport flatten a typed array
 * into a plain object, as JSON does) its values in index order.
 */
export function numbers(column: unknown): ArrayLike<number> {
  if (Array.isArray(column) || ArrayBuffer.isView(column)) return column as unknown as ArrayLike<number>;
  if (typeof column === 'object' && column !== null) return Object.values(column).map(Number);
  return [];
}

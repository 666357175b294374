import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRunEventsFrom, RUN_FILES, RUN_LOG_START, type RunLogPosition } from '../../engine/index';
import { SeriesStore } from './seriesStore';

// The curves of a run this window does not train (finished, or trained by the CLI or another window),
// from its metrics.jsonl: read off the host's critical path (the engine reads a chunk per turn of the
// event loop, and the logs of all runs are read one after another, not all at once) and followed
// while it grows, only the new lines each time. A log cut back by a resume is read again from its
// start into a new store.

/** Runs reads one at a time (a panel of many runs would otherwise parse all their logs in one turn). */
export class ReadQueue {
  private tail: Promise<void> = Promise.resolve();

  run(read: () => Promise<void>): void {
    this.tail = this.tail.then(read, read);
  }
}

export class RunLogFollower {
  private current = new SeriesStore();
  private position: RunLogPosition = RUN_LOG_START;
  private reading = false;
  /** The log's size when it was last read (-1: never). */
  private readSize = -1;

  constructor(private readonly runDir: string, private readonly queue: ReadQueue) {}

  /**
   * What has been read so far; a read of what was appended since starts if the log changed. A run
   * that has ended (`settled`) is read once and not looked at again.
   */
  store(settled: boolean): SeriesStore {
    if (!this.reading && !(settled && this.readSize >= 0)) this.follow();
    return this.current;
  }

  private follow(): void {
    const size = sizeOf(path.join(this.runDir, RUN_FILES.metrics));
    if (size === this.readSize) return;
    this.reading = true;
    this.queue.run(() => readRunEventsFrom(this.runDir, this.position).then(({ events, next, restarted }) => {
      if (restarted) this.current = new SeriesStore();
      this.current.append(events);
      this.position = next;
      this.readSize = size;
    }, () => {
      this.readSize = size; // a damaged log: what was read stays; it is read again once it changes
    }).finally(() => {
      this.reading = false;
    }));
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

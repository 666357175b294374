// metrics.jsonl: every event of a run, one JSON object per line, only ever appended (never rewritten:
// a run of 100,000 batches writes each line once). Lines are written at least every two seconds, and
// before each epoch's validation, so a run can be watched live from the file.
//
// Consistent with checkpoint.bin by construction: a checkpoint's own event is appended and synced to
// disk before the checkpoint is written, and the checkpoint records the log's length at that point.
// A resume truncates the log to that length, so after any crash the log holds every event up to the
// checkpoint the run continues from, then the resumed run's events: nothing missing, nothing twice.
// A run's end is appended (and synced) before summary.json is written, so a finished run's log ends
// with its `done` event.
import * as fs from 'node:fs';
import type { TrainingEvent } from '../train/events';
import { writePoint } from './faults';

/** Lines wait at most this long in memory while events keep coming. */
export const LOG_FLUSH_MS = 2000;

export class RunLog {
  private pending: string[] = [];
  private lastFlush: number;

  private constructor(
    private readonly fd: number,
    /** Bytes in the file: those written so far. */
    private bytes: number,
    /** Throws when the trainer may no longer write the folder (its lock was taken over). */
    private readonly beforeWrite: () => void,
    private readonly now: () => number,
  ) {
    this.lastFlush = now();
  }

  /** A new run's log (an empty file). */
  static create(file: string, beforeWrite: () => void = () => {}, now: () => number = Date.now): RunLog {
    return new RunLog(fs.openSync(file, 'w'), 0, beforeWrite, now);
  }

  /**
   * An existing log, continued after `keepBytes` (the length a checkpoint recorded; null for checkpoints
   * made before lengths were recorded: then after the last complete line). Returns the log and, when it
   * is shorter than the checkpoint says (edited or lost), a warning.
   */
  static resume(file: string, keepBytes: number | null, beforeWrite: () => void = () => {}, now: () => number = Date.now): { log: RunLog; warning: string | null } {
    const text = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
    const complete = text.lastIndexOf(0x0a) + 1; // after the last '\n'
    let keep = keepBytes ?? complete;
    let warning: string | null = null;
    if (keep > text.length || (keep > 0 && text[keep - 1] !== 0x0a)) {
      warning = `${file} holds ${text.length} bytes but the checkpoint counts ${keepBytes}: events before the resume are missing from it`;
      keep = Math.min(complete, keep);
    }
    if (keep < text.length) {
      writePoint('metrics.jsonl truncation');
      fs.truncateSync(file, keep);
    }
    return { log: new RunLog(fs.openSync(file, 'a'), keep, beforeWrite, now), warning };
  }

  /** Queues an event; writes what is queued when it has waited long enough, or when validation follows. */
  record(event: TrainingEvent): void {
    this.pending.push(JSON.stringify(event));
    const epochEnds = event.type === 'batch' && event.batch === event.batches;
    if (epochEnds || this.now() - this.lastFlush >= LOG_FLUSH_MS) this.flush(false);
  }

  /** Appends what is queued; `durable` syncs it to disk (before a checkpoint or summary counts on it). */
  flush(durable: boolean): void {
    this.lastFlush = this.now();
    if (this.pending.length > 0) {
      this.beforeWrite();
      const bytes = Buffer.from(this.pending.join('\n') + '\n');
      this.pending = [];
      writePoint('metrics.jsonl', () => fs.writeSync(this.fd, bytes, 0, bytes.length >> 1));
      for (let written = 0; written < bytes.length; ) written += fs.writeSync(this.fd, bytes, written, bytes.length - written);
      this.bytes += bytes.length;
    }
    if (durable) fs.fsyncSync(this.fd);
  }

  /** Bytes written so far (what a checkpoint records, after a durable flush). */
  get length(): number {
    return this.bytes;
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  /** Appends one event to a log no trainer is writing (releaseRun): after its last complete line. */
  static appendAfterCrash(file: string, event: TrainingEvent): void {
    const { log } = RunLog.resume(file, null);
    try {
      log.record(event);
      log.flush(true);
    } finally {
      log.close();
    }
  }
}

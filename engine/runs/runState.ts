// What state a run is in, decided in one place for everyone (the CLI, the extension, the runs view):
//   a live run.lock                       → running (whatever else the folder holds, e.g. the summary
//                                           of the stop before a resume)
//   summary.json and no live lock         → its status
//   a checkpoint, no summary, no live lock → interrupted (its trainer ended without finishing): resumable
//   nothing usable                        → failed
// and the release of a dead trainer's run, which records `failed` through the engine (or, for a trainer
// ended on purpose, leaves it interrupted): nothing but the engine writes a run folder.
import * as fs from 'node:fs';
import type { SeqLabConfig } from '../config/schema.generated';
import { atomicWriteFileSync } from '../io/atomicWrite';
import type { RunStatus } from '../train/events';
import { peekCheckpointHeader } from '../train/checkpoint';
import type { CheckpointHeader } from '../train/state';
import { describeHolder, lockFile, readLockFile, type RunLock } from './lock';
import { runFile, type RunInfo } from './runFolder';
import { RunLog } from './runLog';
import { failedSummary, type RunSummary } from './summary';

export type RunStateKind = 'running' | 'interrupted' | RunStatus;

export interface RunState {
  kind: RunStateKind;
  /** Set when running. */
  lock: RunLock | null;
  summary: RunSummary | null;
  /** Resumable progress, when there is a checkpoint: epochs done and batches done in the next one. */
  checkpoint: { epoch: number; batch: number; bestEpoch: number } | null;
  /** Why it failed or what is wrong, for the user. */
  reason: string | null;
}

export function runState(runDir: string): RunState {
  const held = readLockFile(runDir);
  const summary = readJsonOrNull<RunSummary>(runFile(runDir, 'summary'));
  const checkpoint = peekCheckpoint(runDir);
  if (held.kind !== 'none' && held.live) {
    return { kind: 'running', lock: held.kind === 'held' ? held.lock : null, summary, checkpoint, reason: null };
  }
  if (summary) return { kind: summary.status, lock: null, summary, checkpoint, reason: summary.status === 'completed' || !summary.message ? null : summary.message };
  const gone = held.kind === 'held' ? `${describeHolder(held.lock)} ended without finishing` : 'its trainer ended without finishing';
  if (checkpoint) return { kind: 'interrupted', lock: null, summary, checkpoint, reason: gone };
  const why = fs.existsSync(runFile(runDir, 'config')) ? `${gone} before its first checkpoint` : 'not a SeqLab run folder (no config.json)';
  return { kind: 'failed', lock: null, summary, checkpoint, reason: why };
}

/** One line for the CLI: "running (the trainer with pid …)", "interrupted after epoch 2, batch 5 (resumable)", "completed". */
export function describeRunState(state: RunState): string {
  const at = state.checkpoint ? ` after epoch ${state.checkpoint.epoch}${state.checkpoint.batch > 0 ? `, batch ${state.checkpoint.batch}` : ''}` : '';
  switch (state.kind) {
    case 'running':
      return `running (${describeHolder(state.lock)})`;
    case 'interrupted':
      return `interrupted${at}, resumable (${state.reason})`;
    case 'completed':
    case 'early-stopped':
      return `${state.kind} after ${state.summary?.epochs} epoch(s), best epoch ${state.summary?.bestEpoch}`;
    default:
      return `${state.kind}${at}${state.reason ? ` (${state.reason})` : ''}`;
  }
}

/**
 * Ends the run of a trainer that died (e.g. a worker thread the extension host terminated), if run.lock
 * still holds `token`: records `failed` and `reason` in summary.json and removes the lock. Returns
 * whether it did; false means the lock is another trainer's, or gone.
 */
export function releaseRun(runDir: string, token: string, reason: string): boolean {
  const held = readLockFile(runDir);
  if (held.kind !== 'held' || held.lock.token !== token) return false;
  const config = readJsonOrNull<SeqLabConfig>(runFile(runDir, 'config'));
  const info = readJsonOrNull<RunInfo>(runFile(runDir, 'run'));
  if (config && info) {
    const checkpoint = peekCheckpoint(runDir);
    const progress = { epochs: checkpoint?.epoch ?? 0, bestEpoch: checkpoint?.bestEpoch ?? 0 };
    // As a run that ends: `done` in the log (after its last complete line), then the summary.
    RunLog.appendAfterCrash(runFile(runDir, 'metrics'), { type: 'done', status: 'failed', ...progress, message: reason });
    atomicWriteFileSync(runFile(runDir, 'summary'), JSON.stringify(failedSummary(config.data.task, reason, info.configHash, progress), null, 2) + '\n');
  }
  fs.rmSync(lockFile(runDir), { force: true });
  return true;
}

/**
 * Releases the lock of a trainer that was ended on purpose before it finished (an editor window closing
 * terminated it mid-run), if run.lock still holds `token`, and writes nothing else: the run is then
 * interrupted, and `resume` continues it from its last checkpoint (with none yet, it failed before its
 * first). Returns whether it did.
 */
export function releaseInterruptedRun(runDir: string, token: string): boolean {
  const held = readLockFile(runDir);
  if (held.kind !== 'held' || held.lock.token !== token) return false;
  fs.rmSync(lockFile(runDir), { force: true });
  return true;
}

/** Progress from the checkpoint's header (its first few kilobytes), or null without a readable one. */
export function peekCheckpoint(runDir: string): RunState['checkpoint'] {
  let fd: number;
  try {
    fd = fs.openSync(runFile(runDir, 'checkpoint'), 'r');
  } catch {
    return null;
  }
  try {
    const header = peekCheckpointHeader<CheckpointHeader>((offset, length) => {
      const bytes = new Uint8Array(length);
      return bytes.subarray(0, fs.readSync(fd, bytes, 0, length, offset));
    });
    return header ? { epoch: header.progress.epoch, batch: header.progress.batch, bestEpoch: header.best.epoch } : null;
  } finally {
    fs.closeSync(fd);
  }
}

function readJsonOrNull<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

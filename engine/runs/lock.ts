// run.lock: one writer per run folder. `train` and `resume` (the CLI, or the extension's training
// worker) take it before they write anything into the folder, and remove it when they end.
//   { pid, host, token, started, heartbeat }
// It is created exclusively (O_EXCL), so of two writers racing for a folder exactly one gets it; the
// other is refused with a message naming the holder. The holder refreshes `heartbeat` every few seconds.
//
// Whether a holder is alive:
//   this host     by its pid. A trainer that is a worker thread has the pid of the extension host, which
//                 outlives it: that host releases a dead worker's run with the lock's token (releaseRun).
//   another host  (a run folder on a shared drive) by the heartbeat, stale after a minute: the heartbeat
//                 cannot tick while a large split is scored synchronously, so it is given that long.
// A stale lock (its process is gone) is taken over with a warning.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SeqLabError } from '../errors';
import { atomicWriteFileSync, writeSyncedFile } from '../io/atomicWrite';
import { writePoint } from './faults';
import { RUN_FILES } from './runFolder';

export interface RunLock {
  pid: number;
  host: string;
  /** Names one run of one trainer: the extension host knows its workers' tokens, so it can release them. */
  token: string;
  /** ISO times. */
  started: string;
  heartbeat: string;
}

const LOCK_FILE = RUN_FILES.lock;
export const HEARTBEAT_MS = 10_000;
/** A heartbeat older than this, from another host, means its trainer is gone. */
export const STALE_HEARTBEAT_MS = 60_000;

/** What run.lock holds, as readers see it. */
export type LockFileState =
  | { kind: 'none' }
  | { kind: 'held'; lock: RunLock; live: boolean; text: string }
  /** Empty or unparsable: a writer between creating and filling it (live while young), or one that died then. */
  | { kind: 'unreadable'; live: boolean; text: string };

export interface HeldRunLock {
  readonly lock: RunLock;
  /** Throws unless run.lock still holds this lock (another trainer may have taken a stale lock over). */
  verify(): void;
  /** Stops the heartbeat and removes run.lock if it is still this lock's. */
  release(): void;
}

export interface LockOptions {
  token?: string;
  onWarning?(message: string): void;
  /** Heartbeat period (tests shorten it). */
  heartbeatMs?: number;
}

export function lockFile(runDir: string): string {
  return path.join(runDir, LOCK_FILE);
}

export function readLockFile(runDir: string, now = Date.now()): LockFileState {
  const file = lockFile(runDir);
  let text: string;
  let mtimeMs: number;
  try {
    text = fs.readFileSync(file, 'utf8');
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw error;
  }
  const lock = parseLock(text);
  if (!lock) return { kind: 'unreadable', live: now - mtimeMs < STALE_HEARTBEAT_MS, text };
  return { kind: 'held', lock, live: lockIsLive(lock, now), text };
}

export function lockIsLive(lock: RunLock, now = Date.now()): boolean {
  if (lock.host === os.hostname()) return processAlive(lock.pid);
  return now - Date.parse(lock.heartbeat) < STALE_HEARTBEAT_MS;
}

/** Takes run.lock in `runDir` (which must exist), taking over a stale one; refuses a live one. */
export function acquireRunLock(runDir: string, options: LockOptions = {}): HeldRunLock {
  const file = lockFile(runDir);
  const now = new Date().toISOString();
  const lock: RunLock = { pid: process.pid, host: os.hostname(), token: options.token ?? randomUUID(), started: now, heartbeat: now };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusively(file, lock)) return hold(runDir, lock, options.heartbeatMs ?? HEARTBEAT_MS);
    const existing = readLockFile(runDir);
    if (existing.kind === 'none') continue; // released meanwhile
    if (existing.live) throw busyError(runDir, existing.kind === 'held' ? existing.lock : null);
    if (takeOver(file, existing.text)) options.onWarning?.(`${describeHolder(existing.kind === 'held' ? existing.lock : null)} is gone; taking its run folder over (${runDir})`);
  }
  throw busyError(runDir, null);
}

/** "pid 123 on host x, since …": who holds a lock, for messages. */
export function describeHolder(lock: RunLock | null): string {
  if (!lock) return 'a trainer whose run.lock is empty';
  const here = lock.host === os.hostname() ? '' : ` on host ${lock.host}`;
  return `the trainer with pid ${lock.pid}${here} (since ${lock.started}, last heartbeat ${lock.heartbeat})`;
}

function busyError(runDir: string, lock: RunLock | null): SeqLabError {
  const holder = lock ? `pid ${lock.pid} on host ${lock.host}, since ${lock.started}` : 'a trainer that is starting';
  return new SeqLabError('BAD_ARGUMENT', `this run folder is in use by another trainer: ${holder}`, { file: runDir },
    `Wait for it to end, or stop it (Ctrl-C in its terminal, Stop in the editor). If that process is not SeqLab, delete ${lockFile(runDir)}.`);
}

/**
 * Creates run.lock holding `lock`, or returns false if a lock exists. The content is written aside and
 * hard-linked into place (link fails if the name exists), so a trainer that finds the lock always reads
 * who holds it, never the empty file an exclusive create shows until it is written. Where the
 * filesystem has no hard links, an exclusive create.
 */
function createExclusively(file: string, lock: RunLock): boolean {
  writePoint(LOCK_FILE);
  const aside = `${file}.${process.pid}.${randomUUID()}.new`;
  try {
    writeSyncedFile(aside, JSON.stringify(lock));
    fs.linkSync(aside, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  } finally {
    fs.rmSync(aside, { force: true });
  }
  return createWithOpenExclusive(file, lock);
}

function createWithOpenExclusive(file: string, lock: RunLock): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o644); // O_CREAT | O_EXCL: fails if the file exists
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeFileSync(fd, JSON.stringify(lock));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/**
 * Moves a stale lock aside under a name of its own, so that of two trainers taking over the same stale
 * lock only one succeeds (the other's rename finds nothing). If what was moved is not the stale lock
 * (a third trainer had just taken it over), it is put back.
 */
function takeOver(file: string, staleText: string): boolean {
  const aside = `${file}.stale-${randomUUID()}`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = fs.readFileSync(aside, 'utf8');
  if (moved !== staleText) {
    try {
      fs.linkSync(aside, file); // fails if yet another lock appeared meanwhile: that one stands
    } catch {
      /* the newer lock stands */
    }
    fs.rmSync(aside, { force: true });
    return false;
  }
  fs.rmSync(aside, { force: true });
  return true;
}

function hold(runDir: string, lock: RunLock, heartbeatMs: number): HeldRunLock {
  const file = lockFile(runDir);
  let released = false;
  const ours = (): boolean => {
    const state = readLockFile(runDir);
    return state.kind === 'held' && state.lock.token === lock.token;
  };
  const timer = setInterval(() => {
    if (!ours()) {
      clearInterval(timer); // taken over or released: verify() says so at the next write
      return;
    }
    lock.heartbeat = new Date().toISOString();
    try {
      atomicWriteFileSync(file, JSON.stringify(lock));
    } catch {
      /* a missed heartbeat is harmless: the next one retries */
    }
  }, heartbeatMs);
  timer.unref(); // never keeps a process alive
  return {
    lock,
    verify() {
      if (released || !ours()) {
        const state = readLockFile(runDir);
        const now = state.kind === 'held' ? `it is now held by ${describeHolder(state.lock)}` : 'its lock was released';
        throw new SeqLabError('IO', `this trainer no longer holds the run folder: ${now}`, { file: runDir }, 'Its run was ended elsewhere (e.g. released as crashed); nothing more is written.');
      }
    },
    release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      try {
        if (ours()) {
          writePoint(`${LOCK_FILE} removal`);
          fs.rmSync(file, { force: true });
        }
      } catch {
        /* a folder that refuses the removal: the lock goes stale when this process ends */
      }
    },
  };
}

function parseLock(text: string): RunLock | null {
  try {
    const value = JSON.parse(text) as Partial<RunLock>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.token === 'string'
      && typeof value.started === 'string' && typeof value.heartbeat === 'string') return value as RunLock;
  } catch {
    /* empty or torn */
  }
  return null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
}

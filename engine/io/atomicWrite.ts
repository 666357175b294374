// Atomic file writes: a reader (or a crash) sees the old file or the new one, never a torn one.
// Temp file in the same folder (so rename stays on one filesystem), fsync, rename, fsync the folder.
// A failure (no permission, a full disk, a folder in the way) is a SeqLabError naming the target file
// and saying whether its previous version is kept, which it always is when there was one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SeqLabError } from '../errors';
import { isOsError, osError } from './osError';

const TEMP_MARK = '.seqlab-tmp-';

export function atomicWriteFileSync(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `${TEMP_MARK}${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}`);
  if (isFolder(file)) throw new SeqLabError('IO', 'is a folder, not a file', { file }, 'give a file name, e.g. <folder>/model.onnx');
  try {
    writeThenRename(temp, file, data);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    if (!isOsError(error)) throw error;
    throw osError(error, { file, writing: true, kept: previousVersionExists(file) });
  }
  fsyncDir(dir);
}

/**
 * atomicWriteFileSync for contents written in parts (a long CSV): the parts go to the temp file as they
 * come, `commit` makes the file appear whole (fsync, rename, fsync the folder), `abort` leaves the
 * previous version untouched. Errors are the same SeqLabErrors as atomicWriteFileSync's.
 */
export class AtomicFileWriter {
  private readonly temp: string;
  private fd: number | null = null;

  constructor(readonly file: string) {
    if (isFolder(file)) throw new SeqLabError('IO', 'is a folder, not a file', { file }, 'give a file name, e.g. <folder>/model.onnx');
    this.temp = path.join(path.dirname(file), `${TEMP_MARK}${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}`);
    this.fd = this.attempt(() => fs.openSync(this.temp, 'w', 0o644));
  }

  write(data: string | Uint8Array): void {
    const fd = this.open();
    this.attempt(() => fs.writeFileSync(fd, data));
  }

  /** Discards everything written so far. */
  truncate(): void {
    const fd = this.open();
    this.attempt(() => {
      fs.ftruncateSync(fd, 0);
      fs.closeSync(fd);
      this.fd = fs.openSync(this.temp, 'w', 0o644);
    });
  }

  commit(): void {
    const fd = this.open();
    this.attempt(() => {
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      this.fd = null;
      fs.renameSync(this.temp, this.file);
    });
    fsyncDir(path.dirname(this.file));
  }

  abort(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    fs.rmSync(this.temp, { force: true });
  }

  private open(): number {
    if (this.fd === null) throw new Error(`${this.file}: written after commit or abort`);
    return this.fd;
  }

  private attempt<T>(action: () => T): T {
    try {
      return action();
    } catch (error) {
      this.abort();
      if (!isOsError(error)) throw error;
      throw osError(error, { file: this.file, writing: true, kept: previousVersionExists(this.file) });
    }
  }
}

/** Writes `data` to `file` and fsyncs it (no rename: for files inside a folder that is renamed whole). */
export function writeSyncedFile(file: string, data: string | Uint8Array): void {
  const fd = fs.openSync(file, 'w', 0o644);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function writeThenRename(temp: string, file: string, data: string | Uint8Array): void {
  writeSyncedFile(temp, data);
  fs.renameSync(temp, file);
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function previousVersionExists(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Removes temp files left by writers that were killed mid-save. Returns how many were removed. */
export function sweepStaleTempFiles(dir: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (name.startsWith(TEMP_MARK)) {
      fs.rmSync(path.join(dir, name), { force: true });
      removed++;
    }
  }
  return removed;
}

/**
 * Removes the temp file a writer in process `pid` left for `file` (e.g. a `seqlab predict --out` child
 * that was killed mid-save); other writers' temp files are left alone. Returns how many were removed.
 */
export function removeTempFilesOf(file: string, pid: number): number {
  const dir = path.dirname(file);
  const prefix = `${TEMP_MARK}${path.basename(file)}.${pid}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  const left = names.filter((name) => name.startsWith(prefix));
  for (const name of left) fs.rmSync(path.join(dir, name), { force: true });
  return left.length;
}

function fsyncDir(dir: string): void {
  // Directory fsync makes the rename itself durable; some filesystems refuse it, which is harmless.
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* not supported here */
  }
}

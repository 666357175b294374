// The one place where an error of the operating system (a file that cannot be read or written: no
// permission, a full disk, a folder where a file was expected, a path under a file) becomes a
// SeqLabError that names the path and says what to do. Readers and writers call `osError` where they
// know the path best (the atomic writer names its target, not its temp file); the CLI passes anything
// that still escapes through `userErrorOf`, so no OS error ends as "internal error".

import * as path from 'node:path';
import { SeqLabError } from '../errors';

export interface OsErrorContext {
  /** The path the user knows (default: the one in the error). */
  file?: string;
  /** Whether the operation was a write (changes the advice for permissions and missing folders). */
  writing?: boolean;
  /** For a failed atomic write: whether an earlier version of the file exists and is kept intact. */
  kept?: boolean;
  /** What the file is, for messages ("the data file"); default "the file". */
  what?: string;
}

/** True for Node's system errors: an errno code such as ENOSPC, with the system call that failed. */
export function isOsError(error: unknown): error is NodeJS.ErrnoException {
  const candidate = error as NodeJS.ErrnoException | null;
  return candidate instanceof Error && typeof candidate.code === 'string' && /^E[A-Z0-9]+$/.test(candidate.code) && typeof candidate.syscall === 'string';
}

/** A SeqLabError (code IO) for an OS error, naming the path, the cause in words and what to do. */
export function osError(error: NodeJS.ErrnoException, context: OsErrorContext = {}): SeqLabError {
  const file = context.file ?? error.path ?? (error as { dest?: string }).dest;
  const writing = context.writing ?? isWriteCall(error.syscall);
  const { reason, hint } = explain(error, writing, error.syscall ?? '', context.what);
  const afterWrite = writing && context.kept !== undefined ? `; ${keptText(file, context.kept)}` : '';
  return new SeqLabError('IO', `${reason}${afterWrite}`, file ? { file } : {}, hint);
}

/** What a failed atomic write left: the previous version, or nothing (a checkpoint says what that means). */
function keptText(file: string | undefined, kept: boolean): string {
  if (file !== undefined && /(^|[\\/])checkpoint\.bin$/.test(file)) {
    return kept ? `the last good checkpoint is kept: once this is fixed, 'seqlab resume ${path.dirname(file)}' continues from it` : 'no checkpoint was saved yet, so the run cannot be resumed';
  }
  return kept ? 'the previous version of the file is kept' : 'nothing was written';
}

/** A failure the user can act on, as a SeqLabError; null for a bug (exit 2, "please report it"). */
export function userErrorOf(error: unknown): SeqLabError | null {
  if (error instanceof SeqLabError) return error;
  if (isOsError(error)) return osError(error);
  if (error instanceof RangeError && /Array buffer allocation failed|Invalid typed array length|Invalid array buffer length/.test(error.message)) {
    return new SeqLabError('IO', `out of memory: ${error.message}`, {}, 'the data or the model is too large for this machine: lower training.batchSize, data.window or model.hiddenSize, or use a smaller data file');
  }
  return null;
}

function explain(error: NodeJS.ErrnoException, writing: boolean, syscall: string, what = 'the file'): { reason: string; hint?: string } {
  const elsewhere = writing ? 'choose a folder you can write to (--out, --run-dir), or change its permissions' : 'check the file\'s permissions';
  switch (error.code) {
    case 'ENOENT':
      return writing ? { reason: 'the folder does not exist', hint: 'create the folder first, or choose another path' } : { reason: 'not found' };
    case 'EACCES':
    case 'EPERM':
      return { reason: `permission denied: ${writing ? 'cannot write here' : `cannot read ${what}`}`, hint: elsewhere };
    case 'EROFS':
      return { reason: 'the file system is read-only', hint: 'choose a folder on a writable disk (--out, --run-dir)' };
    case 'ENOSPC':
      return { reason: 'the disk is full (no space left on the device)', hint: 'free some space, or write to another disk' };
    case 'EDQUOT':
      return { reason: 'the disk quota is exceeded', hint: 'free some space, or write to another disk' };
    case 'EFBIG':
      return { reason: 'the file is too large for this file system', hint: 'write to another disk' };
    case 'EISDIR':
      return { reason: 'is a folder, not a file', hint: writing ? 'give a file name, e.g. <folder>/model.onnx' : 'give the path of a file inside the folder' };
    case 'ENOTDIR':
      return { reason: 'a part of this path is a file, not a folder', hint: 'check the path: every part before the last must be a folder' };
    case 'EEXIST':
      return syscall === 'mkdir'
        ? { reason: 'exists and is a file, not a folder', hint: 'choose another folder (--run-dir), or move the file away' }
        : { reason: 'already exists' };
    case 'ENAMETOOLONG':
      return { reason: 'the path is too long for this file system', hint: 'choose a shorter path' };
    case 'ELOOP':
      return { reason: 'the path has a loop of symbolic links' };
    case 'EMFILE':
    case 'ENFILE':
      return { reason: 'too many files are open', hint: 'close other programs, or raise the open-file limit (ulimit -n)' };
    case 'EIO':
      return { reason: `the disk reported an input/output error ${writing ? 'writing' : 'reading'} ${what}`, hint: 'check the disk or network drive' };
    case 'EBUSY':
    case 'ETXTBSY':
      return { reason: 'the file is busy (in use by another program)', hint: 'close the program using it and try again' };
    case 'ENXIO':
    case 'ENODEV':
      return { reason: 'is not a regular file (a device, FIFO or socket)', hint: 'SeqLab reads and writes regular files' };
    default:
      return { reason: `cannot ${writing ? 'write' : 'read'} ${what}: ${error.code} (${error.message})` };
  }
}

function isWriteCall(syscall: string | undefined): boolean {
  return ['mkdir', 'write', 'rename', 'unlink', 'rmdir', 'copyfile', 'fsync', 'ftruncate', 'symlink', 'link', 'utime', 'chmod'].includes(syscall ?? '');
}

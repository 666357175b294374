// Opening a file the user named, before any byte is read: it must exist and be a regular file. A
// folder, a FIFO (whose open blocks until a writer comes), a device such as /dev/zero (endless) or a
// socket is refused with the path, instead of hanging or reading forever.
import * as fs from 'node:fs';
import { SeqLabError } from '../errors';
import { isOsError, osError } from './osError';

export interface ReadableFile {
  file: string;
  bytes: number;
  mtimeMs: number;
}

export interface RegularFileOptions {
  /** What the file is, for messages ("the data file", "the config"). */
  what: string;
  /** Refuse files larger than this many bytes. */
  maxBytes?: number;
  /** Added to "not found" (e.g. where relative paths resolve from). */
  notFoundHint?: string;
}

export function statRegularFile(file: string, options: RegularFileOptions): ReadableFile {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw statError(error, file, options);
  }
  return regular(stat, file, options);
}

/** statRegularFile without blocking the event loop (for the editor's host). */
export async function statRegularFileAsync(file: string, options: RegularFileOptions): Promise<ReadableFile> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (error) {
    throw statError(error, file, options);
  }
  return regular(stat, file, options);
}

function statError(error: unknown, file: string, options: RegularFileOptions): unknown {
  if (isOsError(error) && error.code === 'ENOENT') return new SeqLabError('IO', `${options.what} not found`, { file }, options.notFoundHint);
  if (isOsError(error)) return osError(error, { file, writing: false, what: `the ${options.what}` });
  return error;
}

function regular(stat: fs.Stats, file: string, options: RegularFileOptions): ReadableFile {
  if (stat.isDirectory()) throw new SeqLabError('IO', `${options.what} is a folder, not a file`, { file }, 'give the path of a file');
  if (!stat.isFile()) {
    const kind = stat.isFIFO() ? 'a FIFO (named pipe)' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : stat.isSocket() ? 'a socket' : 'not a regular file';
    throw new SeqLabError('IO', `${options.what} is ${kind}, not a regular file`, { file }, 'SeqLab reads regular files only (not pipes or devices): save it to a file first');
  }
  if (options.maxBytes !== undefined && stat.size > options.maxBytes) {
    throw new SeqLabError('IO', `${options.what} has ${stat.size.toLocaleString('en-US')} bytes; SeqLab reads at most ${options.maxBytes.toLocaleString('en-US')} for it`, { file });
  }
  return { file, bytes: stat.size, mtimeMs: stat.mtimeMs };
}

/** Reads a regular file whole (small files: configs, run records), with the checks above. */
export function readRegularFileSync(file: string, options: RegularFileOptions): Buffer {
  statRegularFile(file, options);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if (isOsError(error)) throw osError(error, { file, writing: false, what: `the ${options.what}` });
    throw error;
  }
}

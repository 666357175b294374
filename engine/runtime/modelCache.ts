// Loaded models by file: a Predict that runs again on the same file reuses its session; when the file
// changes (mtime or size), the old session is released and the new file is validated and loaded.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SeqLabError } from '../errors';
import { isOsError, osError } from '../io/osError';
import { LIMITS } from '../onnx/limits';
import { SeqLabModel } from './modelSession';

interface Entry {
  stamp: string;
  model: Promise<SeqLabModel>;
}

export class ModelCache {
  private readonly entries = new Map<string, Entry>();

  /** The model in `file`, loaded (or reused while the file is unchanged). */
  async get(file: string): Promise<SeqLabModel> {
    const key = path.resolve(file);
    const stamp = fileStamp(key, file);
    const entry = this.entries.get(key);
    if (entry?.stamp === stamp) return entry.model;
    if (entry) await this.evict(key);
    const model = SeqLabModel.load(readModelFile(key, file), file);
    this.entries.set(key, { stamp, model });
    // A file that fails to load is not cached, so fixing it and retrying works.
    model.catch(() => {
      if (this.entries.get(key)?.model === model) this.entries.delete(key);
    });
    return model;
  }

  /** Releases one file's session (e.g. when the file is deleted). */
  async evict(file: string): Promise<void> {
    const key = path.resolve(file);
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (entry) await entry.model.then((model) => model.release(), () => undefined);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((key) => this.evict(key)));
  }

  get size(): number {
    return this.entries.size;
  }
}

function fileStamp(key: string, shown: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(key);
  } catch (error) {
    throw ioError(error, shown);
  }
  if (!stat.isFile()) throw new SeqLabError('IO', 'not a file', { file: shown });
  return `${stat.mtimeMs}:${stat.size}`;
}

/** Reads a model file, refusing oversized files before reading them. */
export function readModelFile(key: string, shown = key): Uint8Array {
  try {
    const stat = fs.statSync(key);
    // A FIFO or a device would block or never end: only regular files are read.
    if (!stat.isFile()) throw new SeqLabError('IO', stat.isDirectory() ? 'is a folder, not a model file' : 'is not a regular file (a FIFO, device or socket)', { file: shown });
    const size = stat.size;
    if (size > LIMITS.maxBytes) {
      throw new SeqLabError('BAD_MODEL', `the file has ${size} bytes; SeqLab reads models up to ${LIMITS.maxBytes} bytes`, { file: shown });
    }
    return fs.readFileSync(key);
  } catch (error) {
    if (error instanceof SeqLabError) throw error;
    throw ioError(error, shown);
  }
}

function ioError(error: unknown, file: string): SeqLabError {
  if (isOsError(error) && error.code !== 'ENOENT') return osError(error, { file, writing: false, what: 'the model' });
  const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
  return new SeqLabError('IO', `cannot read the model: ${reason}`, { file });
}

// Reading a run folder for the editor (runs view, panel after a reload): what the run is, its state and
// its events. Read-only, safe while a trainer writes the folder (every file but metrics.jsonl is
// replaced atomically; metrics.jsonl only grows, and its last line may be half written).
import * as fs from 'node:fs';
import type { SeqLabConfig } from '../config/schema.generated';
import { SeqLabError } from '../errors';
import type { TrainingEvent } from '../train/events';
import { RUN_FILES, runFile, type RunInfo } from './runFolder';
import { runState, type RunState } from './runState';
import type { RunSummary } from './summary';

export interface RunRecord {
  dir: string;
  /** run.json: config and data paths, engine version, config hash, created, label. */
  info: RunInfo;
  /** config.json: the config the run uses, defaults applied. */
  config: SeqLabConfig;
  summary: RunSummary | null;
  state: RunState;
}

export function readRunFolder(runDir: string): RunRecord {
  const config = readJson<SeqLabConfig>(runDir, 'config');
  const info = readJson<RunInfo>(runDir, 'run');
  const state = runState(runDir);
  return { dir: runDir, info, config, summary: state.summary, state };
}

/** Every event in metrics.jsonl, in order ([] before the first is written); a torn last line is left out. */
export function readRunEvents(runDir: string): TrainingEvent[] {
  const file = runFile(runDir, 'metrics');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw cannotRead(file, error);
  }
  const events: TrainingEvent[] = [];
  parseLines(text, file, 0, events);
  return events;
}

/** Where a reader of metrics.jsonl has got to: the byte after its last complete line, and its line number. */
export interface RunLogPosition {
  readonly byte: number;
  readonly line: number;
}

export interface RunEventsRead {
  /** The events of the complete lines from the position on (a torn last line waits for the next read). */
  events: TrainingEvent[];
  /** Where the next read goes on from. */
  next: RunLogPosition;
  /** The log is shorter than the position (a resume cut it back to its checkpoint): read from its start. */
  restarted: boolean;
}

export const RUN_LOG_START: RunLogPosition = { byte: 0, line: 0 };
/** Read and parsed per turn of the event loop: a few milliseconds of JSON at a time. */
const CHUNK_BYTES = 256 * 1024;

/**
 * The events appended to metrics.jsonl since `from`, read a chunk at a time with a turn of the event loop
 * between chunks, so that a reader (the extension host) stays responsive however long the log is, and
 * follows a log that grows while training with only the new bytes.
 */
export async function readRunEventsFrom(runDir: string, from: RunLogPosition = RUN_LOG_START): Promise<RunEventsRead> {
  const file = runFile(runDir, 'metrics');
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], next: RUN_LOG_START, restarted: from.byte > 0 };
    throw cannotRead(file, error);
  }
  try {
    const { size } = await handle.stat();
    const restarted = size < from.byte;
    let { byte, line } = restarted ? RUN_LOG_START : from;
    const events: TrainingEvent[] = [];
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let carried = Buffer.alloc(0); // the start of a line that the previous chunk cut
    while (byte + carried.length < size) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, size - byte - carried.length), byte + carried.length);
      if (bytesRead === 0) break;
      const chunk = Buffer.concat([carried, buffer.subarray(0, bytesRead)]);
      const end = chunk.lastIndexOf(0x0a) + 1; // after the last complete line
      if (end > 0) {
        line = parseLines(chunk.toString('utf8', 0, end), file, line, events);
        byte += end;
      }
      carried = Buffer.from(chunk.subarray(end));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { events, next: { byte, line }, restarted };
  } catch (error) {
    if (error instanceof SeqLabError) throw error;
    throw cannotRead(file, error);
  } finally {
    await handle.close();
  }
}

/**
 * Parses the lines of `text` (which ends with a complete line, or holds a torn one last), numbering them
 * from `firstLine`; returns how many lines it consumed. Every complete line ends with '\n': what follows
 * the last one is a write in progress (or cut by a crash).
 */
function parseLines(text: string, file: string, firstLine: number, events: TrainingEvent[]): number {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    if (lines[i].length === 0) continue;
    try {
      events.push(JSON.parse(lines[i]) as TrainingEvent);
    } catch {
      const row = firstLine + i + 1;
      throw new SeqLabError('BAD_DATA', `line ${row} of ${RUN_FILES.metrics} is not a JSON event`, { file, row }, 'The file was edited or damaged; the run folder itself is intact.');
    }
  }
  return firstLine + lines.length - 1;
}

function cannotRead(file: string, error: unknown): SeqLabError {
  return new SeqLabError('IO', `cannot read ${RUN_FILES.metrics} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file });
}

function readJson<T>(runDir: string, name: 'config' | 'run'): T {
  const file = runFile(runDir, name);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `not a SeqLab run folder (no ${RUN_FILES[name]})` : `cannot read ${RUN_FILES[name]} (${code ?? (error as Error).message})`;
    throw new SeqLabError(code === 'ENOENT' ? 'BAD_ARGUMENT' : 'IO', why, { file: code === 'ENOENT' ? runDir : file });
  }
}

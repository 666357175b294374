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
    throw new SeqLabError('IO', `cannot read ${RUN_FILES.metrics} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file });
  }
  const lines = text.split('\n');
  const events: TrainingEvent[] = [];
  // Every complete line ends with '\n': what follows the last one is a write in progress (or cut by a crash).
  for (let i = 0; i < lines.length - 1; i++) {
    if (lines[i].length === 0) continue;
    try {
      events.push(JSON.parse(lines[i]) as TrainingEvent);
    } catch {
      throw new SeqLabError('BAD_DATA', `line ${i + 1} of ${RUN_FILES.metrics} is not a JSON event`, { file, row: i + 1 }, 'The file was edited or damaged; the run folder itself is intact.');
    }
  }
  return events;
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

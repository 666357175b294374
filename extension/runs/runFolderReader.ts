import * as fs from 'node:fs';
import * as path from 'node:path';
import { RUN_FILES, type RunInfo, type SeqLabConfig, type TrainingEvent } from '../../engine/index';

// STOPGAP until the engine's readRunFolder/readRunEvents (branch `runs`) land: the same two reads,
// with the agreed shapes, so that the extension can be run and tested now. Delete this file and import
// them from engine/index.ts once they exist.

export function readRunFolder(runDir: string): { dir: string; info: RunInfo & { label?: string }; config: SeqLabConfig | null } {
  const read = <T>(name: keyof typeof RUN_FILES): T => JSON.parse(fs.readFileSync(path.join(runDir, RUN_FILES[name]), 'utf8')) as T;
  let config: SeqLabConfig | null = null;
  try {
    config = read<SeqLabConfig>('config');
  } catch {
    config = null;
  }
  return { dir: runDir, info: read<RunInfo & { label?: string }>('run'), config };
}

export function readRunEvents(runDir: string): TrainingEvent[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(runDir, RUN_FILES.metrics), 'utf8');
  } catch {
    return [];
  }
  const events: TrainingEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim().length === 0) continue;
    try {
      events.push(JSON.parse(line) as TrainingEvent);
    } catch {
      break; // a torn last line
    }
  }
  return events;
}

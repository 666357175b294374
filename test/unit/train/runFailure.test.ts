// A run that ends with an error records `failed` and the reason through the engine (summary.json, and
// an error and a `done` event in metrics.jsonl), releases its lock and passes the error on; a trainer
// whose run was released elsewhere writes nothing more.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunEvents } from '../../../engine/runs/readRun';
import { releaseRun, runState } from '../../../engine/runs/runState';
import { resumeRun, startRun } from '../../../engine/runs/session';
import type { RunSummary } from '../../../engine/runs/summary';
import { tempDir, writeConfig, writeForecastData } from '../helpers/tinyRuns';

function setup() {
  const dir = tempDir();
  return { dir, configFile: writeConfig(dir, 'series', { file: writeForecastData(dir), task: 'forecast', window: 12 }) };
}

const summaryOf = (runDir: string) => JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as RunSummary;

describe('a run that ends with an error', () => {
  it('records failed and the reason, releases the lock, rethrows; and resumes from its last checkpoint', async () => {
    const { dir, configFile } = setup();
    const runDir = path.join(dir, 'run');
    let batches = 0;
    const failing = startRun({ configFile, runDir }, {
      onEvent: (event) => {
        if (event.type === 'batch' && ++batches === 15) throw new Error('the panel is gone');
      },
      shouldStop: () => false,
    });
    await expect(failing).rejects.toThrow('the panel is gone');
    expect(summaryOf(runDir)).toMatchObject({ task: 'forecast', status: 'failed', epochs: 1, bestEpoch: 1, message: 'internal error: the panel is gone', metrics: { val: null, test: null } });
    expect(fs.existsSync(path.join(runDir, 'run.lock'))).toBe(false);
    const events = readRunEvents(runDir);
    expect(events.slice(-2)).toEqual([
      { type: 'error', code: 'INTERNAL', message: 'internal error: the panel is gone' },
      { type: 'done', status: 'failed', epochs: 1, bestEpoch: 1, message: 'internal error: the panel is gone' },
    ]);
    expect(runState(runDir)).toMatchObject({ kind: 'failed', reason: 'internal error: the panel is gone', checkpoint: { epoch: 1, batch: 0 } });

    const resumed = await resumeRun(runDir, { onEvent: () => {}, shouldStop: () => false });
    expect(resumed.summary.status).toBe('completed');
    const after = readRunEvents(runDir);
    expect(after.filter((e) => e.type === 'error' || (e.type === 'done' && e.status === 'failed'))).toEqual([]);
    expect(after.filter((e) => e.type === 'epoch').map((e) => e.type === 'epoch' && e.epoch)).toEqual([1, 2, 3]);
  });

  it('a trainer whose run was released (its worker taken for dead) stops writing: the release stands', async () => {
    const { dir, configFile } = setup();
    const runDir = path.join(dir, 'run');
    let batches = 0;
    const running = startRun({ configFile, runDir, token: 'worker-1' }, {
      onEvent: (event) => {
        if (event.type === 'batch' && ++batches === 15) expect(releaseRun(runDir, 'worker-1', 'the training worker stopped responding')).toBe(true);
      },
      shouldStop: () => false,
    });
    await expect(running).rejects.toThrow(/this trainer no longer holds the run folder: its lock was released/);
    expect(summaryOf(runDir)).toMatchObject({ status: 'failed', message: 'the training worker stopped responding', epochs: 1 });
    expect(readRunEvents(runDir).at(-1)).toMatchObject({ type: 'done', status: 'failed', message: 'the training worker stopped responding' });
    expect(runState(runDir).kind).toBe('failed');
  });
});

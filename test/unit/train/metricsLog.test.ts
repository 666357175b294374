// metrics.jsonl is complete after a crash: a trainer killed (SIGKILL) just before each of its writes,
// then resumed, leaves a log holding every event up to the checkpoint it resumed from and then the
// resumed run's events, nothing missing or repeated, and equal to an uninterrupted run's. Also: the log
// is written every few seconds while training (append-only), and a resume truncates it to its checkpoint.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunEvents } from '../../../engine/runs/readRun';
import { LOG_FLUSH_MS, RunLog } from '../../../engine/runs/runLog';
import { releaseRun, runState } from '../../../engine/runs/runState';
import { resumeRun, startRun } from '../../../engine/runs/session';
import type { BatchEvent, StartEvent, TrainingEvent } from '../../../engine/train/events';
import { acquireRunLock } from '../../../engine/runs/lock';
import { bundleCli, runCli } from '../helpers/cliProcess';
import { tempDir, writeConfig, writeForecastData } from '../helpers/tinyRuns';

const quiet = { onEvent: () => {}, shouldStop: () => false };

function batch(n: number): BatchEvent {
  return { type: 'batch', epoch: 1, batch: n, batches: 100, step: n, loss: 1 / n, gradNorm: 1, lr: 0.01 };
}

/** What may differ between two runs of one config: timings and the folder's name. */
function comparable(events: TrainingEvent[]): unknown[] {
  return events.map((e) => (e.type === 'epoch' ? { ...e, seconds: 0 } : e.type === 'checkpoint' ? { ...e, file: path.basename(e.file) } : e));
}

describe('RunLog', () => {
  it('appends lines at most two seconds after they were recorded, at once before validation, and synced at a checkpoint', () => {
    const dir = tempDir();
    const file = path.join(dir, 'metrics.jsonl');
    let now = 1000;
    const log = RunLog.create(file, () => {}, () => now);
    const lines = () => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
    log.record(batch(1));
    now += LOG_FLUSH_MS - 1;
    log.record(batch(2));
    expect(lines()).toBe(0);
    now += 1;
    log.record(batch(3)); // two seconds since the last write
    expect(lines()).toBe(3);
    log.record(batch(4));
    log.record({ ...batch(100), batch: 100 }); // the epoch's last batch: validation comes next
    expect(lines()).toBe(5);
    log.record(batch(5));
    log.flush(true);
    expect(log.length).toBe(fs.statSync(file).size);
    log.close();
  });

  it('a resume truncates the log to the length its checkpoint recorded; without one, after the last complete line', () => {
    const dir = tempDir();
    const file = path.join(dir, 'metrics.jsonl');
    const log = RunLog.create(file);
    log.record(batch(1));
    log.flush(true);
    const atCheckpoint = log.length;
    log.record(batch(2));
    log.close();
    fs.appendFileSync(file, '{"type":"batch","epo'); // a write cut by a crash
    const resumed = RunLog.resume(file, atCheckpoint);
    expect(resumed.warning).toBeNull();
    resumed.log.record(batch(7));
    resumed.log.flush(false);
    resumed.log.close();
    expect(readRunEvents(dir)).toEqual([batch(1), batch(7)]);
    fs.appendFileSync(file, '{"type":"batch","epo');
    RunLog.resume(file, null).log.close();
    expect(fs.readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    expect(readRunEvents(dir)).toEqual([batch(1), batch(7)]);
    const short = RunLog.resume(file, 10_000);
    short.log.close();
    expect(short.warning).toMatch(/holds \d+ bytes but the checkpoint counts 10000: events before the resume are missing/);
  });
});

describe('a trainer killed at every write, then resumed', () => {
  it('leaves a complete log each time: the events up to the resumed checkpoint, then the resumed run’s', async () => {
    const dir = tempDir();
    const configFile = writeConfig(dir, 'series', { file: writeForecastData(dir), task: 'forecast', window: 12 }, { training: { epochs: 2 } });
    const cli = bundleCli(dir);
    const reference = await startRun({ configFile, runDir: path.join(dir, 'reference'), threads: 1 }, quiet);
    const expected = comparable(readRunEvents(reference.runDir));
    const outcomes: string[] = [];

    const killAt = async (n: number, torn: boolean): Promise<string | null> => {
      const runDir = path.join(dir, `kill-${n}${torn ? '-torn' : ''}`);
      const env: Record<string, string> = { SEQLAB_TEST_KILL_AT: String(n), ...(torn ? { SEQLAB_TEST_KILL_TORN: '1' } : {}) };
      const trainer = runCli(cli, ['train', configFile, '--run-dir', runDir, '--json', '--threads', '1'], env);
      const exit = await trainer.exited;
      if (exit === 0) return null; // no Nth write: the run finished
      expect(exit).toBe('SIGKILL');
      const what = /killed before write \d+ \((.+)\)/.exec(trainer.stderr())![1];
      readRunEvents(runDir); // a torn last line never breaks a reader
      const state = runState(runDir);
      if (state.checkpoint === null) {
        expect(state.kind).toBe('failed');
        await expect(resumeRun(runDir, quiet)).rejects.toThrow(/no checkpoint yet|not a SeqLab run folder/);
        outcomes.push(`${n} ${what}: ${state.kind}, not resumable`);
        return what;
      }
      let resumedAt: StartEvent['resumedAt'] = null;
      if (state.kind === 'interrupted') {
        const warnings: string[] = [];
        const resumed = await resumeRun(runDir, { ...quiet, onWarning: (text) => warnings.push(text), onEvent: (e) => { if (e.type === 'start') resumedAt = e.resumedAt; } });
        expect(resumed.summary.metrics).toEqual(reference.summary.metrics);
        expect(warnings.some((text) => /is gone; taking its run folder over/.test(text))).toBe(true);
      } else {
        expect(state.kind).toBe('completed'); // killed after summary.json: the log is complete already
      }
      const events = readRunEvents(runDir);
      const at = events.findIndex((e) => e.type === 'start' && e.resumedAt !== null);
      const got = comparable(at < 0 ? events : [...events.slice(0, at), ...events.slice(at + 1)]);
      expect(got, `killed before write ${n} (${what})`).toEqual(expected);
      if (resumedAt) {
        // The resumed run's start sits right after the event of the checkpoint it resumed from.
        expect(events[at - 1]).toMatchObject({ type: 'checkpoint', ...(resumedAt as object) });
        expect(events[at]).toMatchObject({ ...(events[0] as object), resumedAt });
      }
      outcomes.push(`${n} ${what}: ${state.kind}${resumedAt ? `, resumed after ${JSON.stringify(resumedAt)}` : ''}`);
      return what;
    };

    const appends: number[] = [];
    let n = 1;
    for (let what = await killAt(n, false); what !== null; what = await killAt(++n, false)) if (what === 'metrics.jsonl') appends.push(n);
    expect(n).toBeGreaterThan(12); // lock, config, run.json, 2 × (log, log, checkpoint), model, log, summary, lock removal
    for (const at of appends.slice(-2)) await killAt(at, true); // a checkpoint's and the end's append, half written
    expect(outcomes.filter((line) => /resumed after/.test(line)).length, outcomes.join('\n')).toBeGreaterThan(6);
  }, 120_000);
});

describe('the end of a run', () => {
  it('an early-stopped run resumed from its last checkpoint (killed before its summary) ends early-stopped, training no more', async () => {
    const dir = tempDir();
    const configFile = writeConfig(dir, 'series', { file: writeForecastData(dir), task: 'forecast', window: 12 }, { training: { epochs: 40, earlyStopping: { patience: 1, minDelta: 1e9 } } });
    const first = await startRun({ configFile, runDir: path.join(dir, 'run') }, quiet);
    expect(first.summary).toMatchObject({ status: 'early-stopped', epochs: 2 }); // no epoch beats the first by 1e9
    fs.rmSync(path.join(dir, 'run', 'summary.json'));
    const events: TrainingEvent[] = [];
    const again = await resumeRun(path.join(dir, 'run'), { onEvent: (e) => events.push(e), shouldStop: () => false });
    expect(again.summary).toEqual(first.summary);
    expect(events.map((e) => e.type)).toEqual(['start', 'done']);
  });

  it('releasing a dead trainer’s run ends its log with a failed `done`', async () => {
    const dir = tempDir();
    const configFile = writeConfig(dir, 'series', { file: writeForecastData(dir), task: 'forecast', window: 12 });
    let batches = 0;
    await startRun({ configFile, runDir: path.join(dir, 'run') }, { onEvent: (e) => { if (e.type === 'batch') batches++; }, shouldStop: () => batches === 12 });
    fs.rmSync(path.join(dir, 'run', 'summary.json'));
    fs.appendFileSync(path.join(dir, 'run', 'metrics.jsonl'), '{"type":"batch"'); // the worker died mid-write
    acquireRunLock(path.join(dir, 'run'), { token: 'worker' });
    expect(releaseRun(path.join(dir, 'run'), 'worker', 'the training worker was terminated')).toBe(true);
    const events = readRunEvents(path.join(dir, 'run'));
    expect(events.at(-1)).toEqual({ type: 'done', status: 'failed', epochs: 1, bestEpoch: 1, message: 'the training worker was terminated' });
    expect(events.at(-2)).toMatchObject({ type: 'done', status: 'stopped' });
  });
});

// runState: the one function that says what a run is doing, from its lock, summary and checkpoint; and
// releaseRun, which ends a dead trainer's run as failed through the engine.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, type CommandContext } from '../../../engine/cli/command';
import { main } from '../../../engine/cli/main';
import { acquireRunLock } from '../../../engine/runs/lock';
import { describeRunState, releaseInterruptedRun, releaseRun, runState } from '../../../engine/runs/runState';
import { startRun } from '../../../engine/runs/session';
import type { RunSummary } from '../../../engine/runs/summary';
import { tempDir, writeConfig, writeForecastData } from '../helpers/tinyRuns';

/** A forecast run stopped after `batches` batches (3 epochs of 10 batches when not stopped). */
async function run(dir: string, name: string, batches = Infinity): Promise<string> {
  const config = writeConfig(dir, 'series', { file: writeForecastData(dir), task: 'forecast', window: 12 });
  let seen = 0;
  const result = await startRun({ configFile: config, runDir: path.join(dir, name) }, {
    onEvent: (event) => { if (event.type === 'batch') seen++; },
    shouldStop: () => seen >= batches,
  });
  return result.runDir;
}

function leaveStaleLock(runDir: string): void {
  const now = new Date().toISOString();
  fs.writeFileSync(path.join(runDir, 'run.lock'), JSON.stringify({ pid: 2 ** 22 + 17, host: os.hostname(), token: 't', started: now, heartbeat: now }));
}

describe('runState', () => {
  it('decides every state from the lock, the summary and the checkpoint', async () => {
    const dir = tempDir();
    const completed = await run(dir, 'completed');
    expect(runState(completed)).toMatchObject({ kind: 'completed', lock: null, reason: null, checkpoint: { epoch: 3, batch: 0 } });
    expect(describeRunState(runState(completed))).toMatch(/^completed after 3 epoch\(s\), best epoch \d$/);

    const stopped = await run(dir, 'stopped', 13);
    const state = runState(stopped);
    expect(state).toMatchObject({ kind: 'stopped', checkpoint: { epoch: 1, batch: 3 } });
    expect(state.reason).toMatch(/^stopped by the user; checkpoint saved to /);

    // A trainer killed after its checkpoint: no summary, its lock left behind by a process that is gone.
    fs.rmSync(path.join(stopped, 'summary.json'));
    leaveStaleLock(stopped);
    const interrupted = runState(stopped);
    expect(interrupted).toMatchObject({ kind: 'interrupted', lock: null, summary: null, checkpoint: { epoch: 1, batch: 3 } });
    expect(interrupted.reason).toBe(`the trainer with pid ${2 ** 22 + 17} (since ${JSON.parse(fs.readFileSync(path.join(stopped, 'run.lock'), 'utf8')).started}, last heartbeat ${JSON.parse(fs.readFileSync(path.join(stopped, 'run.lock'), 'utf8')).heartbeat}) ended without finishing`);
    expect(describeRunState(interrupted)).toMatch(/^interrupted after epoch 1, batch 3, resumable \(/);

    // A live lock wins over whatever the folder holds (here the summary of a finished run).
    const held = acquireRunLock(completed, { token: 'live' });
    expect(runState(completed)).toMatchObject({ kind: 'running', lock: { pid: process.pid, token: 'live' }, summary: { status: 'completed' } });
    expect(describeRunState(runState(completed))).toMatch(new RegExp(`^running \\(the trainer with pid ${process.pid} \\(since `));
    held.release();

    // Nothing usable: killed before its first checkpoint; or not a run at all.
    const early = path.join(dir, 'early');
    fs.mkdirSync(early);
    fs.copyFileSync(path.join(completed, 'config.json'), path.join(early, 'config.json'));
    expect(runState(early)).toMatchObject({ kind: 'failed', checkpoint: null, reason: 'its trainer ended without finishing before its first checkpoint' });
    expect(runState(dir)).toMatchObject({ kind: 'failed', reason: 'not a SeqLab run folder (no config.json)' });
  });

  it('releaseRun records failed and the reason through the engine, with the progress of the checkpoint, and removes the lock', async () => {
    const dir = tempDir();
    const runDir = await run(dir, 'worker', 13);
    fs.rmSync(path.join(runDir, 'summary.json'));
    acquireRunLock(runDir, { token: 'worker-7' }); // as a worker thread would hold it, then die
    expect(runState(runDir).kind).toBe('running');
    expect(releaseRun(runDir, 'worker-6', 'the training worker stopped responding')).toBe(false);
    expect(releaseRun(runDir, 'worker-7', 'the training worker stopped responding')).toBe(true);
    const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as RunSummary;
    expect(summary).toMatchObject({ task: 'forecast', status: 'failed', epochs: 1, bestEpoch: 1, message: 'the training worker stopped responding', model: null });
    expect(summary.configHash).toBe(JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8')).configHash);
    expect(runState(runDir)).toMatchObject({ kind: 'failed', lock: null, reason: 'the training worker stopped responding', checkpoint: { epoch: 1, batch: 3 } });
    expect(fs.existsSync(path.join(runDir, 'run.lock'))).toBe(false);
  });
});

describe('eval and resume report the state', () => {
  async function seqlab(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const context: CommandContext = { out: (t) => out.push(t), err: (t) => err.push(t), interrupted: new AbortController().signal, isTTY: false };
    const code = await main(argv, context);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('eval names the state; resume says what it resumes, and refuses a finished run by its state', async () => {
    const dir = tempDir();
    const runDir = await run(dir, 'run', 13);
    fs.rmSync(path.join(runDir, 'summary.json'));
    leaveStaleLock(runDir);
    const evaluated = await seqlab(['eval', runDir]);
    expect(evaluated.code).toBe(EXIT.ok);
    expect(evaluated.out).toMatch(/^run: interrupted after epoch 1, batch 3, resumable/);
    expect(JSON.parse((await seqlab(['eval', runDir, '--json'])).out).state).toBe('interrupted');
    const resumed = await seqlab(['resume', runDir]);
    expect(resumed.code).toBe(EXIT.ok);
    expect(resumed.err).toMatch(new RegExp(`^resuming ${runDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: interrupted after epoch 1, batch 3, resumable`));
    expect(resumed.err).toMatch(/warning: the trainer with pid \d+ .* is gone; taking its run folder over/);
    const again = await seqlab(['resume', runDir]);
    expect(again.code).toBe(EXIT.badInput);
    expect(again.err).toMatch(/: the run already finished \(completed after 3 epochs\)/);
  });

  it('releaseInterruptedRun leaves a run ended on purpose interrupted: it removes only its own lock and writes nothing', async () => {
    const dir = tempDir();
    const runDir = await run(dir, 'worker', 13);
    fs.rmSync(path.join(runDir, 'summary.json'));
    const log = fs.readFileSync(path.join(runDir, 'metrics.jsonl'));
    acquireRunLock(runDir, { token: 'worker-8' }); // a worker thread's lock, its thread terminated mid-run
    expect(releaseInterruptedRun(runDir, 'worker-9')).toBe(false);
    expect(runState(runDir).kind).toBe('running');
    expect(releaseInterruptedRun(runDir, 'worker-8')).toBe(true);
    expect(runState(runDir)).toMatchObject({ kind: 'interrupted', lock: null, summary: null, checkpoint: { epoch: 1, batch: 3 }, reason: 'its trainer ended without finishing' });
    expect(fs.readdirSync(runDir).sort()).toEqual(['checkpoint.bin', 'config.json', 'metrics.jsonl', 'model.onnx', 'run.json']);
    expect(fs.readFileSync(path.join(runDir, 'metrics.jsonl')).equals(log)).toBe(true);
  });
});

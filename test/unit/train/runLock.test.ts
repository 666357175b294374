// One writer per run folder: run.lock is taken exclusively, names its holder when it refuses, is taken
// over when stale (a dead pid here, an old heartbeat from another host), and tells a trainer that lost
// it. Then the two races of issue 11 with real processes: two `train` into one --run-dir, and `resume`
// while the run trains.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../engine/cli/command';
import { isSeqLabError } from '../../../engine/errors';
import { acquireRunLock, readLockFile, type RunLock } from '../../../engine/runs/lock';
import { releaseRun } from '../../../engine/runs/runState';
import { decodeTrainingState } from '../../../engine/train/state';
import { bundleCli, runCli } from '../helpers/cliProcess';
import { tempDir, writeConfig, writeForecastData } from '../helpers/tinyRuns';

function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

function writeLock(dir: string, lock: Partial<RunLock>): void {
  const now = new Date().toISOString();
  fs.writeFileSync(path.join(dir, 'run.lock'), JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'theirs', started: now, heartbeat: now, ...lock }));
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('run.lock', () => {
  it('is created with pid, host, token and times; a second writer is refused with the holder named; release removes it', () => {
    const dir = tempDir();
    const held = acquireRunLock(dir, { token: 'mine' });
    const saved = JSON.parse(fs.readFileSync(path.join(dir, 'run.lock'), 'utf8'));
    expect(saved).toMatchObject({ pid: process.pid, host: os.hostname(), token: 'mine' });
    expect(Date.parse(saved.started)).toBeGreaterThan(Date.now() - 60_000);
    const error = thrown(() => acquireRunLock(dir));
    expect(isSeqLabError(error)).toBe(true);
    expect(error.message).toBe(`this run folder is in use by another trainer: pid ${process.pid} on host ${os.hostname()}, since ${saved.started}`);
    held.release();
    expect(fs.existsSync(path.join(dir, 'run.lock'))).toBe(false);
    acquireRunLock(dir).release();
  });

  it('takes over a stale lock with a warning: a dead pid on this host, or a heartbeat over a minute old from another host', () => {
    for (const stale of [{ pid: deadPid() }, { host: 'elsewhere.example', heartbeat: new Date(Date.now() - 61_000).toISOString() }]) {
      const dir = tempDir();
      writeLock(dir, stale);
      const warnings: string[] = [];
      const held = acquireRunLock(dir, { token: 'mine', onWarning: (text) => warnings.push(text) });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/is gone; taking its run folder over/);
      expect(readLockFile(dir)).toMatchObject({ kind: 'held', live: true, lock: { token: 'mine' } });
      held.release();
    }
  });

  it('refuses a live lock from another host (fresh heartbeat) and an empty lock being written', () => {
    const dir = tempDir();
    writeLock(dir, { host: 'elsewhere.example', pid: 1 });
    expect(thrown(() => acquireRunLock(dir)).message).toMatch(/in use by another trainer: pid 1 on host elsewhere\.example/);
    fs.writeFileSync(path.join(dir, 'run.lock'), '');
    expect(thrown(() => acquireRunLock(dir)).message).toMatch(/in use by another trainer: a trainer that is starting/);
    const old = new Date(Date.now() - 120_000);
    fs.utimesSync(path.join(dir, 'run.lock'), old, old); // an empty lock whose writer died long ago
    const warnings: string[] = [];
    acquireRunLock(dir, { onWarning: (text) => warnings.push(text) }).release();
    expect(warnings[0]).toMatch(/empty run\.lock is gone/);
  });

  it('refreshes its heartbeat while held, and a holder whose lock was released is told so at its next write', async () => {
    const dir = tempDir();
    const held = acquireRunLock(dir, { token: 'worker', heartbeatMs: 20 });
    const first = held.lock.heartbeat;
    await new Promise((resolve) => setTimeout(resolve, 120));
    const now = readLockFile(dir);
    expect(now.kind === 'held' && now.lock.heartbeat > first).toBe(true);
    held.verify();
    expect(releaseRun(dir, 'not-the-token', 'crashed')).toBe(false);
    expect(releaseRun(dir, 'worker', 'crashed')).toBe(true);
    expect(thrown(() => held.verify()).message).toMatch(/no longer holds the run folder: its lock was released/);
    held.release(); // not its lock any more: removes nothing, throws nothing
  });
});

describe('two writers, real processes', () => {
  /** Batches of ~50 ms, 50 epochs: a run that is surely still training while the other process starts. */
  function longConfig(dir: string, name: string, hiddenSize: number): string {
    return writeConfig(dir, name, { file: writeForecastData(dir, 600), task: 'forecast', window: 48 }, { model: { hiddenSize }, training: { epochs: 50, batchSize: 64 } });
  }

  it('two `train` into one --run-dir: one trains, the other is refused naming it, and the folder is one run’s', async () => {
    const dir = tempDir();
    const cli = bundleCli(dir);
    const runDir = path.join(dir, 'run');
    const configs = [longConfig(dir, 'a', 128), longConfig(dir, 'b', 96)];
    const trainers = configs.map((config) => runCli(cli, ['train', config, '--run-dir', runDir, '--json', '--threads', '1']));
    const loser = await Promise.race(trainers.map((trainer, i) => trainer.exited.then(() => i)));
    const winner = trainers[1 - loser];
    expect(await trainers[loser].exited).toBe(EXIT.badInput);
    expect(trainers[loser].stderr()).toMatch(new RegExp(`this run folder is in use by another trainer: pid ${winner.child.pid} on host ${os.hostname()}, since `));
    await winner.waitFor((event) => event.type === 'checkpoint');
    winner.child.kill('SIGINT');
    expect(await winner.exited).toBe(EXIT.interrupted);
    // Every file of the folder comes from the winner's config.
    const info = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8'));
    const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
    const checkpoint = decodeTrainingState(new Uint8Array(fs.readFileSync(path.join(runDir, 'checkpoint.bin'))), runDir);
    expect(info.configFile).toBe(configs[1 - loser]);
    expect(JSON.parse(fs.readFileSync(path.join(runDir, 'config.json'), 'utf8')).model.hiddenSize).toBe(loser === 0 ? 96 : 128);
    expect(summary.configHash).toBe(info.configHash);
    expect(checkpoint.configHash).toBe(info.configHash);
    expect(fs.existsSync(path.join(runDir, 'run.lock'))).toBe(false);
  }, 60_000);

  it('`resume` while the run trains is refused naming the trainer; the trainer carries on', async () => {
    const dir = tempDir();
    const cli = bundleCli(dir);
    const runDir = path.join(dir, 'run');
    const trainer = runCli(cli, ['train', longConfig(dir, 'series', 128), '--run-dir', runDir, '--json', '--threads', '1']);
    await trainer.waitFor((event) => event.type === 'checkpoint'); // resumable, were it not running
    const resume = runCli(cli, ['resume', runDir]);
    expect(await resume.exited).toBe(EXIT.badInput);
    expect(resume.stderr()).toMatch(new RegExp(`this run folder is in use by another trainer: pid ${trainer.child.pid} on host ${os.hostname()}, since `));
    const batches = trainer.events.filter((event) => event.type === 'batch').length;
    await trainer.waitFor((event) => event.type === 'batch' && trainer.events.filter((e) => e.type === 'batch').length > batches + 2);
    trainer.child.kill('SIGINT');
    expect(await trainer.exited).toBe(EXIT.interrupted);
    expect(trainer.events.at(-1)).toMatchObject({ type: 'done', status: 'stopped' });
  }, 60_000);
});

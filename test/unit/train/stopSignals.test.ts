// The two ways a run is stopped for real: Ctrl-C (SIGINT) to the `seqlab` process, and a
// SharedArrayBuffer flag set by the thread that owns a training worker (how the extension will stop
// runs: a busy worker never sees a 'message', but it reads the flag before every batch).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../engine/cli/command';
import type { TrainingEvent } from '../../../engine/train/events';
import { bundle, bundleCli, runCli } from '../helpers/cliProcess';
import { runState } from '../../../engine/runs/runState';
import { tempDir, writeConfig, writeForecastData } from '../helpers/tinyRuns';

/** Batches of ~50 ms (LSTM 128 over 48 steps, 64 windows), so each takes far longer than a pipe's lag. */
function setup() {
  const dir = tempDir();
  const config = writeConfig(dir, 'series', { file: writeForecastData(dir, 600), task: 'forecast', window: 48 }, { model: { hiddenSize: 128 }, training: { epochs: 50, batchSize: 64 } });
  return { dir, config };
}

describe('stopping a run for real', () => {
  it('SIGINT to the seqlab process: exit 130, at most the batch in flight finishes, a checkpoint is left', async () => {
    const { dir, config } = setup();
    const cli = bundleCli(dir);
    const runDir = path.join(dir, 'run');
    const child = spawn(process.execPath, [cli, 'train', config, '--run-dir', runDir, '--json', '--threads', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const events: TrainingEvent[] = [];
    let pending = '';
    let signalledAfter = -1;
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const event = JSON.parse(line) as TrainingEvent;
        events.push(event);
        if (event.type === 'batch' && event.batch === 2 && signalledAfter < 0) {
          signalledAfter = events.length;
          child.kill('SIGINT');
        }
      }
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(EXIT.interrupted);
    // The loop yields to the event loop after every batch, so the signal is handled once the batch in
    // flight ends: at most that one batch follows the line the parent acted on.
    expect(events.slice(signalledAfter).filter((e) => e.type === 'batch').length).toBeLessThanOrEqual(1);
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'stopped' });
    expect(fs.existsSync(path.join(runDir, 'checkpoint.bin'))).toBe(true);
  }, 60_000);

  it('SIGTERM: the run stops at its next batch and stays interrupted (checkpoint, no summary, no lock), exit 130', async () => {
    const { dir, config } = setup();
    const cli = bundleCli(dir);
    const runDir = path.join(dir, 'run');
    const trainer = runCli(cli, ['train', config, '--run-dir', runDir, '--json', '--threads', '1']);
    await trainer.waitFor((event) => event.type === 'batch' && event.batch === 2);
    trainer.child.kill('SIGTERM');
    expect(await trainer.exited).toBe(EXIT.interrupted);
    expect(trainer.events.at(-1)).toMatchObject({ type: 'checkpoint', epoch: 0 });
    const { batch } = trainer.events.at(-1) as Extract<TrainingEvent, { type: 'checkpoint' }>;
    expect(batch).toBeGreaterThanOrEqual(2);
    expect(batch).toBeLessThanOrEqual(3);
    expect(trainer.stderr()).toContain(`seqlab train: ${runDir}: interrupted after epoch 0, batch ${batch}; its checkpoint is kept`);
    expect(trainer.stderr()).toContain(`hint: Continue it with 'seqlab resume ${runDir}'.`);
    expect(fs.existsSync(path.join(runDir, 'summary.json'))).toBe(false);
    expect(fs.existsSync(path.join(runDir, 'run.lock'))).toBe(false);
    expect(runState(runDir)).toMatchObject({ kind: 'interrupted', checkpoint: { epoch: 0, batch } });
  }, 60_000);

  it('a SharedArrayBuffer flag stops a run inside a worker thread within one batch', async () => {
    const { dir, config } = setup();
    const script = bundle(dir, 'trainWorker', `
      import { parentPort, workerData } from 'node:worker_threads';
      import { startRun } from ${JSON.stringify(path.resolve('engine/runs/session.ts'))};
      const shared = new Int32Array(workerData.shared); // [0] stop flag, [1] batches completed
      startRun({ configFile: workerData.config, runDir: workerData.runDir, threads: 1 }, {
        onEvent: (event) => {
          if (event.type === 'batch') Atomics.store(shared, 1, event.batch);
          parentPort.postMessage(event);
        },
        shouldStop: () => Atomics.load(shared, 0) === 1,
      }).then((result) => parentPort.postMessage({ type: 'result', status: result.summary.status }));`);
    const shared = new Int32Array(new SharedArrayBuffer(8));
    const worker = new Worker(script, { workerData: { config, runDir: path.join(dir, 'run'), shared: shared.buffer } });
    const events: (TrainingEvent | { type: 'result'; status: string })[] = [];
    let completedWhenStopped = -1;
    const finished = new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (event: TrainingEvent | { type: 'result'; status: string }) => {
        events.push(event);
        if (event.type === 'batch' && event.batch === 2 && completedWhenStopped < 0) {
          Atomics.store(shared, 0, 1); // flag first, then read: the worker had done at most this many
          completedWhenStopped = Atomics.load(shared, 1);
        }
        if (event.type === 'result') resolve();
      });
    });
    await finished;
    await worker.terminate();
    expect(events.at(-1)).toEqual({ type: 'result', status: 'stopped' });
    // Only the batch in flight when the flag was set may finish; the checkpoint names where it stopped.
    const checkpoint = events.find((e) => e.type === 'checkpoint') as Extract<TrainingEvent, { type: 'checkpoint' }>;
    expect(checkpoint.epoch).toBe(0);
    expect(checkpoint.batch).toBeGreaterThanOrEqual(completedWhenStopped);
    expect(checkpoint.batch).toBeLessThanOrEqual(completedWhenStopped + 1);
  }, 60_000);
});

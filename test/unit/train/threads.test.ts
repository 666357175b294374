// A run's SIMD thread count may change between batches (the editor gives a lone run two threads and
// two runs one each; two means one to three, engine/runs/threadChoice.ts): helper threads are started,
// used and left asleep on request, and a run switched 1 → 2 → 1 → 2 → 1 mid-run, stopped and resumed
// ends bit-identical to a run on one thread.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSimdBinary, spawnWorkerHelper } from '../../../engine/accel/simd';
import { createSimdBackend } from '../../../engine/kernels/simd/backend';
import { resumeRun, startRun } from '../../../engine/runs/session';
import type { TrainingEvent } from '../../../engine/train/events';
import { decodeTrainingState } from '../../../engine/train/state';
import { arenaArray, helperChunks, seeded } from '../kernels/simdHelpers';
import { tempDir, writeConfig, writeForecastData } from '../helpers/tinyRuns';

/** A backend that starts on one thread, and a product on it returning its output's bytes. */
function backendWithProduct(seed: number, [M, N, K] = [64, 64, 32]) {
  const backend = createSimdBackend(loadSimdBinary('baseline'), { spawnHelper: spawnWorkerHelper, threads: 1, minParallelFlops: 0, chunkFlops: 1, tinyChunks: true });
  const next = seeded(seed);
  const a = arenaArray(backend, M * K, next), b = arenaArray(backend, N * K, next), out = arenaArray(backend, M * N, () => 0);
  const product = () => {
    backend.kernels.matmulABt(out, a, b, { M, N, K }, false);
    return Buffer.from(Float32Array.from(out).buffer);
  };
  return { backend, product };
}

describe('switching the helper thread', () => {
  it('starts it on request, shares products with it, and stops using it on request', () => {
    const { backend, product } = backendWithProduct(5);
    try {
      expect(backend.threads).toBe(1);
      const alone = product();
      expect(helperChunks(backend)).toBe(0);
      expect(backend.setThreads(2)).toBe(2);
      const deadline = Date.now() + 20_000; // the helper thread starts in the background
      while (helperChunks(backend) === 0 && Date.now() < deadline) expect(product().equals(alone)).toBe(true);
      expect(helperChunks(backend)).toBeGreaterThan(0);
      expect(backend.setThreads(1)).toBe(1);
      const shared = helperChunks(backend);
      for (let i = 0; i < 20; i++) expect(product().equals(alone)).toBe(true);
      expect(helperChunks(backend)).toBe(shared);
    } finally {
      backend.dispose();
    }
  });

  it('three threads: both helpers share products, bit-identical; back to two, the second helper rests', () => {
    // Products of 64 chunks taking ~0.5 ms: long enough for a helper woken by a job to join it.
    const { backend, product } = backendWithProduct(7, [256, 256, 128]);
    try {
      const alone = product();
      expect(backend.setThreads(3)).toBe(3);
      const deadline = Date.now() + 20_000; // the helpers start in the background
      while (backend.helperChunks.some((chunks) => chunks === 0) && Date.now() < deadline) expect(product().equals(alone)).toBe(true);
      expect(backend.helperChunks.length).toBe(2);
      expect(Math.min(...backend.helperChunks)).toBeGreaterThan(0);
      expect(backend.setThreads(2)).toBe(2);
      const [, second] = backend.helperChunks;
      for (let i = 0; i < 50; i++) expect(product().equals(alone)).toBe(true);
      expect(backend.helperChunks[1]).toBe(second);
      expect(backend.setThreads(1)).toBe(1);
      const rested = helperChunks(backend);
      for (let i = 0; i < 20; i++) expect(product().equals(alone)).toBe(true);
      expect(helperChunks(backend)).toBe(rested);
    } finally {
      backend.dispose();
    }
  });

  it('two threads that sleep at once instead of spinning (a busy machine) still share products, bit-identical', () => {
    const { backend, product } = backendWithProduct(6);
    try {
      const alone = product();
      expect(backend.setThreads(2, false)).toBe(2);
      const deadline = Date.now() + 20_000;
      while (helperChunks(backend) === 0 && Date.now() < deadline) expect(product().equals(alone)).toBe(true);
      const before = helperChunks(backend);
      expect(before).toBeGreaterThan(0);
      // Each job wakes the helper from its sleep; over 200 jobs it takes some chunks again.
      for (let i = 0; i < 200; i++) expect(product().equals(alone)).toBe(true);
      expect(helperChunks(backend)).toBeGreaterThan(before);
      expect(backend.setThreads(2, true)).toBe(2);
      for (let i = 0; i < 20; i++) expect(product().equals(alone)).toBe(true);
    } finally {
      backend.dispose();
    }
  });
});

describe('a run whose threads change between batches', () => {
  it('1 → 2 → 1 → 2 → 1 mid-run, stopped and resumed: bit-identical to a run on one thread', async () => {
    const dir = tempDir();
    // LSTM 64 over batches of 32: products large enough to be shared (see minParallelFlops).
    const configFile = writeConfig(dir, 'series', { file: writeForecastData(dir, 400), task: 'forecast', window: 16 }, { model: { hiddenSize: 64 }, training: { batchSize: 32 } });
    const one = await startRun({ configFile, runDir: path.join(dir, 'one'), threads: 1 }, { onEvent: () => {}, shouldStop: () => false });

    let batches = 0;
    const asked: number[] = [];
    const switching = await startRun({ configFile, runDir: path.join(dir, 'switching'), threads: 1 }, {
      onEvent: (event: TrainingEvent) => { if (event.type === 'batch') batches++; },
      threads: () => {
        asked.push(batches);
        return batches >= 3 && batches < 12 ? 2 : batches >= 12 && batches < 20 ? 1 : batches < 23 ? 2 : 1;
      },
      shouldStop: () => batches === 25,
    });
    expect(switching.summary.status).toBe('stopped');
    expect(asked).toEqual(Array.from({ length: 25 }, (_, i) => i)); // polled before every batch
    const atStop = decodeTrainingState(new Uint8Array(fs.readFileSync(path.join(switching.runDir, 'checkpoint.bin'))), 'checkpoint').state;
    expect(atStop.kernels.threads).toBe(1); // the checkpoint records the threads in use
    const resumed = await resumeRun(switching.runDir, { onEvent: () => {}, shouldStop: () => false, threads: () => 1 });
    expect(resumed.summary.status).toBe('completed');

    const final = (runDir: string) => decodeTrainingState(new Uint8Array(fs.readFileSync(path.join(runDir, 'checkpoint.bin'))), runDir).state;
    const [a, b] = [final(one.runDir), final(resumed.runDir)];
    expect(b.kernels.threads).toBe(1);
    expect(Buffer.from(b.model.params.buffer).equals(Buffer.from(a.model.params.buffer))).toBe(true);
    expect(Buffer.from(b.best.params.buffer).equals(Buffer.from(a.best.params.buffer))).toBe(true);
    expect(resumed.summary.metrics).toEqual(one.summary.metrics);
  });
});

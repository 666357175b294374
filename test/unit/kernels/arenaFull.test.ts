// When the SIMD kernels' memory is full the engine falls back to the reference kernels for what does
// not fit; it says so once: an ARENA_FULL `warning` event right after `start` (in metrics.jsonl too)
// and a CLI line. The run still trains to the end. (The limit is lowered here with setArenaLimit so
// that "full" comes without 4 GiB.) And an epoch allocates nothing more in the arena, so a long run
// never fills it by itself.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installSimdKernels } from '../../../engine/accel/simd';
import { EXIT } from '../../../engine/cli/command';
import { loadConfig } from '../../../engine/config/load';
import { estimateMemory, KERNEL_SCRATCH_BYTES, shapeOfPrepared } from '../../../engine/config/memory';
import { prepareData } from '../../../engine/data/prepare';
import { setArenaLimit, WasmArena, PAGE_BYTES } from '../../../engine/kernels/simd/arena';
import type { TrainingEvent } from '../../../engine/train/events';
import { runTraining } from '../../../engine/train/loop';
import { setupFromConfig } from '../../../engine/train/setup';
import { createTrainingState } from '../../../engine/train/state';
import { runCli } from '../config/cli';
import { tempDir, writeClassifyData, writeConfig, writeForecastData, writeTextData } from '../helpers/tinyRuns';

afterEach(() => setArenaLimit(null));

describe('a full arena', () => {
  it('calls onFull once, then serves heap arrays (which the kernels run in the reference loops)', () => {
    setArenaLimit(8 * PAGE_BYTES);
    const arena = new WasmArena(PAGE_BYTES);
    const calls: number[] = [];
    arena.onFull = (bytes) => calls.push(bytes);
    const inside = arena.floats('f32', 4 * PAGE_BYTES / 4);
    const outside = arena.floats('f32', 8 * PAGE_BYTES / 4);
    const again = arena.floats('f32', 8 * PAGE_BYTES / 4);
    expect(arena.owns(inside)).toBe(true);
    expect([arena.owns(outside), arena.owns(again)]).toEqual([false, false]);
    expect(arena.heapFallbacks).toBe(2);
    expect(calls).toEqual([8 * PAGE_BYTES]);
    expect(arena.reserve(PAGE_BYTES)).toBeGreaterThan(0); // what still fits is still served
  });

  it('seqlab train: one ARENA_FULL warning after start, in the events, metrics.jsonl and the CLI lines; the run completes', async () => {
    const dir = tempDir();
    const file = writeConfig(dir, 'series', { file: writeForecastData(dir), window: 12 }, { model: { hiddenSize: 16 }, training: { epochs: 2 } });
    const { config } = loadConfig(file);
    const estimate = estimateMemory(config, shapeOfPrepared(await prepareData(config, file)));
    // Room for the kernels' scratch and the weights, not for the activations.
    setArenaLimit(4096 + 128 + 2 * KERNEL_SCRATCH_BYTES + estimate.parts.weights + estimate.parts.optimizer + 4096);
    const runDir = path.join(dir, 'run');
    const json = await runCli(['train', file, '--run-dir', runDir, '--json', '--threads', '2']);
    expect(json.code, json.err).toBe(EXIT.ok);
    const events = json.out.split('\n').map((line) => JSON.parse(line) as TrainingEvent);
    const warnings = events.filter((event) => event.type === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ type: 'warning', code: 'ARENA_FULL' });
    expect((warnings[0] as { message: string }).message).toMatch(/the SIMD kernels' memory is full .* several times slower\. Lower training\.batchSize/);
    expect(events.slice(0, 2).map((event) => event.type)).toEqual(['start', 'warning']);
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'completed' });
    const logged = fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line).type);
    expect(logged.filter((type) => type === 'warning')).toHaveLength(1);

    const lines = await runCli(['train', file, '--run-dir', path.join(dir, 'run2'), '--threads', '2']);
    expect(lines.code).toBe(EXIT.ok);
    expect(lines.err.match(/^warning: the SIMD kernels' memory is full/gm)).toHaveLength(1);
  });

  it('no warning when everything fits', async () => {
    const dir = tempDir();
    const file = writeConfig(dir, 'series', { file: writeForecastData(dir), window: 12 }, { training: { epochs: 1 } });
    const result = await runCli(['train', file, '--run-dir', path.join(dir, 'run'), '--json']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).not.toMatch(/"type":"warning"/);
  });
});

describe('epochs allocate nothing in the arena', () => {
  for (const [task, write, data] of [['classify', writeClassifyData, { window: 7 }], ['text', writeTextData, { seqLength: 40 }]] as const) {
    it(`${task}: the arena holds as much after epoch 4 as after epoch 1`, async () => {
      const dir = tempDir();
      const file = writeConfig(dir, task, { file: write(dir), task, ...data }, { training: { epochs: 4 } });
      const { config } = loadConfig(file);
      const prepared = await prepareData(config, file);
      const simd = installSimdKernels({ threads: 1 })!;
      try {
        const state = createTrainingState(setupFromConfig(config, prepared), simd.allocator, { name: simd.backend.kernels.name, threads: 1 });
        const used: number[] = [];
        await runTraining(state, prepared, { emit: (event) => event.type === 'epoch' && used.push(simd.backend.arena.usedBytes), shouldStop: () => false, saveCheckpoint: (s) => ({ type: 'checkpoint', epoch: s.progress.epoch, batch: s.progress.batch, file: '' }) });
        expect(used).toHaveLength(4);
        expect(new Set(used).size).toBe(1);
      } finally {
        simd.dispose();
      }
    });
  }
});

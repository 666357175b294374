// The memory estimate and check: the activation count is allocModelActs' own, the SIMD arena part equals
// what a real run's arena holds, the largest config the schema allows is refused with its figure, a
// config that does not fit the memory available (injected here) or the kernels' 4 GiB is refused by
// `seqlab train` with the setting to lower, and the value the hint names does fit.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installSimdKernels } from '../../../engine/accel/simd';
import { EXIT } from '../../../engine/cli/command';
import { loadConfig } from '../../../engine/config/load';
import { availableMemory, estimateMemory, formatBytes, setMemorySource, shapeOfPrepared, type DataShape } from '../../../engine/config/memory';
import { memoryProblem } from '../../../engine/config/memoryCheck';
import { validateConfig } from '../../../engine/config/load';
import { prepareData } from '../../../engine/data/prepare';
import { allocModelActs } from '../../../engine/model/acts';
import { activationElements } from '../../../engine/model';
import type { ModelSpec } from '../../../engine/spec';
import type { Allocator } from '../../../engine/tensor';
import { runTraining } from '../../../engine/train/loop';
import { setupFromConfig } from '../../../engine/train/setup';
import { createTrainingState } from '../../../engine/train/state';
import { runCli } from './cli';
import { tempDir, writeClassifyData, writeConfig, writeForecastData, writeTextData } from '../helpers/tinyRuns';

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const plenty = (bytes: number) => ({ freeBytes: () => bytes, limitBytes: () => 0, residentBytes: () => 0 });

afterEach(() => setMemorySource(null));

describe('the estimate', () => {
  it('counts the activations allocModelActs allocates, for every kind of model', () => {
    for (const cell of ['lstm', 'gru'] as const) {
      for (const input of [{ kind: 'features', size: 5 }, { kind: 'tokens', vocab: 11, embed: 6 }] as ModelSpec['input'][]) {
        for (const [layers, dropout] of [[1, 0], [3, 0], [3, 0.25]]) {
          const spec: ModelSpec = { cell, input, hiddenSize: 7, layers, dropout, outputSize: 4, headOn: input.kind === 'tokens' ? 'every' : 'last', forgetBias: 1 };
          let floats = 0;
          const counting: Allocator = { floats: (_dtype, length) => ((floats += length), new Float32Array(0)) };
          const acts = allocModelActs(spec, counting, 'f32', 9, 13);
          expect(activationElements(spec, 9, 13)).toEqual({ floats, ints: acts.tokens.length });
        }
      }
    }
  });

  for (const [task, write, data] of [
    ['forecast', writeForecastData, { window: 12, horizon: 2 }],
    ['classify', writeClassifyData, { window: 7 }],
    ['text', writeTextData, { seqLength: 40 }],
  ] as const) {
    it(`${task}: the SIMD arena part equals what a run's arena holds after an epoch`, async () => {
      const dir = tempDir();
      const file = writeConfig(dir, task, { file: write(dir), task, ...data }, { model: { hiddenSize: 24, layers: 2 }, training: { epochs: 1, batchSize: 8 } });
      const { config } = loadConfig(file);
      const prepared = await prepareData(config, file);
      const estimate = estimateMemory(config, shapeOfPrepared(prepared));
      const simd = installSimdKernels({ threads: 2 });
      expect(simd).not.toBeNull();
      try {
        const state = createTrainingState(setupFromConfig(config, prepared), simd!.allocator, { name: simd!.backend.kernels.name, threads: simd!.threads });
        await runTraining(state, prepared, { emit() {}, shouldStop: () => false, saveCheckpoint: (s) => ({ type: 'checkpoint', epoch: s.progress.epoch, batch: s.progress.batch, file: '' }) });
        const used = simd!.backend.arena.usedBytes;
        // Every allocation is 64-byte aligned; the forecast sample adds a window per epoch.
        expect(Math.abs(used - estimate.arenaBytes)).toBeLessThan(2 * 1024);
        expect(simd!.backend.arena.heapFallbacks).toBe(0);
      } finally {
        simd!.dispose();
      }
    });
  }

  it('grows past 6 GB with the largest config the schema allows (the issue\'s case), and is refused', async () => {
    const config = validateConfig({
      data: { file: 'big.csv', window: 100_000, horizon: 10_000 },
      model: { hiddenSize: 4096, layers: 8, embedSize: 4096 },
      training: { batchSize: 65_536, maxWindowsPerEpoch: null },
    }, 'big.seqlab.json');
    const shape: DataShape = { task: 'forecast', rows: 1_000_000, columns: 2, inputSize: 1, outputSize: 10_000, targets: 1, window: 100_000, trainWindows: 590_001, evalWindows: 40_001, exact: false };
    const estimate = estimateMemory(config, shape);
    expect(estimate.bytes).toBeGreaterThan(6e9);
    expect(estimate.parts.activations).toBeGreaterThan(1e15); // T·B·G·L floats: petabytes
    const problem = memoryProblem(config, shape, { bytes: 16 * GiB, source: 'free memory' });
    expect(problem?.path).toBe('/training/batchSize');
    expect(problem?.message).toMatch(/needs about \d+(\.\d+)? PiB of memory \(activations [\d.]+ PiB, .*\), but only 16 GiB is available/);
    expect(problem?.hint).toMatch(/no single setting is enough/);

    const dir = tempDir();
    writeForecastData(dir, 200);
    const big = writeConfig(dir, 'big', { file: 'series.csv', window: 100_000, horizon: 10_000 }, { model: { hiddenSize: 4096, layers: 8 }, training: { batchSize: 65_536 } });
    const result = await runCli(['train', big]);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.err).toMatch(/big\.seqlab\.json, at \/training\/batchSize: training this config needs about [\d.]+ PiB of memory/);
    expect(result.err).not.toMatch(/internal error/);
    expect(fs.existsSync(path.join(dir, '.seqlab'))).toBe(false);
  });
});

describe('the check', () => {
  it('train refuses a config that needs more than the memory available, naming the batch size that fits', async () => {
    const dir = tempDir();
    const file = writeConfig(dir, 'series', { file: writeForecastData(dir, 400), window: 48 }, { model: { hiddenSize: 256, layers: 2 }, training: { batchSize: 512 } });
    setMemorySource(plenty(64 * MiB));
    const result = await runCli(['train', file]);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.err).toMatch(/at \/training\/batchSize: training this config needs about [\d.]+ MiB of memory \(activations [\d.]+ MiB, .*\), but only 64 MiB is available \(free memory\)/);
    const batch = Number(/lower training\.batchSize to ([\d,]+) or less/.exec(result.err)?.[1].replace(/,/g, ''));
    expect(batch).toBeGreaterThan(1);
    expect(fs.existsSync(path.join(dir, '.seqlab'))).toBe(false);

    // The hint is right: at that batch size it fits, one more does not (exact shape of the prepared data).
    const { config } = loadConfig(file);
    const shape = shapeOfPrepared(await prepareData(config, file));
    const at = (batchSize: number) => memoryProblem({ ...config, training: { ...config.training, batchSize } }, shape, availableMemory(), { simd: true });
    expect(at(batch)).toBeNull();
    expect(at(batch + 1)).not.toBeNull();
  });

  it('the kernels\' 4 GiB is a limit of its own, whatever the machine has', () => {
    const config = validateConfig({ data: { file: 'x.csv', window: 256 }, model: { hiddenSize: 1024, layers: 4 }, training: { batchSize: 1024 } }, 'x.seqlab.json');
    const shape: DataShape = { task: 'forecast', rows: 10_000, columns: 3, inputSize: 2, outputSize: 1, targets: 1, window: 256, trainWindows: 6_744, evalWindows: 1_244, exact: true };
    const terabyte = { bytes: 2 ** 40, source: 'free memory' };
    const problem = memoryProblem(config, shape, terabyte, { simd: true });
    expect(problem?.message).toMatch(/needs [\d.]+ GiB in the SIMD kernels' memory, which holds at most 4 GiB/);
    expect(problem?.path).toBe('/training/batchSize');
    expect(memoryProblem(config, shape, terabyte, { simd: false })).toBeNull(); // the reference kernels use the heap
  });

  it('a process memory limit (a container) counts, less what the process holds', () => {
    setMemorySource({ freeBytes: () => 20 * GiB, limitBytes: () => GiB, residentBytes: () => 300 * MiB });
    expect(availableMemory()).toEqual({ bytes: 724 * MiB, source: 'the memory limit of this process (1 GiB) less the 300 MiB it holds' });
    setMemorySource({ freeBytes: () => 512 * MiB, limitBytes: () => 4 * GiB, residentBytes: () => 300 * MiB });
    expect(availableMemory()).toEqual({ bytes: 512 * MiB, source: 'free memory' });
    setMemorySource(null);
    const real = availableMemory();
    expect(real.bytes).toBeGreaterThan(0);
  });

  it('seqlab data and init show the estimate', async () => {
    const dir = tempDir();
    const file = writeConfig(dir, 'series', { file: writeForecastData(dir), window: 12 });
    const text = await runCli(['data', file]);
    expect(text.out).toMatch(/\nMemory to train: [\d.]+ (KiB|MiB) \(.*\); [\d.]+ (MiB|GiB|TiB) available$/);
    const json = JSON.parse((await runCli(['data', file, '--json'])).out);
    expect(json.memory.estimate.bytes).toBeGreaterThan(0);
    expect(json.memory.problem).toBeNull();
    setMemorySource(plenty(json.memory.estimate.bytes - 20 * 1024));
    const tight = await runCli(['data', file]);
    expect(tight.code).toBe(EXIT.ok); // data reports; train refuses
    expect(tight.out).toMatch(/too much: training this config needs [\d.]+ MiB of memory[\s\S]*hint: lower training\.batchSize to \d+ or less/);
    const init = await runCli(['init', path.join(dir, 'series.csv'), '--out', path.join(dir, 'proposed.seqlab.json')]);
    expect(init.out).toMatch(/memory to train: [\d.]+ (KiB|MiB)/);
  });

  it('formats sizes in binary units', () => {
    expect([formatBytes(900), formatBytes(1536), formatBytes(4 * GiB), formatBytes(3.5 * 2 ** 50)]).toEqual(['900 bytes', '1.5 KiB', '4 GiB', '3.5 PiB']);
  });
});

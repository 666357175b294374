// Runs end to end on small real data: every task, exact resume, stop within one batch, and divergence.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../engine/config/load';
import { prepareData } from '../../../engine/data/prepare';
import type { PreparedForecast } from '../../../engine/data/types';
import { SeqLabError } from '../../../engine/errors';
import { RunFolder } from '../../../engine/runs/runFolder';
import { runState } from '../../../engine/runs/runState';
import { resumeRun, startRun, type RunResult } from '../../../engine/runs/session';
import type { RunSummary } from '../../../engine/runs/summary';
import type { TrainingEvent } from '../../../engine/train/events';
import { runTraining } from '../../../engine/train/loop';
import { setupFromConfig } from '../../../engine/train/setup';
import { createTrainingState, decodeTrainingState, encodeTrainingState } from '../../../engine/train/state';
import { firstNonFinite } from '../../../engine/tensor';
import { tempDir, writeClassifyData, writeConfig, writeForecastData, writeTextData } from '../helpers/tinyRuns';

function configs(dir: string): Record<'forecast' | 'classify' | 'text', string> {
  return {
    forecast: writeConfig(dir, 'series', { file: writeForecastData(dir), task: 'forecast', window: 12, horizon: 2 }),
    classify: writeConfig(dir, 'weather', { file: writeClassifyData(dir), task: 'classify', window: 6, columns: { targets: ['weather'] } }),
    text: writeConfig(dir, 'story', { file: writeTextData(dir), task: 'text', seqLength: 24 }, { model: { embedSize: 8 } }),
  };
}

const quiet = { onEvent: () => {}, shouldStop: () => false };

function readEvents(runDir: string): TrainingEvent[] {
  return fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
}

describe('a run of every task, end to end', () => {
  const dir = tempDir();
  const files = configs(dir);
  for (const task of ['forecast', 'classify', 'text'] as const) {
    it(task, async () => {
      const runDir = path.join(dir, `run-${task}`);
      const { summary } = await startRun({ configFile: files[task], runDir }, quiet);
      expect(summary.task).toBe(task);
      expect(summary.status).toBe('completed');
      expect(summary.epochs).toBe(3);
      expect(summary.bestEpoch).toBeGreaterThanOrEqual(1);
      for (const name of ['config.json', 'run.json', 'metrics.jsonl', 'checkpoint.bin', 'summary.json', 'model.onnx']) expect(fs.existsSync(path.join(runDir, name))).toBe(true);
      expect(JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(summary)));
      const types = readEvents(runDir).map((event) => event.type);
      expect(types[0]).toBe('start');
      expect(types.at(-1)).toBe('done');
      expect(types.filter((type) => type === 'epoch')).toHaveLength(3);
      expect(types.filter((type) => type === 'sample')).toHaveLength(3);
      const baselineNames = { forecast: ['naive', 'seasonalNaive'], classify: ['majority'], text: ['unigram'] }[task];
      expect(Object.keys(summary.baselines)).toEqual(baselineNames);
      const metricNames = { forecast: ['mae', 'rmse', 'smape', 'mase', 'perStep'], classify: ['accuracy', 'macroF1', 'confusion'], text: ['bitsPerChar', 'perplexity'] }[task];
      expect(Object.keys(summary.metrics.test!)).toEqual(metricNames);
      for (const baseline of Object.values(summary.baselines)) expect(Object.keys(baseline.test)).toEqual(metricNames);
    });
  }
});

describe('exact resume', () => {
  it('a run stopped mid-epoch and resumed ends bit-identical to an uninterrupted one', async () => {
    const dir = tempDir();
    const config = configs(dir).forecast;
    const whole = await startRun({ configFile: config, runDir: path.join(dir, 'whole') }, quiet);

    let batches = 0;
    const stopped = await startRun({ configFile: config, runDir: path.join(dir, 'split') }, {
      onEvent: (event) => { if (event.type === 'batch') batches++; },
      shouldStop: () => batches === 17, // epoch 2, part-way through
    });
    expect(stopped.summary.status).toBe('stopped');
    const atStop = decodeTrainingState(RunFolder.open(path.join(dir, 'split')).readCheckpoint(), 'split').state.progress;
    expect(atStop.epoch).toBe(1);
    expect(atStop.batch).toBeGreaterThan(0);
    const resumed = await resumeRun(path.join(dir, 'split'), quiet);
    expect(resumed.summary.status).toBe('completed');
    expectBitIdentical(whole, resumed);
  });

  it('a run stopped between epochs, before the next epoch draws its order, resumes bit-identical', async () => {
    const dir = tempDir();
    const config = configs(dir).forecast;
    const whole = await startRun({ configFile: config, runDir: path.join(dir, 'whole') }, quiet);
    // The loop asks before each of an epoch's 10 batches and once after them: the 12th question is the
    // first of epoch 2, after epoch 1's checkpoint.
    let asked = 0;
    const stopped = await startRun({ configFile: config, runDir: path.join(dir, 'split') }, { onEvent: () => {}, shouldStop: () => ++asked === 12 });
    expect(stopped.summary.status).toBe('stopped');
    expect(decodeTrainingState(RunFolder.open(stopped.runDir).readCheckpoint(), 'split').state.progress).toMatchObject({ epoch: 1, batch: 0 });
    expectBitIdentical(whole, await resumeRun(stopped.runDir, quiet));
  });

  it('an interrupted run keeps its checkpoint, writes no summary, releases its lock, and resumes bit-identical', async () => {
    const dir = tempDir();
    const config = configs(dir).forecast;
    const whole = await startRun({ configFile: config, runDir: path.join(dir, 'whole') }, quiet);
    const runDir = path.join(dir, 'split');
    let batches = 0;
    const seen: TrainingEvent[] = [];
    const error = await startRun({ configFile: config, runDir }, {
      onEvent: (event) => {
        seen.push(event);
        if (event.type === 'batch') batches++;
      },
      shouldStop: () => false,
      shouldInterrupt: () => batches === 14, // epoch 2, part-way through
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SeqLabError);
    expect(error).toMatchObject({ code: 'STOPPED', message: 'interrupted after epoch 1, batch 4; its checkpoint is kept and it has no summary yet' });
    expect(seen.at(-1)).toMatchObject({ type: 'checkpoint', epoch: 1, batch: 4 });
    expect(seen.some((event) => event.type === 'done')).toBe(false);
    expect(fs.existsSync(path.join(runDir, 'summary.json'))).toBe(false);
    expect(fs.existsSync(path.join(runDir, 'run.lock'))).toBe(false);
    expect(fs.existsSync(path.join(runDir, 'model.onnx'))).toBe(false);
    expect(readEvents(runDir).at(-1)).toMatchObject({ type: 'checkpoint', epoch: 1, batch: 4 });
    expect(runState(runDir)).toMatchObject({ kind: 'interrupted', lock: null, checkpoint: { epoch: 1, batch: 4 } });

    // Interrupted again after it resumed, then resumed to the end.
    batches = 0;
    await expect(resumeRun(runDir, { onEvent: (event) => { if (event.type === 'batch') batches++; }, shouldStop: () => false, shouldInterrupt: () => batches === 9 }))
      .rejects.toMatchObject({ code: 'STOPPED', message: expect.stringMatching(/^interrupted after epoch 2, batch 3;/) });
    expect(runState(runDir).kind).toBe('interrupted');
    expectBitIdentical(whole, await resumeRun(runDir, quiet));
  });
});

/** The resumed run ended exactly as the uninterrupted one: weights, optimiser, PRNGs, summary, model, log. */
function expectBitIdentical(whole: RunResult, resumed: RunResult): void {
  const final = (runDir: string) => decodeTrainingState(new Uint8Array(fs.readFileSync(path.join(runDir, 'checkpoint.bin'))), runDir).state;
  const [a, b] = [final(whole.runDir), final(resumed.runDir)];
  expect(Buffer.from(b.model.params.buffer).equals(Buffer.from(a.model.params.buffer))).toBe(true);
  expect(Buffer.from(b.best.params.buffer).equals(Buffer.from(a.best.params.buffer))).toBe(true);
  expect(Buffer.from(b.optimizer.buffers.v.buffer).equals(Buffer.from(a.optimizer.buffers.v.buffer))).toBe(true);
  expect(b.rngs.shuffle.getState()).toEqual(a.rngs.shuffle.getState());
  const comparable = (summary: RunSummary) => ({ ...summary, message: '', model: null });
  expect(comparable(resumed.summary)).toEqual(comparable(whole.summary));
  const model = (runDir: string) => fs.readFileSync(path.join(runDir, 'model.onnx'));
  expect(model(resumed.runDir).equals(model(whole.runDir))).toBe(true);
  const epochs = (runDir: string) => readEvents(runDir).filter((e) => e.type === 'epoch' || e.type === 'batch').map((e) => ({ ...e, seconds: 0 }));
  expect(epochs(resumed.runDir)).toEqual(epochs(whole.runDir));
}

describe('stopping', () => {
  it('stops within one batch of the request and leaves a checkpoint that resumes', async () => {
    const dir = tempDir();
    const config = configs(dir).classify;
    const events: TrainingEvent[] = [];
    let stop = false;
    const { summary, runDir } = await startRun({ configFile: config, runDir: path.join(dir, 'run') }, {
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'batch' && event.batch === 3) stop = true;
      },
      shouldStop: () => stop,
    });
    expect(summary.status).toBe('stopped');
    const requested = events.findIndex((e) => e.type === 'batch' && e.batch === 3);
    expect(events.slice(requested + 1).filter((e) => e.type === 'batch')).toEqual([]);
    const checkpoint = events.find((e) => e.type === 'checkpoint');
    expect(checkpoint).toMatchObject({ epoch: 0, batch: 3 });
    const state = decodeTrainingState(RunFolder.open(runDir).readCheckpoint(), runDir).state;
    expect(state.progress).toMatchObject({ epoch: 0, batch: 3 });
  });
});

describe('divergence', () => {
  async function poisonedRun(poisonAt: number) {
    const dir = tempDir();
    const { config, file } = loadConfig(configs(dir).forecast);
    const data = await prepareData(config, file);
    const setup = setupFromConfig(config, data);
    const state = createTrainingState(setup);
    let calls = 0;
    const forecast = data as PreparedForecast;
    const poisoned: PreparedForecast = { ...forecast, fillBatch: (split, windows, x, y) => {
      forecast.fillBatch(split, windows, x, y);
      if (split === 'train' && ++calls === poisonAt) x[5] = NaN;
    } };
    const saved: Uint8Array[] = [];
    const events: TrainingEvent[] = [];
    let paramsBefore = new Float32Array(0);
    let unchangedAtError = false;
    const outcome = await runTraining(state, poisoned, {
      emit: (event) => {
        events.push(event);
        if (event.type === 'batch') paramsBefore = Float32Array.from(state.model.params);
        if (event.type === 'error') unchangedAtError = Buffer.from(Float32Array.from(state.model.params).buffer).equals(Buffer.from(paramsBefore.buffer));
      },
      shouldStop: () => false,
      saveCheckpoint: (current) => {
        saved.push(encodeTrainingState(current, 'test'));
        return { type: 'checkpoint', epoch: current.progress.epoch, batch: current.progress.batch, file: `checkpoint ${saved.length}` };
      },
    });
    return { state, outcome, saved, events, unchangedAtError };
  }

  it('a non-finite loss stops the run as diverged and keeps the last good checkpoint, saying which', async () => {
    const { state, outcome, saved, events, unchangedAtError } = await poisonedRun(14); // a batch in epoch 2
    expect(outcome.status).toBe('diverged');
    expect(outcome.message).toMatch(/^training diverged at epoch 2, batch 4: loss NaN\. The weights were not updated; the last checkpoint \(after epoch 1\) is kept\. /);
    expect(events.some((e) => e.type === 'error' && e.code === 'DIVERGED')).toBe(true);
    expect(saved).toHaveLength(1); // the epoch-1 checkpoint only: nothing written after the bad batch
    const last = decodeTrainingState(saved[0], 'checkpoint').state;
    expect(firstNonFinite(last.model.params)).toBe(-1);
    expect(last.progress.epoch).toBe(1);
    expect(unchangedAtError).toBe(true); // the poisoned step was skipped: weights as after the last good batch
    expect(firstNonFinite(state.best.params)).toBe(-1);
  });

  it('says there is no checkpoint when it diverges in the first epoch', async () => {
    const { outcome, saved } = await poisonedRun(3);
    expect(outcome).toMatchObject({ status: 'diverged', epochs: 0, bestEpoch: 0 });
    expect(outcome.message).toMatch(/^training diverged at epoch 1, batch 3: loss NaN\. The weights were not updated; there is no checkpoint \(it diverged before its first epoch ended\)\. /);
    expect(saved).toHaveLength(0);
  });
});

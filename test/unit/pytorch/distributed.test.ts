// torchrun with two CPU processes (gloo): the co2 sample trains to completion with DistributedDataParallel;
// both ranks end with identical weights; two processes follow one process with the same global batch;
// the imported run has a valid summary and a model.onnx that `seqlab predict` runs. With SeqLab's own
// batch order, two processes (each with its share of every batch, weighted by what it holds) follow the
// engine, also through batches of one window.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportForPytorch } from '../../../engine/pytorch/exportFolder';
import type { TrainResult } from '../../../engine/pytorch/manifest';
import { importFromPytorch } from '../../../engine/pytorch/importRun';
import { startRun } from '../../../engine/runs/session';
import type { TrainingEvent } from '../../../engine/train/events';
import { tempDir } from '../helpers/tinyRuns';
import { seqlab } from '../onnx/cli';
import { batchLosses, epochEvents, largestRelativeGap, readEvents, torchrun, trainPy } from './helpers';

const samples = path.resolve(__dirname, '../../../samples');
const config = path.join(samples, 'co2-concentration.seqlab.json');
let dir: string;
let exportDir: string;

beforeAll(async () => {
  dir = tempDir('seqlab-ddp-');
  exportDir = (await exportForPytorch({ source: config, out: path.join(dir, 'co2') })).dir;
}, 60_000);

describe('torchrun --standalone --nproc_per_node=2 (gloo, CPU)', () => {
  it('trains the co2 sample for 3 epochs to completion; the ranks agree; two processes match one with the same global batch; the import predicts', async () => {
    const ddp = await torchrun(exportDir, 2, ['--device', 'cpu', '--epochs', '3', '--order', 'sampler', '--save-rank-params', '--out', 'ddp']);
    const result = JSON.parse(fs.readFileSync(path.join(exportDir, 'ddp', 'result.json'), 'utf8')) as TrainResult;
    expect(result).toMatchObject({ status: 'completed', epochs: 3, processes: 2, device: 'cpu', order: 'sampler' });
    const rank0 = fs.readFileSync(path.join(exportDir, 'ddp', 'rank0.params.npy'));
    expect(rank0.equals(fs.readFileSync(path.join(exportDir, 'ddp', 'rank1.params.npy')))).toBe(true);

    await trainPy(exportDir, ['--device', 'cpu', '--epochs', '1', '--order', 'sampler', '--out', 'single']);
    const one = batchLosses(readEvents(path.join(exportDir, 'single', 'metrics.jsonl')));
    const two = batchLosses(readEvents(path.join(exportDir, 'ddp', 'metrics.jsonl')));
    // The sampler pads the epoch to a multiple of the process count, so the last batch of the epoch
    // differs by one window: compare the batches before it.
    const steps = one.length - 1;
    const gap = largestRelativeGap(two.slice(0, steps), one.slice(0, steps));
    console.log(`torchrun 2 processes, co2 sample, 3 epochs: ${ddp.seconds.toFixed(1)} s wall (train.py ${result.seconds.toFixed(1)} s); 2 vs 1 process over ${steps} steps: largest relative loss gap ${gap.toExponential(2)}`);
    expect(gap).toBeLessThan(1e-4);

    // Into SeqLab: the results of the distributed run.
    fs.cpSync(path.join(exportDir, 'ddp'), path.join(exportDir, 'result'), { recursive: true });
    const imported = await importFromPytorch(exportDir, { runDir: path.join(dir, 'run') });
    expect(imported.summary).toMatchObject({ task: 'forecast', status: 'completed', epochs: 3, bestEpoch: result.bestEpoch });
    expect(Number.isFinite((imported.summary.metrics.test as { mae: number }).mae)).toBe(true);
    expect(Object.keys(imported.summary.baselines)).toEqual(['naive', 'seasonalNaive']);
    expect(imported.validationLoss.engine).toBeCloseTo(result.bestValLoss!, 6);
    const predicted = await seqlab(['predict', path.join(dir, 'run', 'model.onnx'), path.join(samples, 'co2-concentration.csv')]);
    expect(predicted.code).toBe(0);
    expect(predicted.out.split('\n')[0]).toBe('Date,adjusted CO2_pred');
    expect(Number(predicted.out.split('\n')[1].split(',')[1])).toBeGreaterThan(400);
  });

  it("with SeqLab's batch order, two processes follow the engine, also when a batch splits unevenly or leaves a process nothing", async () => {
    // 33 windows per epoch in batches of 32: every second step has one window, which process 0 takes while
    // process 1 joins in with weight 0. Each process's loss counts by the windows it holds.
    const configFile = path.join(dir, 'co2-33.seqlab.json');
    const config = JSON.parse(fs.readFileSync(path.join(samples, 'co2-concentration.seqlab.json'), 'utf8'));
    config.data.file = path.join(samples, config.data.file);
    config.training.maxWindowsPerEpoch = 33;
    fs.writeFileSync(configFile, JSON.stringify(config));
    const engineEvents: TrainingEvent[] = [];
    await startRun({ configFile, runDir: path.join(dir, 'engine-33'), epochs: 4 }, { onEvent: (event) => engineEvents.push(event), shouldStop: () => false });
    const exported = await exportForPytorch({ source: configFile, out: path.join(dir, 'co2-33') });
    await torchrun(exported.dir, 2, ['--device', 'cpu', '--epochs', '4']);
    const torchEvents = readEvents(path.join(exported.dir, 'result', 'metrics.jsonl'));
    expect(torchEvents.filter((e) => e.type === 'batch').map((e) => (e as { batch: number }).batch)).toEqual([1, 2, 1, 2, 1, 2, 1, 2]);
    const gap = largestRelativeGap(batchLosses(torchEvents), batchLosses(engineEvents));
    const valGap = largestRelativeGap(epochEvents(torchEvents).map((e) => e.valLoss), epochEvents(engineEvents).map((e) => e.valLoss));
    console.log(`torchrun 2 processes with SeqLab's order (batches of 32 and 1): ${batchLosses(torchEvents).length} steps, largest relative loss gap to the engine ${gap.toExponential(2)}, validation ${valGap.toExponential(2)}`);
    expect(gap).toBeLessThan(1e-4);
    expect(valGap).toBeLessThan(1e-4);
  });
});

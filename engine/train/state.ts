// Everything a run carries from batch to batch, and its exact round trip through checkpoint bytes:
// weights, optimiser moments and step, schedule, progress within the epoch (the epoch's window order,
// the batch reached, the running loss), the PRNG streams, early-stopping bookkeeping with the best
// weights, and the kernel build and thread count. A run stopped and resumed from these bytes continues
// bit-identically.
import { SeqLabError } from '../errors';
import { allocateModel, buildModel, type Model } from '../model';
import { createOptimizer, type Optimizer } from '../optim/optimizer';
import { createSchedule, type ScheduleState } from '../optim/schedule';
import { createRng, type Rng } from '../rng';
import type { Allocator, Floats } from '../tensor';
import { ENGINE_VERSION } from '../version';
import { decodeCheckpoint, encodeCheckpoint, type CheckpointArray, type DecodedCheckpoint } from './checkpoint';
import type { TrainingSetup } from './setup';

export interface TrainingState {
  setup: TrainingSetup;
  model: Model;
  optimizer: Optimizer;
  schedule: ScheduleState;
  /** Separate streams, so that e.g. a different validation sample never changes the training. */
  rngs: { shuffle: Rng; dropout: Rng; sample: Rng };
  progress: {
    epoch: number; // epochs completed
    batch: number; // batches completed in the current epoch
    order: Int32Array; // the current epoch's training windows, in the order they are used
    lossSum: number; // Σ batch loss × batch size so far this epoch
    lossCount: number;
  };
  best: { epoch: number; valLoss: number; badEpochs: number; params: Floats };
  /** The kernel build and thread count the run uses: a resume reinstalls them to stay bit-identical. */
  kernels: KernelUse;
}

export interface KernelUse {
  /** 'reference', 'simd' or 'simd-relaxed' (engine/kernels). */
  name: string;
  threads: number;
}

export interface CheckpointHeader {
  engineVersion: string;
  configHash: string;
  setup: TrainingSetup;
  optimizerStep: number;
  schedule: ScheduleState;
  rngs: { shuffle: number[]; dropout: number[]; sample: number[] };
  progress: { epoch: number; batch: number; lossSum: number; lossCount: number };
  best: { epoch: number; valLoss: number | null; badEpochs: number };
  kernels: KernelUse;
}

/** A fresh run: the model is initialised from the seed's first stream. */
export function createTrainingState(setup: TrainingSetup, allocator?: Allocator, kernels?: KernelUse): TrainingState {
  const model = buildModel(setup.spec, streamOf(setup.seed, 0), { allocator });
  const state = assemble(setup, model, createRngs(setup.seed));
  if (kernels) state.kernels = kernels;
  return state;
}

export function encodeTrainingState(state: TrainingState, configHash: string): Uint8Array {
  const header: CheckpointHeader = {
    engineVersion: ENGINE_VERSION,
    configHash,
    setup: state.setup,
    optimizerStep: state.optimizer.step,
    schedule: state.schedule,
    rngs: { shuffle: state.rngs.shuffle.getState(), dropout: state.rngs.dropout.getState(), sample: state.rngs.sample.getState() },
    progress: { epoch: state.progress.epoch, batch: state.progress.batch, lossSum: state.progress.lossSum, lossCount: state.progress.lossCount },
    best: { epoch: state.best.epoch, valLoss: Number.isFinite(state.best.valLoss) ? state.best.valLoss : null, badEpochs: state.best.badEpochs },
    kernels: state.kernels,
  };
  const buffers: Record<string, CheckpointArray> = { params: state.model.params, bestParams: state.best.params, order: state.progress.order };
  for (const [name, buffer] of Object.entries(state.optimizer.buffers)) buffers[`optimizer.${name}`] = buffer;
  return encodeCheckpoint(header, buffers);
}

export type TrainingCheckpoint = DecodedCheckpoint<CheckpointHeader> & { file: string };

/** Checks and decodes checkpoint bytes; `kernelsOf` tells what to install before `restoreTrainingState`. */
export function readTrainingCheckpoint(bytes: Uint8Array, file: string): TrainingCheckpoint {
  return { ...decodeCheckpoint<CheckpointHeader>(bytes, file), file };
}

export function kernelsOf(checkpoint: TrainingCheckpoint): KernelUse {
  return checkpoint.header.kernels ?? { name: 'reference', threads: 1 };
}

export function decodeTrainingState(bytes: Uint8Array, file: string, allocator?: Allocator): { state: TrainingState; configHash: string } {
  return restoreTrainingState(readTrainingCheckpoint(bytes, file), allocator);
}

export function restoreTrainingState(checkpoint: TrainingCheckpoint, allocator?: Allocator): { state: TrainingState; configHash: string } {
  const { header, buffers, file } = checkpoint;
  const { setup } = header;
  const model = allocateModel(setup.spec, { allocator });
  const take = (name: string, into: Floats | Int32Array) => {
    const source = buffers[name];
    if (!source || source.length !== into.length) {
      throw new SeqLabError('BAD_MODEL', `checkpoint buffer ${name} is missing or has the wrong size`, { file });
    }
    into.set(source);
  };
  take('params', model.params);
  const state = assemble(setup, model, createRngs(setup.seed));
  take('bestParams', state.best.params);
  for (const name of Object.keys(state.optimizer.buffers)) take(`optimizer.${name}`, state.optimizer.buffers[name]);
  state.optimizer.step = header.optimizerStep;
  Object.assign(state.schedule, header.schedule);
  state.rngs.shuffle.setState(header.rngs.shuffle);
  state.rngs.dropout.setState(header.rngs.dropout);
  state.rngs.sample.setState(header.rngs.sample);
  state.progress = { ...header.progress, order: Int32Array.from(buffers.order ?? []) };
  state.best.epoch = header.best.epoch;
  state.best.valLoss = header.best.valLoss ?? Infinity;
  state.best.badEpochs = header.best.badEpochs;
  state.kernels = kernelsOf(checkpoint);
  return { state, configHash: header.configHash };
}

function assemble(setup: TrainingSetup, model: Model, rngs: TrainingState['rngs']): TrainingState {
  const optimizer = createOptimizer(setup.optimizer, model.layout.size, model.dtype, model.allocator);
  const bestParams = model.allocator.floats(model.dtype, model.layout.size);
  bestParams.set(model.params);
  return {
    setup,
    model,
    optimizer,
    schedule: createSchedule(setup.lr),
    rngs,
    progress: { epoch: 0, batch: 0, order: new Int32Array(0), lossSum: 0, lossCount: 0 },
    best: { epoch: 0, valLoss: Infinity, badEpochs: 0, params: bestParams },
    kernels: { name: 'reference', threads: 1 },
  };
}

function createRngs(seed: number): TrainingState['rngs'] {
  return { shuffle: streamOf(seed, 1), dropout: streamOf(seed, 2), sample: streamOf(seed, 3) };
}

/** Stream k of a seed: the PRNG's seed expansion makes 4·seed + k unrelated for every k < 4. */
function streamOf(seed: number, k: number): Rng {
  return createRng(seed * 4 + k);
}

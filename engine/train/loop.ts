// The training loop, driven by events and stoppable at any batch. It does no I/O: it reports through
// `emit`, hands checkpoint bytes to `saveCheckpoint`, and asks `shouldStop` before every batch (the
// CLI wires Ctrl-C to it, the extension's worker a SharedArrayBuffer flag). It yields to the event loop
// after every batch (a setImmediate turn, a few microseconds against milliseconds of training), so a
// signal or a worker message is seen before the next batch starts.
import type { PreparedData } from '../data/types';
import { scoreModel, type ModelScores } from '../eval/baselines';
import { evaluateSplit } from '../eval/evaluate';
import { scheduleEpoch } from '../optim/schedule';
import type { RunStatus, TrainingEvent } from './events';
import type { TrainingOutcome } from './outcome';
import { makeSample } from './samples';
import type { TrainingState } from './state';
import { trainStep } from './step';
import { batchBuffers, fillTrainingBatch } from './batches';

export type { TrainingOutcome } from './outcome';

export interface TrainingControls {
  emit(event: TrainingEvent): void;
  shouldStop(): boolean;
  /** Persists a checkpoint (after every epoch, and when stopped); returns where it went. */
  saveCheckpoint(state: TrainingState): string;
  /** Runs after the final evaluation and before `done` (export the model, write the summary). */
  finalize?(outcome: TrainingOutcome): void;
}

export async function runTraining(state: TrainingState, data: PreparedData, controls: TrainingControls): Promise<TrainingOutcome> {
  const { setup, model, progress, best } = state;
  const trainWindows = data.splits.train.windows;
  const perEpoch = Math.min(trainWindows, setup.maxWindowsPerEpoch ?? trainWindows);
  const batches = Math.ceil(perEpoch / setup.batchSize);
  const buffers = batchBuffers(model, data, setup.batchSize);
  const resumed = progress.epoch > 0 || progress.batch > 0;
  controls.emit({
    type: 'start', task: data.task, epochs: setup.epochs, batchesPerEpoch: batches, parameters: model.layout.size,
    resumedAt: resumed ? { epoch: progress.epoch, batch: progress.batch } : null, kernels: state.kernels,
  });
  let status: RunStatus = 'completed';
  let message = '';

  epochs: while (progress.epoch < setup.epochs) {
    const started = Date.now();
    if (progress.batch === 0) startEpoch(state, trainWindows, perEpoch);
    while (progress.batch < batches) {
      if (controls.shouldStop()) return stop(state, data, controls, 'stopped', 'stopped by the user');
      const from = progress.batch * setup.batchSize;
      const windows = progress.order.subarray(from, Math.min(from + setup.batchSize, perEpoch));
      const batch = fillTrainingBatch(data, buffers, windows);
      const result = trainStep(model, state.optimizer, setup.loss, batch, buffers.targets(windows.length), {
        lr: state.schedule.lr, clipNorm: setup.clipNorm, rng: state.rngs.dropout,
      });
      if (result.skipped) {
        const what = Number.isFinite(result.loss) ? `gradient norm ${result.gradNorm}` : `loss ${result.loss}`;
        message = `training diverged at epoch ${progress.epoch + 1}, batch ${progress.batch + 1}: ${what}. The weights were not updated; the last good checkpoint is kept. Try a lower learning rate or gradient clipping.`;
        controls.emit({ type: 'error', code: 'DIVERGED', message });
        status = 'diverged';
        break epochs;
      }
      progress.batch++;
      progress.lossSum += result.loss * windows.length;
      progress.lossCount += windows.length;
      controls.emit({
        type: 'batch', epoch: progress.epoch + 1, batch: progress.batch, batches, step: state.optimizer.step,
        loss: result.loss, gradNorm: result.gradNorm, lr: state.schedule.lr,
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (controls.shouldStop()) return stop(state, data, controls, 'stopped', 'stopped by the user');

    const lr = state.schedule.lr;
    const validation = evaluateSplit(model, data, setup.loss, 'validation', setup.batchSize);
    const improved = validation.loss < best.valLoss - setup.minDelta;
    if (improved) {
      best.epoch = progress.epoch + 1;
      best.valLoss = validation.loss;
      best.badEpochs = 0;
      best.params.set(model.params);
    } else {
      best.badEpochs++;
    }
    scheduleEpoch(setup.schedule, state.schedule, validation.loss);
    progress.epoch++;
    progress.batch = 0;
    const trainLoss = progress.lossSum / Math.max(progress.lossCount, 1);
    controls.emit({ type: 'epoch', epoch: progress.epoch, trainLoss, valLoss: validation.loss, lr, val: validation.metrics, best: improved, seconds: (Date.now() - started) / 1000 });
    controls.emit({ type: 'sample', epoch: progress.epoch, sample: makeSample(model, data, state.rngs.sample) });
    controls.emit({ type: 'checkpoint', epoch: progress.epoch, batch: 0, file: controls.saveCheckpoint(state) });
    if (!Number.isFinite(validation.loss)) {
      message = `validation loss is ${validation.loss} after epoch ${progress.epoch}; stopping. Try a lower learning rate.`;
      status = 'diverged';
      break;
    }
    if (setup.patience > 0 && best.badEpochs >= setup.patience) {
      status = 'early-stopped';
      message = `no validation improvement for ${setup.patience} epochs`;
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return finish(state, data, controls, status, message);
}

function startEpoch(state: TrainingState, trainWindows: number, perEpoch: number): void {
  const order = state.rngs.shuffle.shuffle(Int32Array.from({ length: trainWindows }, (_, i) => i));
  state.progress.order = order.slice(0, perEpoch);
  state.progress.lossSum = 0;
  state.progress.lossCount = 0;
}

function stop(state: TrainingState, data: PreparedData, controls: TrainingControls, status: RunStatus, message: string): TrainingOutcome {
  const file = controls.saveCheckpoint(state);
  controls.emit({ type: 'checkpoint', epoch: state.progress.epoch, batch: state.progress.batch, file });
  return finish(state, data, controls, status, `${message}; checkpoint saved to ${file}`);
}

/** Final evaluation with the best weights (which become the model's weights), then `done`. */
function finish(state: TrainingState, data: PreparedData, controls: TrainingControls, status: RunStatus, message: string): TrainingOutcome {
  const { model, best, setup, progress } = state;
  let scores: ModelScores | null = null;
  if (best.epoch > 0) {
    model.params.set(best.params);
    scores = scoreModel(model, data, setup.loss, setup.batchSize);
  }
  const outcome: TrainingOutcome = {
    status, message, epochs: progress.epoch, bestEpoch: best.epoch,
    validation: scores?.validation ?? null, test: scores?.test ?? null, baselines: scores?.baselines ?? {},
  };
  controls.finalize?.(outcome);
  controls.emit({ type: 'done', status, epochs: progress.epoch, bestEpoch: best.epoch, message });
  return outcome;
}

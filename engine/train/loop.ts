// The training loop, driven by events and stoppable at any batch. It does no I/O: it reports through
// `emit`, hands its state to `saveCheckpoint`, and asks `shouldStop` before every batch (the
// CLI wires Ctrl-C to it, the extension's worker a SharedArrayBuffer flag). It yields to the event loop
// after every batch (a setImmediate turn, a few microseconds against milliseconds of training), so a
// signal or a worker message is seen before the next batch starts.
import type { PreparedData } from '../data/types';
import { baselineMetrics } from '../eval/baselines';
import { evaluateSplit } from '../eval/evaluate';
import { scheduleEpoch } from '../optim/schedule';
import type { CheckpointEvent, RunStatus, TrainingEvent } from './events';
import type { TrainingOutcome } from './outcome';
import { createSampler } from './samples';
import type { TrainingState } from './state';
import { trainStep } from './step';
import { batchBuffers, fillTrainingBatch } from './batches';
import { byLayer, gateBlocks } from '../explain/gradNorms';

export type { TrainingOutcome } from './outcome';

export interface TrainingControls {
  emit(event: TrainingEvent): void;
  shouldStop(): boolean;
  /** Called before every batch (the run session may change the kernels' thread count there). */
  beforeBatch?(): void;
  /**
   * Persists a checkpoint (after every epoch, and when stopped) and returns the event that announces
   * it, which the loop then emits (the run folder logs that event before the checkpoint it describes).
   */
  saveCheckpoint(state: TrainingState): CheckpointEvent;
}

/** Trains until the epochs run out, early stopping, divergence or a stop; the caller scores and reports. */
export async function runTraining(state: TrainingState, data: PreparedData, controls: TrainingControls): Promise<TrainingOutcome> {
  const { setup, model, progress, best } = state;
  const trainWindows = data.splits.train.windows;
  const perEpoch = Math.min(trainWindows, setup.maxWindowsPerEpoch ?? trainWindows);
  const batches = Math.ceil(perEpoch / setup.batchSize);
  const buffers = batchBuffers(model, data, setup.batchSize);
  const sample = createSampler(model, data, setup.batchSize);
  const blocks = gateBlocks(setup.spec, model.layout);
  const resumed = progress.epoch > 0 || progress.batch > 0;
  /** The checkpoint on disk, if any: where a resume would continue from. */
  let saved = resumed ? { epoch: progress.epoch, batch: progress.batch } : null;
  const outcome = (status: RunStatus, message: string): TrainingOutcome => ({ status, message, epochs: progress.epoch, bestEpoch: best.epoch });
  const checkpoint = (): string => {
    const event = controls.saveCheckpoint(state);
    saved = { epoch: progress.epoch, batch: progress.batch };
    controls.emit(event);
    return event.file;
  };
  const stopped = (): TrainingOutcome => outcome('stopped', `stopped by the user; checkpoint saved to ${checkpoint()}`);
  controls.emit({
    type: 'start', task: data.task, epochs: setup.epochs, batchesPerEpoch: batches, parameters: model.layout.size,
    resumedAt: saved, kernels: { ...state.kernels }, baselines: baselineMetrics(data, 'validation'),
  });

  for (;;) {
    // Checked before each epoch rather than after, so a run resumed from its last checkpoint ends as it would have.
    if (progress.batch === 0 && setup.patience > 0 && best.badEpochs >= setup.patience) {
      return outcome('early-stopped', `no validation improvement for ${setup.patience} epochs`);
    }
    if (progress.epoch >= setup.epochs) return outcome('completed', '');
    // Asked before an epoch draws its order: a checkpoint at batch 0 must not hold a drawn order, since a
    // resume from batch 0 draws it (from the shuffle stream as the checkpoint left it).
    if (controls.shouldStop()) return stopped();
    const started = Date.now();
    if (progress.batch === 0) startEpoch(state, trainWindows, perEpoch);
    while (progress.batch < batches) {
      controls.beforeBatch?.();
      const from = progress.batch * setup.batchSize;
      const windows = progress.order.subarray(from, Math.min(from + setup.batchSize, perEpoch));
      const batch = fillTrainingBatch(data, buffers, windows);
      const result = trainStep(model, state.optimizer, setup.loss, batch, buffers.targets(windows.length), {
        lr: state.schedule.lr, clipNorm: setup.clipNorm, rng: state.rngs.dropout, gateNorms: { blocks, sums: progress.gateNormSums },
      });
      if (result.skipped) {
        const what = Number.isFinite(result.loss) ? `gradient norm ${result.gradNorm}` : `loss ${result.loss}`;
        const message = `training diverged at epoch ${progress.epoch + 1}, batch ${progress.batch + 1}: ${what}. The weights were not updated; ${kept(saved)}. Try a lower learning rate or gradient clipping.`;
        controls.emit({ type: 'error', code: 'DIVERGED', message });
        return outcome('diverged', message);
      }
      progress.batch++;
      progress.lossSum += result.loss * windows.length;
      progress.lossCount += windows.length;
      controls.emit({
        type: 'batch', epoch: progress.epoch + 1, batch: progress.batch, batches, step: state.optimizer.step,
        loss: result.loss, gradNorm: result.gradNorm, lr: state.schedule.lr,
      });
      await new Promise((resolve) => setImmediate(resolve));
      // After every batch (also the epoch's last, before its validation): a stop lands within one batch.
      if (controls.shouldStop()) return stopped();
    }

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
    controls.emit({
      type: 'epoch', epoch: progress.epoch, step: state.optimizer.step, trainLoss, valLoss: validation.loss, lr, val: validation.metrics,
      best: improved, seconds: (Date.now() - started) / 1000,
      gateGradNorms: { gates: [...blocks.gates], norms: byLayer(progress.gateNormSums, blocks, 1 / batches) },
    });
    if (!Number.isFinite(validation.loss)) {
      // No checkpoint of weights whose validation loss is not finite: the last good one stays.
      const message = `validation loss is ${validation.loss} after epoch ${progress.epoch}; stopping, and ${kept(saved)}. Try a lower learning rate.`;
      controls.emit({ type: 'error', code: 'DIVERGED', message });
      return outcome('diverged', message);
    }
    controls.emit({ type: 'sample', epoch: progress.epoch, sample: sample(state.rngs.sample) });
    checkpoint();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** What a diverged run keeps, said truly: the last checkpoint, or that there is none. */
function kept(saved: { epoch: number; batch: number } | null): string {
  if (!saved) return 'there is no checkpoint (it diverged before its first epoch ended)';
  return `the last checkpoint (after epoch ${saved.epoch}${saved.batch > 0 ? `, batch ${saved.batch}` : ''}) is kept`;
}

function startEpoch(state: TrainingState, trainWindows: number, perEpoch: number): void {
  const order = state.rngs.shuffle.shuffle(Int32Array.from({ length: trainWindows }, (_, i) => i));
  state.progress.order = order.slice(0, perEpoch);
  state.progress.lossSum = 0;
  state.progress.lossCount = 0;
  state.progress.gateNormSums.fill(0);
}

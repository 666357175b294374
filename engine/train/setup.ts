// From a config and its prepared data to everything a run is made of: the model spec, the loss, the
// optimiser and schedule specs and the loop's settings. One place maps config fields to engine terms.
import type { SeqLabConfig } from '../config/schema.generated';
import type { PreparedData } from '../data/types';
import type { LossSpec } from '../losses';
import type { OptimizerSpec } from '../optim/optimizer';
import type { ScheduleSpec } from '../optim/schedule';
import type { ModelSpec } from '../spec';

export interface TrainingSetup {
  spec: ModelSpec;
  loss: LossSpec;
  optimizer: OptimizerSpec;
  schedule: ScheduleSpec;
  lr: number;
  clipNorm: number;
  epochs: number;
  batchSize: number;
  maxWindowsPerEpoch: number | null;
  patience: number;
  minDelta: number;
  seed: number;
}

export function setupFromConfig(config: SeqLabConfig, data: PreparedData, epochCap?: number): TrainingSetup {
  const { training } = config;
  const spec = modelSpecFor(config, data.task, data.input.kind === 'tokens' ? data.input.vocab : data.input.size, data.outputSize);
  const loss: LossSpec =
    data.task !== 'forecast' ? { kind: 'crossEntropy' } : training.loss === 'huber' ? { kind: 'huber', delta: training.huberDelta } : { kind: training.loss };
  const o = training.optimizer;
  const optimizer: OptimizerSpec =
    o.type === 'sgd'
      ? { kind: 'sgd', momentum: o.momentum, dampening: 0, nesterov: false, weightDecay: o.weightDecay }
      : o.type === 'rmsprop'
        ? { kind: 'rmsprop', alpha: o.alpha, eps: o.eps, momentum: o.momentum, centered: false, weightDecay: o.weightDecay }
        : { kind: o.type, beta1: o.betas[0], beta2: o.betas[1], eps: o.eps, weightDecay: o.weightDecay };
  const epochs = Math.min(training.epochs, epochCap ?? Infinity);
  const s = training.schedule;
  const schedule: ScheduleSpec =
    s.type === 'step'
      ? { kind: 'step', stepSize: s.stepSize, gamma: s.gamma }
      : s.type === 'cosine'
        ? { kind: 'cosine', epochs: training.epochs, minLr: s.minLr }
        : s.type === 'plateau'
          ? { kind: 'plateau', factor: s.factor, patience: s.patience, threshold: 1e-4, cooldown: 0, minLr: s.minLr }
          : { kind: 'none' };
  return {
    spec,
    loss,
    optimizer,
    schedule,
    lr: o.lr,
    clipNorm: training.gradClipNorm,
    epochs,
    batchSize: training.batchSize,
    maxWindowsPerEpoch: training.maxWindowsPerEpoch,
    patience: training.earlyStopping.patience,
    minDelta: training.earlyStopping.minDelta,
    seed: training.seed,
  };
}

/** The network a config describes, for data with `inputSize` features (or a vocabulary of that size,
 *  for text) and `outputSize` head outputs. */
export function modelSpecFor(config: SeqLabConfig, task: PreparedData['task'], inputSize: number, outputSize: number): ModelSpec {
  const { model } = config;
  return {
    cell: model.cell,
    input: task === 'text' ? { kind: 'tokens', vocab: inputSize, embed: model.embedSize } : { kind: 'features', size: inputSize },
    hiddenSize: model.hiddenSize,
    layers: model.layers,
    dropout: model.dropout,
    outputSize,
    headOn: task === 'text' ? 'every' : 'last',
    forgetBias: model.forgetBias,
  };
}

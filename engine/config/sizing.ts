// How big a model and how many epochs `seqlab init` proposes: the one place that knows what training
// costs. Cost model (multiply-adds counted as 2 FLOPs, backward ≈ 2× forward):
//   forward FLOPs per window = Σ_layers 2·G·H·(In + H)·T  +  2·H·O·(T for text, else 1)
//   FLOPs per epoch          = 3 · forward · trainWindows  +  forward · validationWindows
// with G = 4 gates for an LSTM, 3 for a GRU. ENGINE_FLOPS_PER_SECOND turns FLOPs into seconds; it is an
// assumption until the engine is measured — recalibrate it here and every proposal follows.
import type { ModelConfig, TrainingConfig } from './schema.generated';

/** Sustained training throughput of the engine on this machine (FLOP/s), by the cost model below.
 *  Measured with the SIMD kernels on 2 cores (quiet machine): the Moby Dick sample (LSTM 48) ran at
 *  ~11 GFLOP/s and the proposed LSTM 128 at ~20; 10e9 keeps the samples near 1–2 minutes when the
 *  other core is busy too. The reference kernels alone sustain ~0.8 GFLOP/s. */
export const ENGINE_FLOPS_PER_SECOND = 10e9;
/** What a bundled sample should take to train with the proposed sizes. */
export const TARGET_TRAINING_SECONDS = 120;

export interface ShapeForCost {
  cell: 'lstm' | 'gru';
  /** F (features per step) or, for text, the embedding size E. */
  inputSize: number;
  hiddenSize: number;
  layers: number;
  steps: number;
  outputSize: number;
  headOnEveryStep: boolean;
}

export function forwardFlopsPerWindow(shape: ShapeForCost): number {
  const gates = shape.cell === 'lstm' ? 4 : 3;
  const H = shape.hiddenSize;
  let flops = 0;
  for (let layer = 0; layer < shape.layers; layer++) {
    const input = layer === 0 ? shape.inputSize : H;
    flops += 2 * gates * H * (input + H) * shape.steps;
  }
  return flops + 2 * H * shape.outputSize * (shape.headOnEveryStep ? shape.steps : 1);
}

export function flopsPerEpoch(shape: ShapeForCost, trainWindows: number, validationWindows: number): number {
  const forward = forwardFlopsPerWindow(shape);
  return 3 * forward * trainWindows + forward * validationWindows;
}

export function estimateSeconds(flops: number): number {
  return flops / ENGINE_FLOPS_PER_SECOND;
}

export interface SizingInput {
  task: 'forecast' | 'classify' | 'text';
  cell: 'lstm' | 'gru';
  /** F, or the number of distinct tokens for text. */
  inputSize: number;
  steps: number;
  outputSize: number;
  trainWindows: number;
  validationWindows: number;
}

export interface SizingChoice {
  model: Pick<ModelConfig, 'hiddenSize' | 'layers' | 'embedSize'>;
  training: Pick<TrainingConfig, 'epochs' | 'maxWindowsPerEpoch' | 'batchSize'> & { lr: number; patience: number; schedulePatience: number };
  /** Seconds the cost model expects the whole run (all epochs) to take. */
  estimatedSeconds: number;
}

const HIDDEN_SIZES = [256, 128, 96, 64, 48, 32, 16];

/**
 * The largest hidden size that the data warrants and the time budget allows for a useful number of
 * passes, then as many epochs as fit in the budget (early stopping usually ends sooner). When even the
 * minimum number of epochs over all windows does not fit (long texts), each epoch samples a subset.
 */
export function chooseSizes(input: SizingInput, budgetSeconds = TARGET_TRAINING_SECONDS): SizingChoice {
  const budget = budgetSeconds * ENGINE_FLOPS_PER_SECOND;
  const text = input.task === 'text';
  const embedSize = text ? Math.min(32, Math.max(8, input.inputSize)) : 32;
  // A model larger than the data supports overfits; step count × windows is the data's size.
  const dataSteps = input.trainWindows * input.steps;
  const cap = text ? 256 : dataSteps < 5_000 ? 32 : dataSteps < 100_000 ? 64 : 128;
  // Passes over the training data the budget must cover: recurrent nets need dozens on small series;
  // a long text learns a lot from one.
  const minPasses = text ? 1 : 40;
  const minEpochs = text ? 10 : 20;
  const maxEpochs = text ? 100 : input.task === 'classify' ? 100 : 200;
  const shapeFor = (hiddenSize: number): ShapeForCost => ({
    cell: input.cell, inputSize: text ? embedSize : input.inputSize, hiddenSize, layers: 1, steps: input.steps, outputSize: input.outputSize, headOnEveryStep: text,
  });
  let hiddenSize = HIDDEN_SIZES[HIDDEN_SIZES.length - 1];
  for (const size of HIDDEN_SIZES) {
    if (size > cap) continue;
    const passCost = 3 * forwardFlopsPerWindow(shapeFor(size)) * input.trainWindows;
    if (passCost * minPasses <= budget) {
      hiddenSize = size;
      break;
    }
  }
  const shape = shapeFor(hiddenSize);
  const forward = forwardFlopsPerWindow(shape);
  const epochCost = flopsPerEpoch(shape, input.trainWindows, input.validationWindows);
  let epochs = Math.min(maxEpochs, Math.floor(budget / epochCost));
  let maxWindowsPerEpoch: number | null = null;
  if (epochs < minEpochs) {
    epochs = minEpochs;
    const perEpoch = budget / minEpochs - forward * input.validationWindows;
    maxWindowsPerEpoch = Math.max(1, Math.min(input.trainWindows, Math.floor(perEpoch / (3 * forward))));
    if (maxWindowsPerEpoch === input.trainWindows) maxWindowsPerEpoch = null;
  }
  const trainPerEpoch = maxWindowsPerEpoch ?? input.trainWindows;
  const seconds = estimateSeconds(epochs * (3 * forward * trainPerEpoch + forward * input.validationWindows));
  const patience = text ? 4 : input.task === 'classify' ? 10 : 15;
  return {
    model: { hiddenSize, layers: 1, embedSize },
    training: { epochs, maxWindowsPerEpoch, batchSize: 32, lr: text ? 0.003 : 0.001, patience, schedulePatience: Math.max(2, Math.floor(patience / 3)) },
    estimatedSeconds: Math.round(seconds),
  };
}

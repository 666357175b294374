// One training step: zero-grad → forward → loss → backward → global grad norm → clip → update.
// A non-finite loss or gradient norm skips the update (the weights and optimiser state are untouched)
// and is reported in the result, so a bad batch is never silently written into the model.
import { gateNorms, type GateBlocks } from '../explain/gradNorms';
import { computeLoss, type LossSpec, type Targets } from '../losses';
import { modelBackward, modelForward, modelZeroGrad, type Batch, type Model } from '../model';
import { clipGradNorm, gradNorm } from '../optim/clip';
import { optimizerStep, type Optimizer } from '../optim/optimizer';
import type { Rng } from '../rng';
import type { Floats } from '../tensor';

export interface StepOptions {
  lr: number;
  /** Global-norm clipping threshold; 0 disables clipping (the norm is still computed). */
  clipNorm: number;
  rng: Rng;
  /** Per-element (regression) or per-row (cross-entropy) mask: 1 counts, 0 is padding. */
  mask?: Floats | null;
  /** Adds each gate block's gradient norm, before clipping, into `sums` [L·G] (explain/gradNorms.ts). */
  gateNorms?: { blocks: GateBlocks; sums: Float64Array };
}

export interface StepResult {
  loss: number;
  /** Global L2 norm of the gradients before clipping (NaN when the loss was not finite). */
  gradNorm: number;
  clipped: boolean;
  /** True when the update was skipped because the loss or the gradients were not finite. */
  skipped: boolean;
}

/** Scratch for ∂loss/∂output, kept per model so a step allocates nothing. */
const outputGradients = new WeakMap<Model, Floats>();

export function trainStep(model: Model, optimizer: Optimizer, loss: LossSpec, batch: Batch, targets: Targets, options: StepOptions): StepResult {
  modelZeroGrad(model);
  const output = modelForward(model, batch, { training: true, rng: options.rng });
  const dOutput = outputGradientBuffer(model, output.length);
  const value = computeLoss(loss, dOutput, output, targets, options.mask ?? null, output.length, model.spec.outputSize);
  if (!Number.isFinite(value)) return { loss: value, gradNorm: NaN, clipped: false, skipped: true };
  modelBackward(model, dOutput);
  const norm = gradNorm(model.grads);
  if (!Number.isFinite(norm)) return { loss: value, gradNorm: norm, clipped: false, skipped: true };
  if (options.gateNorms) gateNorms(options.gateNorms.sums, model.grads, options.gateNorms.blocks, true);
  const clipped = options.clipNorm > 0 && clipGradNorm(model.grads, norm, options.clipNorm) < 1;
  optimizerStep(optimizer, model.params, model.grads, options.lr);
  return { loss: value, gradNorm: norm, clipped, skipped: false };
}

/** Mean loss of the model on a batch without training (no dropout, no gradients). */
export function evaluateLoss(model: Model, loss: LossSpec, batch: Batch, targets: Targets, mask?: Floats | null): number {
  const output = modelForward(model, batch, { training: false });
  const scratch = outputGradientBuffer(model, output.length);
  return computeLoss(loss, scratch, output, targets, mask ?? null, output.length, model.spec.outputSize);
}

function outputGradientBuffer(model: Model, length: number): Floats {
  let buffer = outputGradients.get(model);
  if (!buffer || buffer.length < length) {
    buffer = model.allocator.floats(model.dtype, length);
    outputGradients.set(model, buffer);
  }
  return buffer.subarray(0, length);
}

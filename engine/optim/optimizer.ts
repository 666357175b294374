// The optimiser a run uses, with its state in flat buffers of the parameters' layout, so a checkpoint
// saves and restores it exactly (`step` plus the named buffers).
import type { Allocator, DType, Floats } from '../tensor';
import { adamUpdate } from './adam';
import { rmspropUpdate } from './rmsprop';
import { sgdUpdate } from './sgd';

export type OptimizerSpec =
  | { kind: 'adam' | 'adamw'; beta1: number; beta2: number; eps: number; weightDecay: number }
  | { kind: 'sgd'; momentum: number; dampening: number; nesterov: boolean; weightDecay: number }
  | { kind: 'rmsprop'; alpha: number; eps: number; momentum: number; centered: boolean; weightDecay: number };

export interface Optimizer {
  spec: OptimizerSpec;
  /** Updates taken so far (PyTorch's `step`). */
  step: number;
  /** Named state buffers (m, v, …), each the size of the parameter buffer. */
  buffers: Record<string, Floats>;
}

/** PyTorch's default hyperparameters for each optimiser, weight decay off. */
export function defaultOptimizerSpec(kind: OptimizerSpec['kind']): OptimizerSpec {
  switch (kind) {
    case 'adam':
    case 'adamw':
      return { kind, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: kind === 'adamw' ? 0.01 : 0 };
    case 'sgd':
      return { kind, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0 };
    case 'rmsprop':
      return { kind, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weightDecay: 0 };
  }
}

/** The state buffers an optimiser keeps, each the size of the parameters. */
export function optimizerBufferNames(kind: OptimizerSpec['kind']): string[] {
  return kind === 'sgd' ? ['momentum'] : kind === 'rmsprop' ? ['squareAvg', 'gradAvg', 'momentum'] : ['m', 'v'];
}

export function createOptimizer(spec: OptimizerSpec, size: number, dtype: DType, allocator: Allocator): Optimizer {
  const buffers: Record<string, Floats> = {};
  for (const name of optimizerBufferNames(spec.kind)) buffers[name] = allocator.floats(dtype, size);
  return { spec, step: 0, buffers };
}

/** One update of params from grads at learning rate lr. */
export function optimizerStep(optimizer: Optimizer, params: Floats, grads: Floats, lr: number): void {
  optimizer.step++;
  const { spec, buffers, step } = optimizer;
  switch (spec.kind) {
    case 'adam':
    case 'adamw':
      adamUpdate(params, grads, buffers.m, buffers.v, step, { ...spec, lr, decoupled: spec.kind === 'adamw' });
      return;
    case 'sgd':
      sgdUpdate(params, grads, buffers.momentum, step, { ...spec, lr });
      return;
    case 'rmsprop':
      rmspropUpdate(params, grads, { squareAvg: buffers.squareAvg, gradAvg: buffers.gradAvg, momentumBuffer: buffers.momentum }, { ...spec, lr });
      return;
  }
}

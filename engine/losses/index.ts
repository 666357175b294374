// One entry point for the losses, so the training step does not care which one the config chose.
import type { Floats } from '../tensor';
import { crossEntropyLoss } from './crossEntropy';
import { huberLoss, maeLoss, mseLoss } from './regression';

export type LossSpec = { kind: 'mse' } | { kind: 'mae' } | { kind: 'huber'; delta: number } | { kind: 'crossEntropy' };

/** Regression targets are floats [N]; cross-entropy targets are class ids [rows]. */
export type Targets = Floats | Int32Array;

/**
 * Mean loss of `pred` against `targets`; writes ∂loss/∂pred into dPred. For cross-entropy, pred is
 * logits [rows, C] with C = `classes`; `mask` then has one entry per row, else one per element.
 */
export function computeLoss(spec: LossSpec, dPred: Floats, pred: Floats, targets: Targets, mask: Floats | null, elements: number, classes: number): number {
  switch (spec.kind) {
    case 'mse':
      return mseLoss(dPred, pred, targets as Floats, mask, elements);
    case 'mae':
      return maeLoss(dPred, pred, targets as Floats, mask, elements);
    case 'huber':
      return huberLoss(dPred, pred, targets as Floats, mask, elements, spec.delta);
    case 'crossEntropy':
      return crossEntropyLoss(dPred, pred, targets as Int32Array, mask, elements / classes, classes);
  }
}

// Learning-rate schedules, stepped once per epoch, with PyTorch's semantics:
//   step:    lr = base·γ^⌊epoch/stepSize⌋                          (StepLR)
//   cosine:  lr = min + (base − min)·(1 + cos(π·epoch/T))/2         (CosineAnnealingLR, closed form)
//   plateau: lr ← max(lr·factor, minLr) after `patience` epochs without a relative improvement of
//            `threshold` in the validation loss, then `cooldown` epochs of grace (ReduceLROnPlateau, mode min)
// The state is plain numbers, so checkpoints restore it exactly.

export type ScheduleSpec =
  | { kind: 'none' }
  | { kind: 'step'; stepSize: number; gamma: number }
  | { kind: 'cosine'; epochs: number; minLr: number }
  | { kind: 'plateau'; factor: number; patience: number; threshold: number; cooldown: number; minLr: number };

export interface ScheduleState {
  baseLr: number;
  lr: number;
  /** Epochs completed. */
  epoch: number;
  best: number;
  badEpochs: number;
  cooldownLeft: number;
}

export function createSchedule(baseLr: number): ScheduleState {
  return { baseLr, lr: baseLr, epoch: 0, best: Infinity, badEpochs: 0, cooldownLeft: 0 };
}

/** Advances the schedule by one epoch; `validationLoss` drives the plateau schedule. Returns the new lr. */
export function scheduleEpoch(spec: ScheduleSpec, state: ScheduleState, validationLoss: number): number {
  state.epoch++;
  switch (spec.kind) {
    case 'none':
      break;
    case 'step':
      state.lr = state.baseLr * spec.gamma ** Math.floor(state.epoch / spec.stepSize);
      break;
    case 'cosine': {
      const progress = Math.min(state.epoch, spec.epochs) / spec.epochs;
      state.lr = spec.minLr + ((state.baseLr - spec.minLr) * (1 + Math.cos(Math.PI * progress))) / 2;
      break;
    }
    case 'plateau':
      plateauEpoch(spec, state, validationLoss);
      break;
  }
  return state.lr;
}

function plateauEpoch(spec: Extract<ScheduleSpec, { kind: 'plateau' }>, state: ScheduleState, loss: number): void {
  if (loss < state.best * (1 - spec.threshold)) {
    state.best = loss;
    state.badEpochs = 0;
  } else {
    state.badEpochs++;
  }
  if (state.cooldownLeft > 0) {
    state.cooldownLeft--;
    state.badEpochs = 0;
  }
  if (state.badEpochs > spec.patience) {
    const reduced = Math.max(state.lr * spec.factor, spec.minLr);
    if (state.lr - reduced > 1e-8) state.lr = reduced;
    state.cooldownLeft = spec.cooldown;
    state.badEpochs = 0;
  }
}

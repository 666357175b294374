// Optimisers, clipping, learning-rate schedules and 50-step training trajectories against PyTorch 1.13.
import { describe, expect, it } from 'vitest';
import { clipGradNorm, gradNorm } from '../../../engine/optim/clip';
import { createOptimizer, optimizerStep, type OptimizerSpec } from '../../../engine/optim/optimizer';
import { createSchedule, scheduleEpoch, type ScheduleSpec } from '../../../engine/optim/schedule';
import { createRng } from '../../../engine/rng';
import { heapAllocator } from '../../../engine/tensor';
import { trainStep } from '../../../engine/train/step';
import {
  assertTensor, flatParams, loadTorchFixture, TOL_F32, TOL_F64, TOL_TRAJECTORY_LOSS, TRAJECTORY_FIXTURE_NAMES,
  type OptimizerCase, type OptimizerState,
} from '../helpers/torchFixtures';
import { fixtureProblem } from '../helpers/torchProblem';

function specOf(testCase: OptimizerCase): OptimizerSpec {
  switch (testCase.type) {
    case 'adam':
    case 'adamw':
      return { kind: testCase.type, beta1: testCase.hyper.betas[0], beta2: testCase.hyper.betas[1], eps: testCase.hyper.eps, weightDecay: testCase.hyper.weightDecay };
    case 'sgd':
      return { kind: 'sgd', ...testCase.hyper };
    case 'rmsprop':
      return { kind: 'rmsprop', ...testCase.hyper };
  }
}

/** PyTorch's state names → SeqLab's optimiser buffer names. */
const STATE_BUFFERS: Partial<Record<keyof OptimizerState, string>> = { expAvg: 'm', expAvgSq: 'v', momentumBuffer: 'momentum', squareAvg: 'squareAvg' };

describe('optimisers match PyTorch step by step', () => {
  const fixture = loadTorchFixture('optimizers');
  for (const testCase of fixture.cases) {
    for (const dtype of ['f64', 'f32'] as const) {
      it(`${testCase.name} (${dtype})`, () => {
        const tolerance = dtype === 'f64' ? TOL_F64 : TOL_F32;
        const make = dtype === 'f64' ? Float64Array : Float32Array;
        const params = make.from(fixture.params);
        const optimizer = createOptimizer(specOf(testCase), params.length, dtype, heapAllocator);
        const expected = dtype === 'f64' ? testCase.float64.steps : testCase.float32.steps;
        expected.forEach((want, k) => {
          optimizerStep(optimizer, params, make.from(fixture.grads[k]), testCase.hyper.lr);
          assertTensor(`${testCase.name} params after step ${k + 1}`, params, want.params, tolerance);
          if (want.state.step !== undefined) expect(optimizer.step).toBe(want.state.step);
          for (const [key, buffer] of Object.entries(STATE_BUFFERS)) {
            const values = want.state[key as keyof OptimizerState];
            if (Array.isArray(values)) assertTensor(`${testCase.name} ${key} after step ${k + 1}`, optimizer.buffers[buffer!], values, tolerance);
          }
        });
      });
    }
  }
});

describe('global-norm clipping matches clip_grad_norm_', () => {
  const fixture = loadTorchFixture('clip_grad_norm');
  for (const testCase of fixture.cases) {
    for (const dtype of ['f64', 'f32'] as const) {
      it(`max norm ${testCase.maxNorm} (${dtype})`, () => {
        const want = dtype === 'f64' ? testCase.float64 : testCase.float32;
        const tolerance = dtype === 'f64' ? TOL_F64 : TOL_F32;
        const grads = flatParams(fixture, fixture.grads, dtype);
        const total = gradNorm(grads);
        assertTensor('total norm', [total], [want.totalNorm], tolerance);
        assertTensor('applied coefficient', [clipGradNorm(grads, total, testCase.maxNorm)], [want.clipCoef], tolerance);
        assertTensor('clipped gradients', grads, flatParams(fixture, want.grads, dtype), tolerance);
      });
    }
  }
});

describe('learning-rate schedules match PyTorch', () => {
  for (const schedule of loadTorchFixture('lr_schedules').schedules) {
    it(schedule.name, () => {
      const spec: ScheduleSpec =
        schedule.type === 'step'
          ? { kind: 'step', ...schedule.options }
          : schedule.type === 'cosine'
            ? { kind: 'cosine', epochs: schedule.options.tMax, minLr: schedule.options.etaMin }
            : { kind: 'plateau', factor: schedule.options.factor, patience: schedule.options.patience, threshold: schedule.options.threshold, cooldown: schedule.options.cooldown, minLr: schedule.options.minLr };
      const state = createSchedule(schedule.lr);
      // PyTorch's cosine rises again after T_max (a periodic closed form); SeqLab holds the minimum there,
      // since a run's cosine schedule spans its own epochs. Compare up to T_max only.
      const last = schedule.type === 'cosine' ? Math.min(schedule.epochs, schedule.options.tMax) : schedule.epochs;
      const got = [state.lr];
      for (let epoch = 1; epoch <= last; epoch++) {
        got.push(scheduleEpoch(spec, state, schedule.type === 'plateau' ? schedule.losses[epoch - 1] : 0));
        if (schedule.type === 'plateau') {
          const want = schedule.stateAfterStep[epoch - 1];
          expect([state.best, state.badEpochs, state.cooldownLeft]).toEqual([want.best, want.numBadEpochs, want.cooldownCounter]);
        }
      }
      assertTensor(`${schedule.name} lrs`, got, schedule.lrs.slice(0, last + 1), { atol: 0, rtol: 1e-12 });
      if (schedule.type === 'cosine' && schedule.epochs > last) {
        expect(scheduleEpoch(spec, state, 0)).toBe(schedule.options.etaMin);
      }
    });
  }
});

describe('50-step training trajectories match PyTorch (float64)', () => {
  for (const name of TRAJECTORY_FIXTURE_NAMES) {
    it(name, () => {
      const trajectory = loadTorchFixture(name);
      const modelFixture = loadTorchFixture(trajectory.modelFixture);
      const { model, batch, targets, mask, loss } = fixtureProblem(modelFixture, 'f64');
      const { betas, eps, weightDecay, lr } = trajectory.optimizer;
      const optimizer = createOptimizer({ kind: 'adam', beta1: betas[0], beta2: betas[1], eps, weightDecay }, model.layout.size, 'f64', heapAllocator);
      const losses: number[] = [];
      const norms: number[] = [];
      for (let step = 0; step < trajectory.steps; step++) {
        const result = trainStep(model, optimizer, loss, batch, targets, { lr, clipNorm: trajectory.clipMaxNorm, rng: createRng(0), mask });
        losses.push(result.loss);
        norms.push(result.gradNorm);
        if (step === 0) assertTensor('params after the first step', model.params, flatParams(modelFixture, trajectory.paramsAfterFirstStep, 'f64'), TOL_F64);
      }
      assertTensor('losses', losses, trajectory.losses, TOL_TRAJECTORY_LOSS);
      assertTensor('gradient norms', norms, trajectory.gradNorms, TOL_TRAJECTORY_LOSS);
      assertTensor('final parameters', model.params, flatParams(modelFixture, trajectory.finalParams, 'f64'), { atol: 1e-8, rtol: 1e-6 });
    });
  }
});

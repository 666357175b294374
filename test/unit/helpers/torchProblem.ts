// A PyTorch model fixture as an engine problem: the model with the fixture's parameters, its batch,
// targets, mask and loss, in one dtype.
import type { LossSpec } from '../../../engine/losses';
import { allocateModel } from '../../../engine/model';
import { flatParams, type ModelFixture } from './torchFixtures';

export function lossSpecOf(fixture: ModelFixture): LossSpec {
  const { kind, delta } = fixture.loss;
  return kind === 'ce' ? { kind: 'crossEntropy' } : kind === 'huber' ? { kind: 'huber', delta: delta ?? 1 } : { kind };
}

/** A model holding the fixture's parameters, and its batch, in one dtype. */
export function fixtureProblem(fixture: ModelFixture, dtype: 'f32' | 'f64') {
  const model = allocateModel(fixture.spec, { dtype });
  model.params.set(flatParams(fixture, fixture.params, dtype));
  const floats = (values: number[]) => (dtype === 'f32' ? Float32Array.from(values) : Float64Array.from(values));
  const x = fixture.spec.input.kind === 'tokens' ? Int32Array.from(fixture.x.data) : floats(fixture.x.data);
  // An every-step head runs the padded steps too; the loss mask removes them (PyTorch packs instead).
  const lengths = fixture.lengths && fixture.spec.headOn === 'last' ? Int32Array.from(fixture.lengths) : undefined;
  const batch = { B: fixture.batch, T: fixture.seq, x, lengths };
  const targets = fixture.loss.kind === 'ce' ? Int32Array.from(fixture.targets.data) : floats(fixture.targets.data);
  const mask = fixture.mask ? floats(fixture.mask.data) : null;
  return { model, batch, targets, mask, loss: lossSpecOf(fixture) };
}


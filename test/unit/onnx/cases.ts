// Models used by the ONNX tests: one per task and cell, with seeded parameters and realistic metadata
// (raw values far from zero, so that the in-graph scaling is exercised, not bypassed).
import { createRng } from '../../../engine/rng';
import type { ModelSpec } from '../../../engine/spec';
import { paramShapes } from '../../../engine/model';
import type { NamedParams } from '../../../engine/onnx/recurrent';
import type { ExportInput } from '../../../engine/onnx/export';

export interface ModelCase {
  name: string;
  input: ExportInput;
}

export function randomParams(spec: ModelSpec, seed: number, scale = 0.4): NamedParams {
  const rng = createRng(seed);
  const params: NamedParams = {};
  for (const { name, shape } of paramShapes(spec)) {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = (rng.uniform() * 2 - 1) * scale;
    params[name] = values;
  }
  return params;
}

/** Pinned, so fixtures made from these cases do not change when the engine's version does. */
const base = { configHash: 'sha256:0123abcd', engineVersion: '0.0.0-test' };

/** Three features (temp, rain, co2; plus a one-hot `season` with two levels when `oneHot`), two targets. */
export function forecastCase(cell: 'lstm' | 'gru', formulation: 'relative' | 'absolute', layers: number, oneHot = false): ModelCase {
  const F = oneHot ? 5 : 3;
  const spec: ModelSpec = { cell, input: { kind: 'features', size: F }, hiddenSize: 6, layers, dropout: 0, outputSize: 3 * 2, headOn: 'last', forgetBias: 1 };
  const relative = formulation === 'relative';
  const names = ['temp', 'rain', 'co2', ...(oneHot ? ['season=wet', 'season=dry'] : [])];
  return {
    name: `forecast-${cell}-${formulation}-${layers}l${oneHot ? '-onehot' : ''}`,
    input: {
      spec,
      params: randomParams(spec, 11 + layers),
      metadata: {
        task: 'forecast',
        configHash: base.configHash,
        engineVersion: base.engineVersion,
        window: 8,
        horizon: 3,
        columns: [
          { name: 'date', kind: 'date', role: 'time (orders the rows, not an input)' },
          { name: 'temp', kind: 'numeric', role: 'input, target' },
          { name: 'rain', kind: 'numeric', role: 'input' },
          { name: 'co2', kind: 'numeric', role: 'input, target' },
          ...(oneHot ? [{ name: 'season', kind: 'text', role: 'input (one-hot, 2 levels)' }] : []),
        ],
        inputColumns: [
          { column: 'temp', kind: 'numeric', feature: 0 },
          { column: 'rain', kind: 'numeric', feature: 1 },
          { column: 'co2', kind: 'numeric', feature: 2 },
          ...(oneHot ? [{ column: 'season', kind: 'onehot' as const, levels: ['wet', 'dry'], feature: 3 }] : []),
        ],
        normalization: {
          formulation,
          scaling: 'standard',
          features: {
            names,
            mean: [12.5, 3.25, 380.0, ...(oneHot ? [0, 0] : [])],
            std: [7.5, 2.0, 12.0, ...(oneHot ? [1, 1] : [])],
            relative: names.map((name) => relative && !name.includes('=')),
          },
          targets: { names: ['co2', 'temp'], mean: [380.0, 12.5], std: [12.0, 7.5], featureIndex: [2, 0] },
        },
        time: { column: 'date', kind: 'date', grain: 'month', spacing: { unit: 'month', step: 1 }, first: '1990-01', last: '2020-12' },
        metrics: {
          val: { mae: 0.51, rmse: 0.7, smape: 1.2, mase: 0.4, perStep: { mae: [0.4, 0.5, 0.63] } },
          test: { mae: 0.62, rmse: 0.81, smape: 1.4, mase: 0.45 },
          baselines: { naive: { test: { mae: 1.1 } }, seasonalNaive: { test: { mae: 0.9 } } },
        },
      },
    },
  };
}

export function classifyCase(cell: 'lstm' | 'gru', sequences: boolean, layers: number): ModelCase {
  const spec: ModelSpec = { cell, input: { kind: 'features', size: 4 }, hiddenSize: 5, layers, dropout: 0, outputSize: 3, headOn: 'last', forgetBias: 1 };
  const names = ['precipitation', 'temp_max', 'temp_min', 'wind'];
  return {
    name: `classify-${cell}-${sequences ? 'sequences' : 'windows'}-${layers}l`,
    input: {
      spec,
      params: randomParams(spec, 21 + layers),
      metadata: {
        task: 'classify',
        configHash: base.configHash,
        engineVersion: base.engineVersion,
        window: 7,
        columns: [
          ...(sequences ? [{ name: 'station', kind: 'text', role: 'sequence id' }] : []),
          { name: 'date', kind: 'date', role: 'time (orders the rows, not an input)' },
          ...names.map((name) => ({ name, kind: 'numeric', role: 'input' })),
          { name: 'weather', kind: 'text', role: 'label' },
        ],
        inputColumns: names.map((column, feature) => ({ column, kind: 'numeric' as const, feature })),
        normalization: {
          formulation: 'absolute',
          scaling: 'standard',
          features: { names, mean: [3.0, 16.4, 8.2, 3.2], std: [6.7, 7.3, 5.0, 1.4], relative: [false, false, false, false] },
          targets: { names: [], mean: [], std: [], featureIndex: [] },
        },
        time: { column: 'date', kind: 'date', grain: 'day', spacing: sequences ? null : { unit: 'ms', step: 86_400_000 }, first: '2012-01-01', last: '2015-12-31' },
        label: 'weather',
        sequenceId: sequences ? 'station' : null,
        ...(sequences ? {} : { labelOffset: 1 }),
        classes: ['fog', 'rain', 'sun'],
        metrics: { test: { accuracy: 0.71, macroF1: 0.5 }, baselines: { majority: { test: { accuracy: 0.44 } } } },
      },
    },
  };
}

export function textCase(cell: 'lstm' | 'gru', layers: number): ModelCase {
  const tokens = ['<unk>', ' ', 'a', 'b', 'c', 'd', 'e', '\n', '.', 'é'];
  const spec: ModelSpec = { cell, input: { kind: 'tokens', vocab: tokens.length, embed: 4 }, hiddenSize: 7, layers, dropout: 0, outputSize: tokens.length, headOn: 'every', forgetBias: 1 };
  return {
    name: `text-${cell}-${layers}l`,
    input: {
      spec,
      params: randomParams(spec, 31 + layers),
      metadata: {
        task: 'text',
        configHash: base.configHash,
        engineVersion: base.engineVersion,
        window: 32,
        vocabulary: { tokens, unknown: 0 },
        metrics: { test: { bitsPerChar: 2.1, perplexity: 4.3 }, baselines: { unigram: { test: { bitsPerChar: 3.2 } } } },
      },
    },
  };
}

/** Every exported graph variant. */
export function allCases(): ModelCase[] {
  return [
    forecastCase('lstm', 'relative', 2),
    forecastCase('gru', 'absolute', 1),
    forecastCase('lstm', 'absolute', 1),
    forecastCase('gru', 'relative', 2),
    forecastCase('lstm', 'relative', 1, true),
    classifyCase('lstm', false, 1),
    classifyCase('gru', true, 2),
    classifyCase('lstm', true, 2),
    textCase('lstm', 2),
    textCase('gru', 1),
  ];
}

import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../engine/index';
import { changeLabel, FIRST_RUN_LABEL, RERUN_LABEL, type ConfigVersion } from '../../../extension/config/changeLabel';

// Labels are computed from real configs: the engine's validateConfig applies the defaults.
function version(text: string): ConfigVersion {
  return { text, config: validateConfig(JSON.parse(text), '/w/data.seqlab.json') };
}

const base = (model: string, training = '"epochs": 20') =>
  `{\n  "data": { "file": "data.csv" },\n  "model": { ${model} },\n  "training": { ${training} }\n}\n`;

describe('changeLabel', () => {
  it('says first run when there is no previous run', () => {
    expect(changeLabel(null, version(base('"hiddenSize": 64')))).toBe(FIRST_RUN_LABEL);
  });

  it('names one change as a dotted path with old→new', () => {
    expect(changeLabel(version(base('"hiddenSize": 64')), version(base('"hiddenSize": 128')))).toBe('model.hiddenSize 64→128');
  });

  it('joins several changes with commas, in the config order', () => {
    const label = changeLabel(version(base('"hiddenSize": 64, "layers": 1')), version(base('"hiddenSize": 32, "layers": 2', '"epochs": 30')));
    expect(label).toBe('model.hiddenSize 64→32, model.layers 1→2, training.epochs 20→30');
  });

  it('prints numbers as written in the config text', () => {
    const label = changeLabel(
      version(base('"hiddenSize": 64', '"optimizer": { "lr": 1e-3 }')),
      version(base('"hiddenSize": 64', '"optimizer": { "lr": 0.00050 }')));
    expect(label).toBe('training.optimizer.lr 1e-3→0.00050');
  });

  it('says rerun when nothing changed, even if a default was written out or the layout moved', () => {
    const written = `{"data":{"file":"data.csv"},"model":{"hiddenSize":64,"cell":"lstm"},"training":{"epochs":20}}`;
    expect(changeLabel(version(base('"hiddenSize": 64')), version(written))).toBe(RERUN_LABEL);
  });

  it('falls back to the default value when one side leaves a setting out', () => {
    expect(changeLabel(version(base('"hiddenSize": 64, "cell": "gru"')), version(base('"hiddenSize": 64')))).toBe('model.cell "gru"→"lstm"');
  });

  it('shows arrays compactly and cuts long values', () => {
    const label = changeLabel(
      version(base('"hiddenSize": 64', '"optimizer": { "type": "adam", "betas": [0.9, 0.999] }')),
      version(base('"hiddenSize": 64', '"optimizer": { "type": "adam", "betas": [\n  0.8,\n  0.99\n] }')));
    expect(label).toBe('training.optimizer.betas [0.9, 0.999]→[0.8, 0.99]');
    const features = (names: string[]) => `{"data":{"file":"data.csv","columns":{"features":${JSON.stringify(names)}}}}`;
    const long = changeLabel(version(features(['a'])), version(features(['precipitation_in_millimetres', 'temperature_maximum'])));
    expect(long).toBe('data.columns.features ["a"]→["precipitation_in_millimetres","temper…');
  });
});

// The schema is complete (every field has a default and a one-line description, unknown keys are
// refused everywhere) and loading applies the defaults without touching the caller's object.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import schema from '../../../schemas/seqlab.schema.json';
import { loadConfig, validateConfig } from '../../../engine/config/load';
import { SeqLabError } from '../../../engine/errors';

type Node = Record<string, unknown> & { properties?: Record<string, Node> };

function* fields(node: Node, at = ''): Generator<[string, Node, Node]> {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    yield [`${at}/${name}`, child, node];
    yield* fields(child, `${at}/${name}`);
  }
}

describe('the schema', () => {
  const all = [...fields(schema as Node)];

  it('gives every field a one-line description and a default (data.file is the one required field)', () => {
    expect(all.length).toBeGreaterThan(50);
    for (const [at, field] of all) {
      expect(typeof field.description, at).toBe('string');
      expect(field.description as string, at).not.toContain('\n');
      if (at === '/$schema' || at === '/data' || at === '/data/file') continue;
      expect(field, at).toHaveProperty('default');
    }
    expect((schema as Node).required).toEqual(['data']);
  });

  it('refuses unknown keys in every object', () => {
    for (const [at, field] of [['/', schema as Node] as const, ...all.map(([a, f]) => [a, f] as const)]) {
      if (field.type === 'object') expect(field.additionalProperties, at).toBe(false);
    }
  });

  it('has defaults that pass its own validation', () => {
    const config = validateConfig({ data: { file: 'a.csv' } }, 'a.seqlab.json');
    expect(config).toMatchObject({
      version: 1,
      data: { task: 'forecast', window: 24, horizon: 1, labelOffset: 1, missing: 'interpolate', formulation: 'relative', season: 'auto', split: { train: 0.7, validation: 0.15, test: 0.15 }, columns: { time: 'auto', targets: 'auto', features: 'auto', sequenceId: null } },
      model: { cell: 'lstm', hiddenSize: 64, layers: 1, dropout: 0, forgetBias: 1, embedSize: 32 },
      training: { optimizer: { type: 'adam', lr: 0.001, betas: [0.9, 0.999] }, schedule: { type: 'plateau' }, earlyStopping: { patience: 10 }, seed: 42, loss: 'mse', gradClipNorm: 1, maxWindowsPerEpoch: null },
      export: { onnx: true, opset: 17 },
    });
  });
});

describe('loading', () => {
  it('applies defaults to a copy, keeps given values, and resolves the data file against the config folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-config-'));
    const file = path.join(dir, 'x.seqlab.json');
    fs.writeFileSync(file, '\uFEFF' + JSON.stringify({ data: { file: 'sub/d.csv', window: 7 }, model: { cell: 'gru' } }));
    const loaded = loadConfig(file);
    expect(loaded.dataFile).toBe(path.join(dir, 'sub', 'd.csv'));
    expect(loaded.dir).toBe(dir);
    expect(loaded.config.data.window).toBe(7);
    expect(loaded.config.model).toMatchObject({ cell: 'gru', hiddenSize: 64 });
    const input = { data: { file: 'a.csv' } };
    validateConfig(input, 'a.json');
    expect(input).toEqual({ data: { file: 'a.csv' } });
  });

  it('a missing config file is an IO error naming it', () => {
    try {
      loadConfig('/no/such/x.seqlab.json');
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(SeqLabError);
      expect((error as SeqLabError).code).toBe('IO');
      expect((error as SeqLabError).where.file).toBe('/no/such/x.seqlab.json');
    }
  });

  it('reports further problems after the first', () => {
    try {
      validateConfig({ data: { file: 'a.csv', window: 0 }, model: { cell: 'rnn' } }, 'a.json');
      throw new Error('expected an error');
    } catch (error) {
      const e = error as SeqLabError;
      expect(e.where.path).toBe('/data/window');
      expect(e.message).toContain('also: /model/cell: expected one of "lstm", "gru"');
    }
  });
});

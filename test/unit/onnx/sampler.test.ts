// The one onnxruntime sampler (engine/runtime/sampler.ts) and its defaults: recorded in a text model's
// metadata at export from the config's export.sampling, the schema's defaults when the config has none,
// and the same defaults for models exported before SeqLab recorded them (the committed fixture
// text-lstm-2l.onnx is such a model). `seqlab sample` without flags uses them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXIT } from '../../../engine/cli/command';
import { loadConfig } from '../../../engine/config/load';
import { configSchema } from '../../../engine/config/validate';
import { prepareData } from '../../../engine/data/prepare';
import type { PreparedText } from '../../../engine/data/types';
import { buildModel } from '../../../engine/model';
import { writeOnnxFile } from '../../../engine/onnx/export';
import { exportInputFromRun } from '../../../engine/onnx/fromPrepared';
import { DEFAULT_SAMPLING, samplingOf } from '../../../engine/onnx/metadata';
import { validateMetadata } from '../../../engine/onnx/metadataCheck';
import { readOnnx } from '../../../engine/onnx/reader';
import { createRng } from '../../../engine/rng';
import { SeqLabModel } from '../../../engine/runtime/modelSession';
import { sampleText } from '../../../engine/runtime/sampler';
import { setupFromConfig } from '../../../engine/train/setup';
import { tempDir, writeConfig, writeTextData } from '../helpers/tinyRuns';
import { seqlab } from './cli';

const OLDER_EXPORT = path.join(__dirname, '../../fixtures/onnx/exports/text-lstm-2l.onnx');

/** A text model exported through the run path (metadataFromPrepared), with `sampling` in its config or not. */
async function exportText(sampling?: object): Promise<string> {
  const dir = tempDir('seqlab-sampler-');
  const configFile = writeConfig(dir, 'story', { file: writeTextData(dir), task: 'text', seqLength: 16 }, { model: { embedSize: 8 } });
  if (sampling) {
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    fs.writeFileSync(configFile, JSON.stringify({ ...config, export: { sampling } }));
  }
  const { config } = loadConfig(configFile);
  const prepared = (await prepareData(config, configFile)) as PreparedText;
  const { spec } = setupFromConfig(config, prepared);
  const model = buildModel(spec, createRng(3), { dtype: 'f32' });
  const onnx = path.join(dir, 'model.onnx');
  writeOnnxFile(onnx, exportInputFromRun(spec, model.p, prepared, { configHash: 'sampler', config: config as never }));
  return onnx;
}

describe('generation defaults', () => {
  test("the schema's export.sampling defaults are DEFAULT_SAMPLING", () => {
    const exportProperties = (configSchema.properties as Record<string, { properties: Record<string, { properties: Record<string, { default: unknown }> }> }>).export.properties;
    const { prompt, length, temperature } = exportProperties.sampling.properties;
    expect({ prompt: prompt.default, length: length.default, temperature: temperature.default }).toEqual(DEFAULT_SAMPLING);
    expect(DEFAULT_SAMPLING).toEqual({ prompt: '\n', length: 200, temperature: 0.8 });
  });

  test("export records the config's export.sampling, filled in from the defaults", async () => {
    const info = readOnnx(fs.readFileSync(await exportText({ prompt: 'call me', temperature: 0.5 })));
    expect(info.metadata!.sampling).toEqual({ prompt: 'call me', length: 200, temperature: 0.5 });
  });

  test('export records the defaults when the config has no export.sampling', async () => {
    const info = readOnnx(fs.readFileSync(await exportText()));
    expect(info.metadata!.sampling).toEqual(DEFAULT_SAMPLING);
  });

  test('an older export without them falls back to the defaults', () => {
    const info = readOnnx(fs.readFileSync(OLDER_EXPORT));
    expect(info.metadata!.sampling).toBeUndefined();
    expect(samplingOf(info.metadata!)).toEqual(DEFAULT_SAMPLING);
  });

  test('metadata with impossible settings is refused on reading', () => {
    // sampling values are checked like every other metadata field (here: a negative temperature)
    const meta = readOnnx(fs.readFileSync(OLDER_EXPORT)).metadata!;
    expect(validateMetadata({ ...meta, sampling: { prompt: 'a', length: 10, temperature: -1 } })).toEqual([{ field: 'sampling', message: expect.stringMatching(/temperature: 0 to 100/) }]);
    expect(validateMetadata({ ...meta, sampling: { prompt: '', length: 10, temperature: 1 } })).toHaveLength(1);
    expect(validateMetadata({ ...meta, sampling: DEFAULT_SAMPLING })).toEqual([]);
  });
});

describe('seqlab sample without flags', () => {
  test("an older model: a line break, then 200 characters at temperature 0.8", async () => {
    const plain = await seqlab(['sample', OLDER_EXPORT]);
    expect(plain.code).toBe(EXIT.ok);
    expect(Array.from(plain.out)).toHaveLength(1 + 200);
    expect(plain.out.startsWith('\n')).toBe(true);
    const explicit = await seqlab(['sample', OLDER_EXPORT, '--prompt', '\n', '--length', '200', '--temperature', '0.8']);
    expect(explicit.out).toBe(plain.out);
    // and not what temperature 1 (the CLI's former default) gives
    expect((await seqlab(['sample', OLDER_EXPORT, '--temperature', '1'])).out).not.toBe(plain.out);
  });

  test("a model with recorded settings uses them; flags override them one by one", async () => {
    const onnx = await exportText({ prompt: 'call me', length: 30, temperature: 0.5 });
    const plain = await seqlab(['sample', onnx]);
    expect(plain.code).toBe(EXIT.ok);
    expect(plain.out.startsWith('call me')).toBe(true);
    expect(Array.from(plain.out)).toHaveLength('call me'.length + 30);
    expect((await seqlab(['sample', onnx, '--prompt', 'call me', '--length', '30', '--temperature', '0.5'])).out).toBe(plain.out);
    const longer = await seqlab(['sample', onnx, '--length', '50']);
    expect(Array.from(longer.out)).toHaveLength('call me'.length + 50);
    expect(longer.out.startsWith(plain.out)).toBe(true); // same seed, same temperature: the first 30 agree
  });

  test('sampleText reports the settings it used', async () => {
    const model = await SeqLabModel.load(fs.readFileSync(OLDER_EXPORT), 'older');
    try {
      const { settings, text } = await sampleText(model, { length: 12, seed: 4 });
      expect(settings).toEqual({ prompt: '\n', length: 12, temperature: 0.8, seed: 4 });
      expect(Array.from(text)).toHaveLength(12);
    } finally {
      await model.release();
    }
  });
});

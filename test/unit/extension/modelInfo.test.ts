// What the model picker reads from `seqlab inspect --json --require-seqlab` (extension/predict/modelInfo.ts):
// the real CLI output for exported fixtures, a foreign and a hostile file; and the words shown per model.
import * as path from 'node:path';
import { expect, test } from 'vitest';
import type { SeqLabModelMetadata } from '../../../engine/index';
import { describeTask, headlineMetric, parseInspectOutput } from '../../../extension/predict/modelInfo';
import { seqlab } from '../onnx/cli';

const FIXTURES = path.join(__dirname, '../../fixtures/onnx');
const forecast = path.join(FIXTURES, 'exports/forecast-lstm-relative-2l.onnx');
const classify = path.join(FIXTURES, 'exports/classify-lstm-windows-1l.onnx');
const text = path.join(FIXTURES, 'exports/text-lstm-2l.onnx');
const foreign = path.join(FIXTURES, 'hostile/39-no-seqlab-metadata.onnx');
const hostile = path.join(FIXTURES, 'hostile/17-loop-with-subgraph.onnx');

test('several files: each model with its metadata, each refused file with the CLI reason', async () => {
  const files = [forecast, foreign, classify, hostile, text];
  const { out } = await seqlab(['inspect', ...files, '--json', '--require-seqlab']);
  const parsed = parseInspectOutput(out, files);
  expect(parsed.map((entry) => ('error' in entry ? 'error' : entry.metadata.task))).toEqual(['forecast', 'error', 'classify', 'error', 'text']);
  expect(parsed[1]).toEqual({ file: foreign, error: expect.stringMatching(/no SeqLab metadata/) });
  expect(parsed[3]).toEqual({ file: hostile, error: expect.stringMatching(/Loop/) });
});

test('one file: the single object inspect prints', async () => {
  const { out } = await seqlab(['inspect', text, '--json', '--require-seqlab']);
  const [entry] = parseInspectOutput(out, [text]);
  expect('metadata' in entry && entry.metadata.vocabulary?.tokens.length).toBe(10);
});

test('output that is not what was asked for is an error per file, never trusted', () => {
  expect(parseInspectOutput('not json', ['a.onnx'])).toEqual([{ file: 'a.onnx', error: 'seqlab inspect printed no JSON' }]);
  expect(parseInspectOutput(JSON.stringify([{ file: 'b.onnx', metadata: { task: 'text' } }]), ['a.onnx', 'b.onnx'])).toEqual([
    { file: 'a.onnx', error: 'seqlab inspect did not report this file' },
    { file: 'b.onnx', error: 'seqlab inspect did not report this file' },
  ]);
  expect(parseInspectOutput(JSON.stringify({ file: 'a.onnx', metadata: { task: 'rm -rf' } }), ['a.onnx'])).toEqual([{ file: 'a.onnx', error: 'not a SeqLab model' }]);
});

const meta = (fields: Partial<SeqLabModelMetadata>): SeqLabModelMetadata => fields as SeqLabModelMetadata;

test('what each model does, and its headline validation metric', () => {
  const co2 = meta({ task: 'forecast', horizon: 1, normalization: { targets: { names: ['CO2'] } } as never, metrics: { val: { mae: 0.31934, rmse: 0.4 } } });
  expect([describeTask(co2), headlineMetric(co2)]).toEqual(['forecast CO2', 'val MAE 0.319']);
  const load = meta({ task: 'forecast', horizon: 3, normalization: { targets: { names: ['load', 'temp'] } } as never });
  expect([describeTask(load), headlineMetric(load)]).toEqual(['forecast load, temp (3 steps)', undefined]);
  const weather = meta({ task: 'classify', label: 'weather', classes: ['drizzle', 'fog', 'rain', 'snow', 'sun', 'hail'], metrics: { val: { accuracy: 0.6512 } } });
  expect([describeTask(weather), headlineMetric(weather)]).toEqual(['classify weather: drizzle, fog, rain, snow, sun, +1', 'val accuracy 65.1 %']);
  const moby = meta({ task: 'text', vocabulary: { tokens: ['<unk>', 'a', 'b'], unknown: 0 }, metrics: { val: { bitsPerChar: 2.7512 } } });
  expect([describeTask(moby), headlineMetric(moby)]).toEqual(['text (3 characters)', 'val 2.75 bits/char']);
});

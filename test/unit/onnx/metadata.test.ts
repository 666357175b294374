// SeqLab metadata in metadata_props: what is written is what is read, for every field of every task,
// and damaged metadata is refused with the key named.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { exportOnnx } from '../../../engine/onnx/export';
import { readOnnx } from '../../../engine/onnx/reader';
import { METADATA_KEYS, metadataFromProps, metadataToProps, type SeqLabModelMetadata } from '../../../engine/onnx/metadata';
import { decodeModelProto } from '../../../engine/onnx/proto';
import { ENGINE_VERSION } from '../../../engine/version';
import { SeqLabError } from '../../../engine/errors';
import { allCases, forecastCase, textCase } from './cases';

function expectedMetadata(c: ReturnType<typeof allCases>[number], read: SeqLabModelMetadata): SeqLabModelMetadata {
  return { formatVersion: 1, ...c.input.metadata, model: c.input.spec, io: read.io } as SeqLabModelMetadata;
}

describe('round trip through an exported file', () => {
  const seen = new Set<string>();
  for (const c of allCases()) {
    test(c.name, () => {
      const read = readOnnx(exportOnnx(c.input), { requireSeqLab: true }).metadata!;
      expect(read).toEqual(expectedMetadata(c, read));
      for (const key of Object.keys(read)) seen.add(key);
    });
  }
  test('with a config: the resolved config comes back verbatim', () => {
    const c = forecastCase('lstm', 'relative', 1);
    c.input.metadata.config = { data: { file: 'co2.csv', window: 24, columns: { targets: ['co2'] } }, training: { seed: 1, lr: 0.001 }, note: null };
    const read = readOnnx(exportOnnx(c.input)).metadata!;
    expect(read.config).toEqual(c.input.metadata.config);
    seen.add('config');
  });
  test('with generation settings (text): they come back verbatim', () => {
    const c = textCase('gru', 1);
    c.input.metadata.sampling = { prompt: 'Call me ', length: 300, temperature: 0.6 };
    expect(readOnnx(exportOnnx(c.input)).metadata!.sampling).toEqual(c.input.metadata.sampling);
    seen.add('sampling');
  });
  test('engineVersion defaults to this engine', () => {
    const c = textCase('lstm', 1);
    delete c.input.metadata.engineVersion;
    expect(readOnnx(exportOnnx(c.input)).metadata!.engineVersion).toBe(ENGINE_VERSION);
  });
  test('every metadata field was exercised by some task', () => {
    expect([...seen].sort()).toEqual(Object.keys(METADATA_KEYS).sort());
  });
});

describe('the time format (data.columns.timeFormat) and two-column times', () => {
  test.each([
    ['one column', { column: 'Datum', kind: 'date', grain: 'day', format: 'DD.MM.YYYY', spacing: { unit: 'ms', step: 86_400_000 }, first: '01.01.2021', last: '09.02.2021' }],
    ['year + quarter', { column: 'year', columns: ['year', 'quarter'], kind: 'date', grain: 'month', format: 'YYYY + Q', spacing: { unit: 'month', step: 3 }, first: '1959 Q1', last: '1968 Q4' }],
    ['Unix seconds', { column: 'ts', kind: 'date', grain: 'datetime', format: 'unix-s', spacing: { unit: 'ms', step: 3_600_000 }, first: '1609459200', last: '1609599600' }],
  ] as const)('%s: written and read back as it was', (_name, time) => {
    const c = forecastCase('gru', 'absolute', 1);
    c.input.metadata.time = { ...time } as SeqLabModelMetadata['time'];
    expect(readOnnx(exportOnnx(c.input)).metadata!.time).toEqual(time);
  });

  test('a model from before the format was recorded (committed export) still loads: its time has no format', () => {
    const older = fs.readFileSync(path.join(__dirname, '../../fixtures/onnx/exports/older-forecast-lstm-relative-2l.onnx'));
    const time = readOnnx(older, { requireSeqLab: true }).metadata!.time!;
    expect(time).toEqual({ column: 'date', kind: 'date', grain: 'month', spacing: { unit: 'month', step: 1 }, first: '1990-01', last: '2020-12' });
    expect(time.format).toBeUndefined();
  });
});

describe('metadata_props layout', () => {
  test('one seqlab.* key per field, each value a JSON text', () => {
    const props = decodeModelProto(exportOnnx(textCase('gru', 1).input)).metadata_props!;
    expect(props.map((p) => p.key)).toEqual(['seqlab.format', 'seqlab.task', 'seqlab.engine_version', 'seqlab.config_hash', 'seqlab.model', 'seqlab.io', 'seqlab.window', 'seqlab.vocabulary', 'seqlab.metrics']);
    expect(props.find((p) => p.key === 'seqlab.task')!.value).toBe('"text"');
    for (const { value } of props) expect(() => JSON.parse(value!)).not.toThrow();
  });

  test('keys of other tools are ignored', () => {
    const c = textCase('gru', 1);
    const meta = readOnnx(exportOnnx(c.input)).metadata!;
    const props = [{ key: 'model_author', value: 'someone' }, ...metadataToProps(meta), { key: 'converted_by', value: 'x' }];
    expect(metadataFromProps(props)).toEqual(meta);
  });
});

describe('damaged metadata is refused, naming the key', () => {
  const meta = readOnnx(exportOnnx(forecastCase('lstm', 'relative', 1).input)).metadata!;
  const props = metadataToProps(meta);
  const edit = (key: string, value: string | undefined) =>
    value === undefined ? props.filter((p) => p.key !== key) : props.map((p) => (p.key === key ? { key, value } : p));
  const cases: [string, { key: string; value: string }[], RegExp][] = [
    ['no seqlab.format', edit('seqlab.format', undefined), /no SeqLab metadata/],
    ['a newer format', edit('seqlab.format', '2'), /seqlab.format is 2/],
    ['unparsable JSON', edit('seqlab.normalization', '{"formulation":'), /seqlab.normalization is not valid JSON/],
    ['a missing task', edit('seqlab.task', undefined), /seqlab.task/],
    ['an unknown task', edit('seqlab.task', '"regress"'), /seqlab.task: expected one of/],
    ['std of zero', edit('seqlab.normalization', JSON.stringify({ ...meta.normalization, features: { ...meta.normalization!.features, std: [1, 0, 1] } })), /features.std/],
    ['too few means', edit('seqlab.normalization', JSON.stringify({ ...meta.normalization, features: { ...meta.normalization!.features, mean: [1] } })), /features.mean/],
    ['target index out of range', edit('seqlab.normalization', JSON.stringify({ ...meta.normalization, targets: { ...meta.normalization!.targets, featureIndex: [2, 9] } })), /featureIndex/],
    ['horizon disagreeing with outputSize', edit('seqlab.horizon', '4'), /outputSize must be horizon × targets/],
    ['input columns not covering the features', edit('seqlab.input_columns', '[{"column":"temp","kind":"numeric","feature":0}]'), /seqlab.input_columns/],
    ['io without an input name', edit('seqlab.io', '{"output":"forecast"}'), /seqlab.io/],
    ['a broken time axis', edit('seqlab.time', '{"column":"date"}'), /seqlab.time/],
    ['a time format this SeqLab does not know', edit('seqlab.time', JSON.stringify({ ...meta.time, format: 'YYYY.WW' })), /seqlab.time: format "YYYY.WW" is not a time format this SeqLab knows \(update SeqLab\)/],
    ['two time columns that do not start with the time column', edit('seqlab.time', JSON.stringify({ ...meta.time, columns: ['quarter', 'year'] })), /seqlab.time: columns must list the two time columns/],
    ['a duplicated key', [...props, props[1]], /key seqlab.task twice/],
  ];
  for (const [name, damaged, message] of cases) {
    test(name, () => {
      let caught: unknown;
      try {
        metadataFromProps(damaged, 'model.onnx');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SeqLabError);
      expect((caught as SeqLabError).code).toBe('BAD_MODEL');
      expect((caught as SeqLabError).describe()).toMatch(message);
      expect((caught as SeqLabError).describe()).toMatch(/^model\.onnx: /);
    });
  }
});

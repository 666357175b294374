// Malformed and hostile ONNX files: each gives a SeqLabError('BAD_MODEL') with a clear message, from
// the reader (before onnxruntime) or, for the one that passes SeqLab's checks, from the runtime; plus
// a seeded mutation fuzz of a valid export in which nothing but SeqLabError may escape.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { SeqLabError } from '../../../engine/errors';
import { readOnnx } from '../../../engine/onnx/reader';
import { exportOnnx } from '../../../engine/onnx/export';
import { createRng } from '../../../engine/rng';
import { SeqLabModel } from '../../../engine/runtime/modelSession';
import { runForecast } from '../../../engine/runtime/predictors';
import { forecastCase } from './cases';
import { hostileModels } from './hostile';

const FIXTURES = path.join(__dirname, '../../fixtures/onnx/hostile');
const corpus = hostileModels();
/** The files kept under test/fixtures/onnx/hostile (the megabyte-sized floods are built in the test). */
const kept = corpus.filter((model) => !model.large);

function caught(action: () => unknown): SeqLabError {
  try {
    action();
  } catch (error) {
    if (error instanceof SeqLabError) return error;
    throw new Error(`expected a SeqLabError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected an error, got none');
}

test('the corpus has at least 25 files, and test/fixtures/onnx/hostile holds exactly them', () => {
  expect(corpus.length).toBeGreaterThanOrEqual(25);
  if (process.env.SEQLAB_UPDATE_FIXTURES) {
    fs.rmSync(FIXTURES, { recursive: true, force: true });
    fs.mkdirSync(FIXTURES, { recursive: true });
    kept.forEach(({ name, bytes }, i) => fs.writeFileSync(path.join(FIXTURES, `${String(i + 1).padStart(2, '0')}-${name}.onnx`), bytes));
  }
  const files = fs.readdirSync(FIXTURES).sort();
  expect(files).toEqual(kept.map(({ name }, i) => `${String(i + 1).padStart(2, '0')}-${name}.onnx`));
  files.forEach((file, i) => expect(Buffer.compare(fs.readFileSync(path.join(FIXTURES, file)), Buffer.from(kept[i].bytes)), file).toBe(0));
});

describe('the reader refuses each hostile file with a clear BAD_MODEL message', () => {
  for (const model of corpus.filter((m) => !m.failsInRuntime)) {
    test(model.name, () => {
      const error = caught(() => readOnnx(model.bytes, { file: `${model.name}.onnx`, requireSeqLab: true }));
      expect(error.code).toBe('BAD_MODEL');
      expect(error.describe()).toMatch(model.message);
      expect(error.describe().startsWith(`${model.name}.onnx: `)).toBe(true);
    });
  }
});

describe('a file that passes SeqLab checks but not onnxruntime gives BAD_MODEL too, on this thread or a worker', () => {
  for (const [model, worker] of corpus.filter((m) => m.failsInRuntime).flatMap((m) => [[m, false], [m, true]] as const)) {
    test(`${model.name}${worker ? ' (worker)' : ''}`, async () => {
      expect(() => readOnnx(model.bytes, { requireSeqLab: true })).not.toThrow();
      let error: unknown;
      try {
        const loaded = await SeqLabModel.load(model.bytes, `${model.name}.onnx`, { worker });
        try {
          await runForecast(loaded, new Float32Array(2 * 8 * 3).fill(1), 2, 8);
        } finally {
          await loaded.release();
        }
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SeqLabError);
      expect((error as SeqLabError).code).toBe('BAD_MODEL');
      expect((error as SeqLabError).describe()).toMatch(model.message);
    });
  }
});

test('fuzz: 3000 seeded mutations of a valid export never throw anything but SeqLabError', () => {
  const valid = exportOnnx(forecastCase('gru', 'relative', 2).input);
  const rng = createRng(2024);
  const outcomes = { accepted: 0, refused: 0 };
  for (let i = 0; i < 3000; i++) {
    const bytes = Uint8Array.from(valid);
    const kind = i % 3;
    if (kind === 0) {
      for (let flips = 1 + rng.below(8); flips > 0; flips--) bytes[rng.below(bytes.length)] = rng.below(256);
    } else if (kind === 1) {
      bytes[rng.below(bytes.length)] ^= 1 << rng.below(8);
    }
    const input = kind === 2 ? bytes.subarray(0, rng.below(bytes.length)) : bytes;
    try {
      readOnnx(input, { requireSeqLab: true });
      outcomes.accepted++;
    } catch (error) {
      if (!(error instanceof SeqLabError) || error.code !== 'BAD_MODEL') throw new Error(`mutation ${i}: ${String(error)}`, { cause: error });
      outcomes.refused++;
    }
  }
  // Flips inside weight bytes leave a valid model; most other damage must be caught.
  expect(outcomes.refused).toBeGreaterThan(1000);
  expect(outcomes.accepted + outcomes.refused).toBe(3000);
});

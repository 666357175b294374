// Interop with PyTorch (fixtures from scripts/make_onnx_interop.py, which CI does not need to run):
// a torch.onnx.export LSTM forecaster with SeqLab metadata runs in `seqlab inspect` and `seqlab predict`
// and gives PyTorch's numbers; and PyTorch, loaded with a SeqLab export's weights, reproduced SeqLab's
// numbers (the committed result names the exact model files by sha256).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { seqlab } from './cli';

const FIXTURES = path.join(__dirname, '../../fixtures/onnx');
const INTEROP = path.join(FIXTURES, 'interop');
const MODEL = path.join(INTEROP, 'torch-lstm-forecast.onnx');
const CSV = path.join(INTEROP, 'input.csv');
const expected = JSON.parse(fs.readFileSync(path.join(INTEROP, 'torch-lstm-forecast.expected.json'), 'utf8'));

function rows(text: string): string[][] {
  return text.trim().split('\n').map((line) => line.split(','));
}

function close(actual: string, wanted: number): void {
  expect(Math.abs(Number(actual) - wanted)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(wanted)));
}

test('seqlab inspect reads the PyTorch export: SeqLab metadata, its inputs and PyTorch\'s operators', async () => {
  const { code, out } = await seqlab(['inspect', MODEL]);
  expect(code).toBe(0);
  expect(out).toMatch(/SeqLab forecast model \(IR 8, opset 17, pytorch/);
  expect(out).toMatch(/2×LSTM\(12\)/);
  expect(out).toMatch(/input +float32 \[batch, seq, 2\]/);
  expect(out).toMatch(/operators: .*Shape.*ConstantOfShape|operators: .*ConstantOfShape.*Shape/);
});

test('seqlab predict gives PyTorch\'s forecast after the last window, dates continued', async () => {
  const { code, out, err } = await seqlab(['predict', MODEL, CSV]);
  expect(code, err).toBe(0);
  const [header, ...body] = rows(out);
  expect(header).toEqual(['date', 'load_pred']);
  expect(body.map((row) => row[0])).toEqual(expected.default.date);
  body.forEach((row, h) => close(row[1], expected.default.load_pred[h]));
});

test('seqlab predict --rolling gives PyTorch\'s numbers for every row with a full window before it', async () => {
  const { code, out, err } = await seqlab(['predict', MODEL, CSV, '--rolling']);
  expect(code, err).toBe(0);
  const [header, ...body] = rows(out);
  expect(header).toEqual(['row', 'date', 'load_pred', 'load_pred_h2']);
  expect(body.map((row) => Number(row[0]))).toEqual(expected.rolling.row);
  body.forEach((row, i) => {
    close(row[2], expected.rolling.load_pred[i]);
    close(row[3], expected.rolling.load_pred_h2[i]);
  });
});

test('PyTorch reproduced SeqLab exports (committed result, for the model files as they are now)', () => {
  const report = JSON.parse(fs.readFileSync(path.join(INTEROP, 'torch-reproduces-seqlab.json'), 'utf8'));
  expect(report.results.map((r: { cell: string }) => r.cell).sort()).toEqual(['gru', 'lstm']);
  for (const result of report.results) {
    const sha = createHash('sha256').update(fs.readFileSync(path.join(FIXTURES, result.model))).digest('hex');
    expect(sha, `${result.model} changed since scripts/make_onnx_interop.py ran; rerun it`).toBe(result.sha256);
    expect(result.pass).toBe(true);
    expect(result.maxRelDiff).toBeLessThanOrEqual(1e-5);
  }
});

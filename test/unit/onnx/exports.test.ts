// The exporter's contract beyond numbers: byte-for-byte deterministic files (committed under
// test/fixtures/onnx/exports/, one per task and cell, which scripts/check_onnx.py and
// scripts/make_onnx_interop.py read), symbolic batch and sequence dims, the operator set, atomic
// writes, and refusal of inconsistent parameters. SEQLAB_UPDATE_FIXTURES=1 rewrites the fixtures.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { exportOnnx, writeOnnxFile } from '../../../engine/onnx/export';
import { readOnnx } from '../../../engine/onnx/reader';
import { createRng } from '../../../engine/rng';
import { SeqLabModel } from '../../../engine/runtime/modelSession';
import { runForecast } from '../../../engine/runtime/predictors';
import { allCases, forecastCase, textCase } from './cases';

const FIXTURES = path.join(__dirname, '../../fixtures/onnx/exports');
const update = Boolean(process.env.SEQLAB_UPDATE_FIXTURES);
/** Forecast fixtures whose ORT outputs are recorded for the PyTorch reproduction. */
const RECORDED = ['forecast-lstm-relative-2l', 'forecast-gru-absolute-1l'];

describe('committed exports are what the exporter writes today (deterministic bytes)', () => {
  if (update) fs.mkdirSync(FIXTURES, { recursive: true });
  for (const c of allCases()) {
    test(c.name, () => {
      const bytes = exportOnnx(c.input);
      expect(Buffer.compare(Buffer.from(bytes), Buffer.from(exportOnnx(c.input)))).toBe(0);
      const file = path.join(FIXTURES, `${c.name}.onnx`);
      if (update) fs.writeFileSync(file, bytes);
      expect(Buffer.compare(fs.readFileSync(file), Buffer.from(bytes)), `${file} is stale: rerun with SEQLAB_UPDATE_FIXTURES=1`).toBe(0);
    });
  }
});

describe('SeqLab numbers recorded for scripts/make_onnx_interop.py', () => {
  for (const name of RECORDED) {
    test(name, async () => {
      const bytes = fs.readFileSync(path.join(FIXTURES, `${name}.onnx`));
      const model = await SeqLabModel.load(bytes, name);
      const [B, T, F] = [3, 8, 3];
      const rng = createRng(99);
      const { mean, std } = model.metadata.normalization!.features;
      const x = Float32Array.from({ length: B * T * F }, (_, i) => mean[i % F] + std[i % F] * rng.normal());
      const { values } = await runForecast(model, x, B, T);
      await model.release();
      const file = path.join(FIXTURES, `${name}.expected.json`);
      const record = { note: 'onnxruntime-node outputs of the SeqLab export, for scripts/make_onnx_interop.py', dims: [B, T, F], x: Array.from(x), forecast: Array.from(values) };
      if (update) fs.writeFileSync(file, JSON.stringify(record) + '\n');
      const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof record;
      expect(saved.x).toEqual(record.x);
      saved.forecast.forEach((value, i) => expect(Math.abs(value - record.forecast[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(value))));
    });
  }
});

describe('graph interface', () => {
  test('batch and sequence are symbolic; features, horizon and targets fixed; IR 8 / opset 17', () => {
    const info = readOnnx(exportOnnx(forecastCase('lstm', 'relative', 2).input));
    expect([info.irVersion, info.opset]).toEqual([8, 17]);
    expect(info.inputs).toEqual([{ name: 'x', elemType: 1, dims: ['batch', 'seq', 3] }]);
    expect(info.outputs.map((o) => [o.name, o.dims])).toEqual([['forecast_normalized', ['batch', 6]], ['forecast', ['batch', 3, 2]]]);
  });

  test('text: int64 tokens, explicit state in and out, one LSTM node per layer', () => {
    const info = readOnnx(exportOnnx(textCase('lstm', 2).input));
    expect(info.inputs.map((i) => [i.name, i.elemType, i.dims])).toEqual([['tokens', 7, ['batch', 'seq']], ['h0', 1, [2, 'batch', 7]], ['c0', 1, [2, 'batch', 7]]]);
    expect(info.outputs.map((o) => o.name)).toEqual(['logits', 'probabilities', 'hN', 'cN']);
    expect(info.operators.find((o) => o.op === 'LSTM')?.count).toBe(2);
  });

  test('only standard operators from the allow-list, and no layout=1', () => {
    for (const c of allCases()) {
      const info = readOnnx(exportOnnx(c.input));
      expect(info.operators.every(({ op }) => ['LSTM', 'GRU', 'Transpose', 'Squeeze', 'Slice', 'Gather', 'Gemm', 'MatMul', 'Add', 'Sub', 'Mul', 'Div', 'Reshape', 'Concat', 'Softmax'].includes(op))).toBe(true);
    }
  });
});

describe('config export.opset 14–21', () => {
  test('the same graph under each opset: the IR it needs, loads in onnxruntime, identical outputs', async () => {
    const c = textCase('lstm', 2);
    const inputs = {
      tokens: { data: BigInt64Array.from([1n, 4n, 2n, 9n]), dims: [2, 2] },
      h0: { data: new Float32Array(2 * 2 * 7).fill(0.1), dims: [2, 2, 7] },
      c0: { data: new Float32Array(2 * 2 * 7).fill(-0.2), dims: [2, 2, 7] },
    };
    const run = async (opset: number) => {
      const model = await SeqLabModel.load(exportOnnx({ ...c.input, opset }));
      const out = await model.run(inputs, ['logits', 'cN']);
      await model.release();
      return [model.info.irVersion, Array.from(out.logits.data), Array.from(out.cN.data)] as const;
    };
    const [, logits17, state17] = await run(17);
    const irs: number[] = [];
    for (let opset = 14; opset <= 21; opset++) {
      const [ir, logits, state] = await run(opset);
      irs.push(ir);
      expect(logits).toEqual(logits17);
      expect(state).toEqual(state17);
    }
    expect(irs).toEqual([7, 8, 8, 8, 8, 9, 9, 10]);
    expect(() => exportOnnx({ ...c.input, opset: 13 })).toThrow(/opset 13 is not supported/);
    expect(() => exportOnnx({ ...c.input, opset: 22 })).toThrow(/opset 22 is not supported/);
  });
});

describe('writing and refusing', () => {
  test('writeOnnxFile writes atomically and leaves no temp file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-onnx-'));
    const file = path.join(dir, 'model.onnx');
    fs.writeFileSync(file, 'old');
    const bytes = writeOnnxFile(file, textCase('gru', 1).input);
    expect(Buffer.compare(fs.readFileSync(file), Buffer.from(bytes))).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['model.onnx']);
    fs.rmSync(dir, { recursive: true });
  });

  test('missing, mis-sized and non-finite parameters are refused', () => {
    const c = forecastCase('lstm', 'absolute', 1);
    const { 'rnn.0.R': _dropped, ...missing } = c.input.params;
    expect(() => exportOnnx({ ...c.input, params: missing })).toThrow(/rnn.0.R is missing/);
    expect(() => exportOnnx({ ...c.input, params: { ...c.input.params, 'head.bias': new Float32Array(5) } })).toThrow(/head.bias has 5 values, expected 6/);
    const nan = Float32Array.from(c.input.params['head.weight']);
    nan[3] = NaN;
    expect(() => exportOnnx({ ...c.input, params: { ...c.input.params, 'head.weight': nan } })).toThrow(/head.weight\[3\] is not finite/);
  });

  test('metadata that disagrees with the spec is refused before writing', () => {
    const c = forecastCase('lstm', 'absolute', 1);
    expect(() => exportOnnx({ ...c.input, metadata: { ...c.input.metadata, horizon: 4 } })).toThrow(/outputSize must be horizon × targets = 8/);
  });
});

// onnxruntime's own forward over every rolling window of the `predict` configuration, with the windows
// already in memory (built once, as `seqlab predict --rolling` builds them): one timed pass per session
// option set, interleaved over repeats so that load on the machine falls on every option alike.
// Bundled by bench/predict.mjs; prints one JSON line {"options": [{threads, batch, optimization, seconds: [...]}], "windows"}.
//   node dist/bench/predictOrt.cjs --model=FILE --data=FILE [--repeats=3] [--grid=threads:1,2;batch:512,4096;opt:all]
import * as fs from 'node:fs';
import { readCsvFile } from '../engine/data/csv/readCsv';
import { readOnnx } from '../engine/onnx/reader';
import { modelInputsFromTable } from '../engine/runtime/inputTable';
import { loadOrt } from '../engine/runtime/ortLoader';

const args = new Map(process.argv.slice(2).map((arg) => {
  const [key, value] = arg.split(/=(.*)/s);
  return [key, value ?? 'true'] as const;
}));
const repeats = Number(args.get('--repeats') ?? 3);
const grid = Object.fromEntries((args.get('--grid') ?? 'threads:1,2;batch:512,4096,32768;opt:all,basic').split(';').map((part) => {
  const [key, values] = part.split(':');
  return [key, values.split(',')];
}));

type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

async function main(): Promise<void> {
  const bytes = fs.readFileSync(args.get('--model')!);
  const meta = readOnnx(bytes, { requireSeqLab: true }).metadata!;
  const table = await readCsvFile(args.get('--data')!);
  const inputs = modelInputsFromTable({ ...table, file: 'data.csv' }, meta);
  const T = meta.window;
  const { F, features } = inputs;
  const windows = inputs.rows - T; // --rolling: row r from the window ending at r − 1, r = T … rows − 1
  const ort = await loadOrt();
  const results = [];
  const sessions = [];
  for (const threads of grid.threads.map(Number)) {
    for (const optimization of grid.opt as GraphOptimizationLevel[]) {
      const session = await ort.InferenceSession.create(bytes, {
        intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: optimization, logSeverityLevel: 3,
        extra: { session: { intra_op: { allow_spinning: '0' } } }, // as engine/runtime/modelSession.ts
      });
      for (const batch of grid.batch.map(Number)) sessions.push({ threads, optimization, batch, session, seconds: [] as number[] });
    }
  }
  // The windows of each batch size, built once (not timed).
  const chunksOf = new Map<number, Float32Array[]>();
  for (const batch of new Set(sessions.map((s) => s.batch))) {
    const chunks: Float32Array[] = [];
    for (let start = 0; start < windows; start += batch) {
      const count = Math.min(batch, windows - start);
      const x = new Float32Array(count * T * F);
      for (let b = 0; b < count; b++) x.set(features.subarray((start + b) * F, (start + b + T) * F), b * T * F);
      chunks.push(x);
    }
    chunksOf.set(batch, chunks);
  }
  const input = meta.io.input, output = meta.io.output;
  let checksum = 0;
  for (let r = 0; r < repeats; r++) {
    for (const entry of sessions) {
      const chunks = chunksOf.get(entry.batch)!;
      const started = performance.now();
      for (const x of chunks) {
        const result = await entry.session.run({ [input]: new ort.Tensor('float32', x, [x.length / (T * F), T, F]) }, [output]);
        checksum += (result[output].data as Float32Array)[0];
      }
      entry.seconds.push((performance.now() - started) / 1000);
    }
  }
  for (const entry of sessions) results.push({ threads: entry.threads, optimization: entry.optimization, batch: entry.batch, seconds: entry.seconds });
  console.log(JSON.stringify({ windows, window: T, features: F, options: results, checksum }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

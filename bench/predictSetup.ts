// The `predict` configuration of `npm run bench`: writes a long hourly series (3 inputs, one of them
// the target) and a forecast model for it (LSTM 16, window 48, horizon 1) exported by the engine, with
// its scaling prepared from the series' first rows as training would. The weights are the seeded
// initial ones: the forward costs the same whatever they are. Bundled by bench/predict.mjs.
//   node dist/bench/predictSetup.cjs --dir=DIR --rows=250000
// Writes DIR/data.csv, DIR/train.csv, DIR/config.seqlab.json, DIR/model.onnx and DIR/model.json (the
// graph's nodes and weights as JSON, for bench/pytorch_predict.py, which runs that graph in PyTorch
// without the onnx package); prints their paths as JSON.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../engine/config/load';
import { prepareData } from '../engine/data/prepare';
import { buildModel } from '../engine/model';
import { writeOnnxFile } from '../engine/onnx/export';
import { decodeModelProto, type TensorProtoObject } from '../engine/onnx/proto';
import { exportInputFromRun } from '../engine/onnx/fromPrepared';
import { createRng } from '../engine/rng';
import { setupFromConfig } from '../engine/train/setup';

const args = new Map(process.argv.slice(2).map((arg) => {
  const [key, value] = arg.split(/=(.*)/s);
  return [key, value ?? 'true'] as const;
}));
const dir = path.resolve(args.get('--dir') ?? 'dist/bench/predict');
const rows = Number(args.get('--rows') ?? 250_000);

/** Hourly rows from 2000-01-01: temperature and humidity with daily and yearly cycles, load following them. */
function writeSeries(file: string, count: number): void {
  const fd = fs.openSync(file, 'w');
  let chunk = 'time,temperature,humidity,load\n';
  const start = Date.UTC(2000, 0, 1);
  for (let t = 0; t < count; t++) {
    const day = (2 * Math.PI * t) / 24;
    const year = (2 * Math.PI * t) / (24 * 365.25);
    const temperature = 12 + 8 * Math.sin(year) + 4 * Math.sin(day) + 1.5 * Math.sin(t * 0.7713);
    const humidity = 60 - 15 * Math.sin(day + 0.5) + 5 * Math.cos(t * 0.3179);
    const load = 40 + 0.8 * temperature - 0.1 * humidity + 6 * Math.cos(day) + Math.sin(t * 1.913);
    const time = new Date(start + t * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    chunk += `${time},${temperature.toFixed(3)},${humidity.toFixed(2)},${load.toFixed(3)}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

/** The graph as plain JSON: nodes (op, inputs, outputs, integer and float attributes) and initializers. */
function graphJson(bytes: Uint8Array): object {
  const graph = decodeModelProto(bytes).graph!;
  const tensor = (t: TensorProtoObject) => {
    const raw = t.raw_data ? Buffer.from(t.raw_data) : null;
    const type = t.data_type;
    let data: number[];
    if (type === 1) data = raw ? Array.from({ length: raw.length / 4 }, (_, i) => raw.readFloatLE(4 * i)) : t.float_data ?? [];
    else if (type === 7) data = raw ? Array.from({ length: raw.length / 8 }, (_, i) => Number(raw.readBigInt64LE(8 * i))) : (t.int64_data ?? []).map(Number);
    else throw new Error(`initializer ${t.name}: data type ${type} not handled`);
    return { name: t.name, dims: (t.dims ?? []).map(Number), type: type === 1 ? 'float32' : 'int64', data };
  };
  return {
    inputs: (graph.input ?? []).map((input) => input.name),
    outputs: (graph.output ?? []).map((output) => output.name),
    nodes: (graph.node ?? []).map((node) => ({
      op: node.op_type, inputs: node.input ?? [], outputs: node.output ?? [],
      attributes: Object.fromEntries((node.attribute ?? []).map((a) => [a.name, a.ints?.length ? a.ints.map(Number) : a.floats?.length ? a.floats : a.i !== undefined ? Number(a.i) : a.f ?? (a.s ? Buffer.from(a.s).toString() : null)])),
    })),
    initializers: (graph.initializer ?? []).map(tensor),
  };
}

async function main(): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const data = path.join(dir, 'data.csv');
  const train = path.join(dir, 'train.csv');
  writeSeries(data, rows);
  writeSeries(train, 5000);
  const configFile = path.join(dir, 'config.seqlab.json');
  fs.writeFileSync(configFile, JSON.stringify({
    version: 1,
    data: {
      file: 'train.csv', task: 'forecast', window: 48, horizon: 1, season: 24,
      columns: { time: 'time', targets: ['load'], features: ['temperature', 'humidity', 'load'] },
    },
    model: { cell: 'lstm', hiddenSize: 16, layers: 1 },
    training: { epochs: 1, seed: 1 },
  }, null, 2));
  const { config } = loadConfig(configFile);
  const prepared = await prepareData(config, configFile);
  const { spec } = setupFromConfig(config, prepared);
  const model = buildModel(spec, createRng(1), { dtype: 'f32' });
  const onnx = path.join(dir, 'model.onnx');
  const bytes = writeOnnxFile(onnx, exportInputFromRun(spec, model.p, prepared, { configHash: 'bench' }));
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(graphJson(bytes)));
  if (prepared.task !== 'forecast') throw new Error('expected a forecast');
  console.log(JSON.stringify({ data, onnx, rows, inputs: prepared.inputColumns.length, window: prepared.window, hidden: spec.hiddenSize }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

// tfjs side of `npm run bench`: trains one configuration (JSON from bench/run.mjs) with
// @tensorflow/tfjs layers on the WebAssembly backend, offline (the backend's .wasm files are read from
// its own package's dist folder), and prints one JSON line: {"perSec": [...], "rssMB", "threads",
// "simd"} or {"skip": reason}. Same model, loss and optimiser as the SeqLab and PyTorch sides.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split(/=(.*)/s).slice(0, 2)));
const config = JSON.parse(args['--config']);
const seconds = Number(args['--seconds'] ?? 2);
const repeats = Number(args['--repeats'] ?? 3);
const warmup = Number(args['--warmup'] ?? 1);

async function main() {
  let tf;
  let wasm;
  try {
    tf = require('@tensorflow/tfjs');
    wasm = require('@tensorflow/tfjs-backend-wasm');
  } catch (error) {
    return { skip: `tfjs not installed: ${error.message}` };
  }
  const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
  wasm.setWasmPaths(dist);
  // One thread: the threaded build would need its pthread worker script served from a URL.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) return { skip: 'tfjs wasm backend failed to initialise' };
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');

  const { batch: B, seq: T, hidden: H, layers: L } = config;
  const text = config.task === 'text';
  const inputs = text ? config.vocab : config.features;
  const out = text ? config.vocab : config.outputs;
  const model = tf.sequential();
  // Text input is one-hot of width V (the wasm backend lacks UnsortedSegmentSum, which an Embedding's
  // gradient needs); the issue counts both as the same model, and the FLOPs are the same.
  for (let l = 0; l < L; l++) {
    const first = l === 0;
    model.add(tf.layers.lstm({ units: H, returnSequences: text || l < L - 1, ...(first ? { inputShape: [T, inputs] } : {}) }));
  }
  // tfjs-layers' sparse cross-entropy takes probabilities, so the text head ends in a softmax.
  model.add(text ? tf.layers.timeDistributed({ layer: tf.layers.dense({ units: out, activation: 'softmax' }) }) : tf.layers.dense({ units: out }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: text ? 'sparseCategoricalCrossentropy' : 'meanSquaredError' });
  const x = text ? tf.oneHot(tf.randomUniformInt([B, T], 0, inputs), inputs).toFloat() : tf.randomNormal([B, T, inputs]);
  const y = text ? tf.randomUniformInt([B, T, 1], 0, inputs).toFloat() : tf.randomNormal([B, out]);
  const step = () => model.trainOnBatch(x, y);
  const units = text ? B * T : B;
  for (let i = 0; i < warmup; i++) await step();
  const perSec = [];
  for (let r = 0; r < repeats; r++) {
    let steps = 0;
    const start = performance.now();
    let elapsed;
    do {
      await step();
      steps++;
      elapsed = (performance.now() - start) / 1000;
    } while (elapsed < seconds);
    perSec.push((units * steps) / elapsed);
  }
  return { perSec, rssMB: process.resourceUsage().maxRSS / 1024, threads: 1, simd };
}

main().then(
  (result) => console.log(JSON.stringify(result)),
  (error) => {
    console.log(JSON.stringify({ skip: `tfjs run failed: ${String(error?.message ?? error).split('\n')[0]}` }));
  },
);

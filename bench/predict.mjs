// The `predict` configuration of `npm run bench`: `seqlab predict --rolling` over a 250,000-row hourly
// series (3 inputs, window 48, LSTM 16; bench/predictSetup.ts writes it and the model), measured three
// ways on the same windows:
//   onnxruntime's own forward, windows already in memory, for each session option set (predictOrt.ts);
//   the whole process, CSV in and CSV out (`seqlab predict --rolling --out`), wall time and peak RSS;
//   PyTorch's forward of the same graph, windows already in one tensor (pytorch_predict.py), best of
//   its thread counts and batch sizes.
// Each timing is the median of three repeats, interleaved across the options.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildBenchScript } from './build.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const PYTHON = '/usr/bin/python3';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs one child; its last stdout line as JSON, or {skip}. */
function json(label, command, args, log, env = {}) {
  log(`  ${label} …`);
  const result = spawnSync(command, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 900_000, maxBuffer: 1 << 26 });
  const line = (result.stdout ?? '').trim().split('\n').filter(Boolean).pop();
  try {
    return JSON.parse(line);
  } catch {
    const why = result.error?.message ?? `exit ${result.status}: ${(result.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`;
    log(`    failed: ${why}`);
    return { skip: why };
  }
}

/**
 * `rows` rows (250,000 as the issue sets it); `haveTorch` whether /usr/bin/python3 imports torch.
 * Returns the `predict` entry of the bench's JSON.
 */
export async function predictBench({ rows = 250_000, repeats = 3, haveTorch, log }) {
  const dir = join(root, 'dist/bench/predict');
  mkdirSync(dir, { recursive: true });
  const setup = await buildBenchScript('predictSetup');
  const ortScript = await buildBenchScript('predictOrt');
  log('predict:');
  const made = json('writing the series and the model', process.execPath, [setup, `--dir=${dir}`, `--rows=${rows}`], log);
  if (made.skip) return { name: 'predict', skip: made.skip };

  // onnxruntime alone: threads × batch size × graph optimisation.
  const ort = json('onnxruntime forward, in memory', process.execPath, [ortScript, `--model=${made.onnx}`, `--data=${made.data}`, `--repeats=${repeats}`,
    '--grid=threads:1,2;batch:256,512,4096;opt:all'], log);
  const ortOptions = ort.skip ? [] : ort.options.map((o) => ({ threads: o.threads, batch: o.batch, optimization: o.optimization, seconds: round(median(o.seconds), 3), spread: [round(Math.min(...o.seconds), 3), round(Math.max(...o.seconds), 3)] }));
  const ortBest = ortOptions.reduce((a, b) => (!a || b.seconds < a.seconds ? b : a), null);
  const shippedThreads = Math.min(2, availableParallelism()); // engine/runtime/modelSession.ts
  const ortAsShipped = ortOptions.find((o) => o.threads === shippedThreads && o.batch === 256 && o.optimization === 'all') ?? null;

  // The whole process, as a user runs it.
  const whole = [];
  const rss = [];
  const out = join(dir, 'predictions.csv');
  for (let r = 0; r < repeats; r++) {
    log(`  seqlab predict --rolling, run ${r + 1} of ${repeats} …`);
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['-r', join(root, 'bench/maxrss.cjs'), join(root, 'bin/seqlab.js'), 'predict', made.onnx, made.data, '--rolling', '--out', out], { cwd: root, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) return { name: 'predict', skip: `seqlab predict failed: ${result.stderr.trim().split('\n').pop()}` };
    whole.push(seconds);
    rss.push(Number(/maxrss=(\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1024);
  }
  const lines = existsSync(out) ? readFileSync(out, 'utf8').split('\n').length - 2 : 0;

  // PyTorch's forward of the same graph over the same windows.
  let pytorch = null;
  if (haveTorch) {
    const torch = json('PyTorch forward, in memory', PYTHON, [join(root, 'bench/pytorch_predict.py'), `--model=${join(dir, 'model.json')}`, `--data=${made.data}`, '--window=48',
      '--inputs=temperature,humidity,load', `--repeats=${repeats}`, '--threads=1,2', '--batches=512,4096,32768,0'], log, { OMP_WAIT_POLICY: 'PASSIVE' });
    if (!torch.skip) {
      const options = torch.options.map((o) => ({ threads: o.threads, batch: o.batch, seconds: round(median(o.seconds), 3) }));
      pytorch = { best: options.reduce((a, b) => (!a || b.seconds < a.seconds ? b : a), null), options, first: torch.first, torch: torch.torch };
    }
  }
  const process_ = { seconds: round(median(whole), 3), spread: [round(Math.min(...whole), 3), round(Math.max(...whole), 3)], peakRssMB: Math.round(Math.max(...rss)), rows: lines };
  return {
    name: 'predict',
    windows: made.rows - made.window,
    ortForward: { best: ortBest, asShipped: ortAsShipped, options: ortOptions },
    process: process_,
    pytorch,
    ratioProcessToTorch: pytorch ? round(process_.seconds / pytorch.best.seconds, 3) : null,
    ratioProcessToOrt: ortBest ? round(process_.seconds / ortBest.seconds, 3) : null,
  };
}

export function printPredict(p) {
  console.log('\npredict --rolling  (250,000 rows, 3 inputs, window 48, LSTM 16; seconds, median of 3)');
  if (p.skip) {
    console.log(`  skipped: ${p.skip}`);
    return;
  }
  const o = p.ortForward;
  if (o.best) console.log(`  onnxruntime forward, in memory: best ${o.best.seconds} s (${o.best.threads} thread(s), batch ${o.best.batch}, ${o.best.optimization}); as predict runs it (${o.asShipped?.threads ?? '—'} thread(s), batch 256): ${o.asShipped?.seconds ?? '—'} s`);
  console.log(`  seqlab predict --rolling, whole process: ${p.process.seconds} s (${p.process.spread[0]}–${p.process.spread[1]}), peak RSS ${p.process.peakRssMB} MB, ${p.process.rows} rows`);
  if (p.pytorch) console.log(`  PyTorch forward, in memory: best ${p.pytorch.best.seconds} s (${p.pytorch.best.threads} thread(s), batch ${p.pytorch.best.batch})`);
  console.log(`  whole process / PyTorch forward: ${p.ratioProcessToTorch ?? '—'}    whole process / onnxruntime forward: ${p.ratioProcessToOrt ?? '—'}`);
}

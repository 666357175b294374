// `npm run bench`: SeqLab's training throughput against PyTorch (CPU, OpenBLAS) and tfjs (wasm
// backend) on the configurations of issues 3 and 8, and `seqlab predict --rolling` against PyTorch's
// forward (predict.mjs). Every (configuration, system, thread count) trains in its own child process,
// so peak RSS is per configuration; each child warms up, then times three repeats of at least
// --seconds each, and the median is reported.
//   npm run bench [-- --json] [--busy] [--only=F-small,F-mid,C-char,predict] [--systems=seqlab,pytorch,tfjs] [--seconds=2]
//   (for the JSON alone on stdout: `npm run -s bench -- --json`, or `node bench/run.mjs --json`)
// --busy keeps one core loaded by a plain process (a Node busy loop) for the whole run, the same for
// every system: how each does beside an editor, a language server or another run.
// SeqLab runs its SIMD kernels with 1 and 2 threads and `auto` (up to two: engine/runs/threadChoice.ts,
// as `seqlab train` and the editor run; relaxed-SIMD build with fused multiply-add where the runtime
// has it), once without FMA (baseline build), and, for F-small, the plain TS kernels.
// FLOPs are counted the same for every system: 3 × the forward matrix products,
//   3 × (Σ_layers 2·4H·(in+H)·T·B + 2·H·out·(predicted steps)·B).
// PyTorch and tfjs columns are null where /usr/bin/python3 cannot import torch or tfjs is not installed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSeqlab } from './build.mjs';
import { TRAINING_CONFIGS, flopsPerUnit } from './configs.mjs';
import { predictBench, printPredict } from './predict.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const args = Object.fromEntries(process.argv.slice(2).map((arg) => {
  const [key, value] = arg.split(/=(.*)/s);
  return [key, value ?? 'true'];
}));
const json = args['--json'] === 'true';
const seconds = Number(args['--seconds'] ?? 2);
const systems = new Set((args['--systems'] ?? 'seqlab,pytorch,tfjs').split(','));
const log = (text) => process.stderr.write(`${text}\n`);
const PYTHON = '/usr/bin/python3';

const only = args['--only'] ? args['--only'].split(',') : null;
const CONFIGS = TRAINING_CONFIGS.filter((config) => !only || only.includes(config.name));
const withPredict = !only || only.includes('predict');
const busy = args['--busy'] === 'true';
const REPEATS = 3;
/** Steps before auto's timed window: engine/runs/threadChoice.ts's warm-up and first probe. */
const AUTO_WARMUP = 22;

/** --busy: one core kept loaded by a plain process until the bench ends (however it ends). */
function startBusyCore() {
  const loop = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  const stop = () => loop.kill('SIGKILL');
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { stop(); process.exit(130); });
  return stop;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs one child; returns its JSON result, or {skip} when it failed. */
function runChild(label, command, childArgs, env = {}) {
  log(`  ${label} …`);
  const result = spawnSync(command, childArgs, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 240_000, maxBuffer: 1 << 24 });
  const line = (result.stdout ?? '').trim().split('\n').filter(Boolean).pop();
  try {
    const parsed = JSON.parse(line);
    if (parsed.skip) log(`    skipped: ${parsed.skip}`);
    return parsed;
  } catch {
    const why = result.error?.message ?? `exit ${result.status}: ${(result.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`;
    log(`    failed: ${why}`);
    return { skip: why };
  }
}

/**
 * Runs `jobs` REPEATS times in turn (every job once, then again …), each child with `timing`; returns
 * per job key its repeats merged: {perSec: [one per repeat], rssMB (largest), threads, kernels,
 * twoThreadShare and threeThreadShare (means)}, or the first {skip}.
 */
function interleaved(jobs, timing) {
  const merged = new Map();
  for (let r = 0; r < REPEATS; r++) {
    for (const { key, label, command, args: jobArgs, env } of jobs) {
      if (merged.get(key)?.skip) continue;
      const raw = runChild(`${label} (${r + 1} of ${REPEATS})`, command, [...jobArgs, ...timing], env);
      if (raw.skip || !raw.perSec?.length) {
        merged.set(key, { skip: raw.skip ?? 'no timing' });
        continue;
      }
      const into = merged.get(key) ?? { perSec: [], rssMB: 0, threads: raw.threads, kernels: raw.kernels, shares: [], threes: [] };
      into.perSec.push(...raw.perSec);
      into.rssMB = Math.max(into.rssMB, raw.rssMB);
      if (raw.twoThreadShare !== undefined) into.shares.push(raw.twoThreadShare);
      if (raw.threeThreadShare !== undefined) into.threes.push(raw.threeThreadShare);
      merged.set(key, into);
    }
  }
  for (const entry of merged.values()) {
    if (entry.shares?.length) entry.twoThreadShare = entry.shares.reduce((a, b) => a + b, 0) / entry.shares.length;
    if (entry.threes?.length) entry.threeThreadShare = entry.threes.reduce((a, b) => a + b, 0) / entry.threes.length;
  }
  return merged;
}

function summarise(config, raw) {
  if (!raw || raw.skip || !raw.perSec?.length) return null;
  const perSec = median(raw.perSec);
  return {
    perSec: round(perSec),
    gflops: round((perSec * flopsPerUnit(config)) / 1e9, 2),
    rssMB: Math.round(raw.rssMB),
    threads: raw.threads,
    spread: [round(Math.min(...raw.perSec)), round(Math.max(...raw.perSec))],
    ...(raw.kernels ? { kernels: raw.kernels } : {}),
    ...(raw.twoThreadShare !== undefined ? { twoThreadShare: round(raw.twoThreadShare, 2) } : {}),
    ...(raw.threeThreadShare !== undefined ? { threeThreadShare: round(raw.threeThreadShare, 2) } : {}),
  };
}

function round(value, digits = 1) {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The better of several thread counts (by median throughput). */
function best(entries) {
  return entries.filter(Boolean).reduce((a, b) => (b.perSec > (a?.perSec ?? -1) ? b : a), null);
}

function torchAvailable() {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
}

/**
 * The BLAS library PyTorch loads (Debian's torch calls libblas.so.3, whichever package provides it):
 * with only libblas3, the reference BLAS, PyTorch runs 5-20× slower than with OpenBLAS, no fair reference.
 */
function torchBlas() {
  const probe = "import os, torch\ntorch.ones(8, 8) @ torch.ones(8, 8)\n"
    + "print(next((os.path.realpath(line.split()[-1]) for line in open('/proc/self/maps') if 'blas' in line.split()[-1]), ''))";
  return spawnSync(PYTHON, ['-c', probe], { encoding: 'utf8' }).stdout.trim();
}

function tfjsAvailable() {
  try {
    require.resolve('@tensorflow/tfjs');
    require.resolve('@tensorflow/tfjs-backend-wasm');
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const seqlabBundle = systems.has('seqlab') ? await buildSeqlab() : null;
  const haveTorch = systems.has('pytorch') && torchAvailable();
  const haveTfjs = systems.has('tfjs') && tfjsAvailable();
  if (systems.has('pytorch') && !haveTorch) log('PyTorch: /usr/bin/python3 cannot import torch; its column is null.');
  const pytorchBlas = haveTorch ? torchBlas() : null;
  if (pytorchBlas !== null && !pytorchBlas.includes('openblas')) {
    log(`PyTorch: its BLAS is ${pytorchBlas || 'unknown'}, not OpenBLAS: install libopenblas0-pthread for a fair reference.`);
  }
  if (systems.has('tfjs') && !haveTfjs) log('tfjs: @tensorflow/tfjs or its wasm backend is not installed; its column is null.');
  const stopBusy = busy ? startBusyCore() : null;
  if (busy) log('--busy: one core kept loaded by a plain process (node -e "for (;;) {}") until the end.');
  const results = [];
  for (const config of CONFIGS) {
    log(`${config.name}:`);
    const configArg = `--config=${JSON.stringify(config)}`;
    // Every system of this configuration, each run REPEATS times in turn (system A, B, C, A, B, C …),
    // one timed window per child: a change of load on the machine falls on every system alike.
    const jobs = [];
    const job = (key, label, command, jobArgs, env = {}) => jobs.push({ key, label, command, args: jobArgs, env });
    if (seqlabBundle) {
      // Three threads on two cores: a second helper, which auto uses beside a busy process (engine/runs/threadChoice.ts).
      for (const threads of [1, 2, 3]) job(`seqlab${threads}`, `SeqLab SIMD, ${threads} thread(s)`, process.execPath, [seqlabBundle, configArg, `--threads=${threads}`]);
      // Beside a busy process: two threads that sleep at once while they wait for each other (auto's mode there
      // until three threads did better).
      if (busy) job('seqlab2sleeping', 'SeqLab SIMD, 2 threads sleeping', process.execPath, [seqlabBundle, configArg, '--threads=2', '--spin=off']);
      // What `seqlab train` and the editor run: two threads, one while a second does not help, three while a third does. Its
      // window starts after the first choice (warm-up and probe, as a run longer than a few seconds has).
      job('auto', 'SeqLab SIMD, auto threads', process.execPath, [seqlabBundle, configArg, '--threads=auto', `--warmup=${AUTO_WARMUP}`]);
      // The baseline SIMD build (no fused multiply-add): what runtimes without relaxed SIMD get.
      job('baseline', 'SeqLab baseline SIMD, 2 threads', process.execPath, [seqlabBundle, configArg, '--threads=2', '--variant=baseline']);
      // The plain-TypeScript reference kernels (issue 3's target); only where a step takes well under a second.
      if (config.name === 'F-small') job('reference', 'SeqLab reference TS kernels', process.execPath, [seqlabBundle, configArg, '--kernels=reference']);
    }
    if (haveTorch) {
      // Three beside a busy process too, as SeqLab has them there.
      for (const threads of busy ? [1, 2, 3] : [1, 2]) {
        const n = String(threads);
        job(`pytorch${threads}`, `PyTorch, ${threads} thread(s)`, PYTHON, [join(root, 'bench/pytorch_bench.py'), configArg, `--threads=${threads}`],
          { OMP_WAIT_POLICY: 'PASSIVE', OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n });
      }
    }
    if (haveTfjs) job('tfjs', 'tfjs wasm', process.execPath, [join(root, 'bench/tfjs_wasm.mjs'), configArg, '--warmup=1']);
    const measured = interleaved(jobs, [`--seconds=${seconds}`, '--repeats=1']);
    const entry = (key) => summarise(config, measured.get(key));
    const seqlab = { 1: entry('seqlab1'), 2: entry('seqlab2'), 3: entry('seqlab3'), sleeping: entry('seqlab2sleeping'), auto: entry('auto'), baseline: entry('baseline'), reference: entry('reference') };
    const pytorch = { 1: entry('pytorch1'), 2: entry('pytorch2'), 3: entry('pytorch3') };
    const tfjsWasm = haveTfjs ? entry('tfjs') : null;
    const bestSeqlab = best([seqlab[1], seqlab[2], seqlab[3], seqlab.sleeping]);
    const bestTorch = best([pytorch[1], pytorch[2], pytorch[3]]);
    results.push({
      name: config.name,
      unit: config.unit,
      flopsPerUnit: flopsPerUnit(config),
      seqlab: bestSeqlab,
      pytorch: bestTorch,
      tfjsWasm,
      ratio: bestSeqlab && bestTorch ? round(bestSeqlab.perSec / bestTorch.perSec, 3) : null,
      seqlabAuto: seqlab.auto ?? null,
      ratioAuto: seqlab.auto && bestTorch ? round(seqlab.auto.perSec / bestTorch.perSec, 3) : null,
      ratioTfjs: bestSeqlab && tfjsWasm ? round(bestSeqlab.perSec / tfjsWasm.perSec, 1) : null,
      seqlabByThreads: { 1: seqlab[1] ?? null, 2: seqlab[2] ?? null, 3: seqlab[3] ?? null, ...(busy ? { '2sleeping': seqlab.sleeping ?? null } : {}) },
      seqlabBaselineSimd: seqlab.baseline ?? null,
      seqlabReferenceKernels: seqlab.reference ?? null,
      pytorchByThreads: { 1: pytorch[1] ?? null, 2: pytorch[2] ?? null, ...(busy ? { 3: pytorch[3] ?? null } : {}) },
    });
  }
  const predict = withPredict ? await predictBench({ haveTorch, log }) : null;
  stopBusy?.();
  const machine = { cpus: cpus().length, busy, pytorchBlas, load1Before: round(loadBefore, 2), load1After: round(loadavg()[0], 2), seconds: Math.round((Date.now() - started) / 1000) };
  if (json) {
    process.stdout.write(`${JSON.stringify({ configs: results, predict, machine })}\n`);
  } else {
    printTables(results);
    if (predict) printPredict(predict);
    console.log(`\n${machine.cpus} CPUs${busy ? ', one kept busy' : ''}; 1-minute load average ${machine.load1Before} before, ${machine.load1After} after; ${machine.seconds} s in all.`
      + (pytorchBlas ? `\nPyTorch's BLAS: ${pytorchBlas}` : ''));
  }
}

function printTables(results) {
  const cell = (entry, width = 10) => (entry ? `${entry.perSec}` : '—').padStart(width);
  for (const r of results) {
    console.log(`\n${r.name}  (${r.unit}; ${(r.flopsPerUnit / 1e6).toFixed(2)} MFLOP per ${r.unit.split('/')[0]})`);
    console.log(`  ${'system'.padEnd(28)}${'throughput'.padStart(12)}${'GFLOP/s'.padStart(9)}${'peak RSS'.padStart(10)}   spread of 3 (min–max)`);
    const simdName = r.seqlabByThreads[1]?.kernels === 'simd-relaxed' ? 'SeqLab SIMD+FMA' : 'SeqLab SIMD';
    const rows = [
      [`${simdName}, 1 thread`, r.seqlabByThreads[1]],
      [`${simdName}, 2 threads`, r.seqlabByThreads[2]],
      [`${simdName}, 3 threads`, r.seqlabByThreads[3]],
      ...(r.seqlabByThreads['2sleeping'] !== undefined ? [[`${simdName}, 2 sleeping`, r.seqlabByThreads['2sleeping']]] : []),
      [`${simdName}, auto`, r.seqlabAuto],
      ['SeqLab SIMD no FMA, 2 thr.', r.seqlabBaselineSimd],
      ...(r.seqlabReferenceKernels ? [['SeqLab plain TS kernels', r.seqlabReferenceKernels]] : []),
      ['PyTorch, 1 thread', r.pytorchByThreads[1]],
      ['PyTorch, 2 threads', r.pytorchByThreads[2]],
      ...(r.pytorchByThreads[3] !== undefined ? [['PyTorch, 3 threads', r.pytorchByThreads[3]]] : []),
      ['tfjs wasm', r.tfjsWasm],
    ];
    for (const [label, entry] of rows) {
      const spread = entry ? `${entry.spread[0]}–${entry.spread[1]}` : '';
      console.log(`  ${label.padEnd(28)}${cell(entry, 12)}${(entry ? entry.gflops.toFixed(2) : '—').padStart(9)}${(entry ? `${entry.rssMB} MB` : '—').padStart(10)}   ${spread}`);
    }
    console.log(`  SeqLab / PyTorch (best of each): ${r.ratio ?? '—'}    SeqLab auto / PyTorch best: ${r.ratioAuto ?? '—'}    SeqLab / tfjs-wasm: ${r.ratioTfjs ?? '—'}`);
  }
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exit(1);
});

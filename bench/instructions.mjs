// Instructions per training step, counted by valgrind's callgrind: repeatable on a busy machine, where
// wall-clock throughput is not. For each configuration the SeqLab bench script trains (one thread,
// V8 in predictable single-threaded mode so compilation happens the same way every time) twice, with
// A and B fixed steps after the same warm-up; (I_B − I_A) / (B − A) is what one step costs, without
// start-up and compilation.
//   node bench/instructions.mjs [--only=F-small] [--steps=2,6] [--variant=relaxed|baseline] [--json]
// Needs valgrind. Slow (callgrind runs ~50× slower): F-small takes about a minute.
import { spawnSync } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { buildSeqlab } from './build.mjs';
import { TRAINING_CONFIGS, flopsPerUnit } from './configs.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => {
  const [key, value] = arg.split(/=(.*)/s);
  return [key, value ?? 'true'];
}));
const [stepsA, stepsB] = (args['--steps'] ?? '2,6').split(',').map(Number);
const variant = args['--variant'] ?? 'auto';
const configs = TRAINING_CONFIGS.filter((config) => !args['--only'] || args['--only'].split(',').includes(config.name));
const log = (text) => process.stderr.write(`${text}\n`);

/** Total instructions of one bench child under callgrind. */
function count(bundle, config, steps) {
  const result = spawnSync('valgrind', [
    '--tool=callgrind', '--callgrind-out-file=/dev/null',
    process.execPath, '--predictable', '--single-threaded', bundle,
    `--config=${JSON.stringify(config)}`, '--threads=1', `--variant=${variant}`, '--warmup=1', `--steps=${steps}`,
  ], { encoding: 'utf8', maxBuffer: 1 << 24, cwd: tmpdir() }); // V8 may write isolate logs into the cwd
  const match = /Collected\s*:\s*(\d+)/.exec(result.stderr ?? '');
  if (result.status !== 0 || !match) throw new Error(`callgrind run failed (exit ${result.status}): ${(result.stderr ?? '').split('\n').slice(-5).join(' | ')}`);
  const line = JSON.parse(result.stdout.trim().split('\n').pop());
  return { instructions: Number(match[1]), loss: line.loss, kernels: line.kernels };
}

const bundle = await buildSeqlab();
const results = [];
for (const config of configs) {
  log(`${config.name}: ${stepsA} and ${stepsB} steps under callgrind …`);
  const a = count(bundle, config, stepsA);
  const b = count(bundle, config, stepsB);
  const perStep = (b.instructions - a.instructions) / (stepsB - stepsA);
  const flops = flopsPerUnit(config) * (config.task === 'text' ? config.batch * config.seq : config.batch);
  results.push({ name: config.name, kernels: b.kernels, instructionsPerStep: Math.round(perStep), flopsPerInstruction: Number((flops / perStep).toFixed(3)), loss: b.loss });
}
if (args['--json']) {
  process.stdout.write(`${JSON.stringify({ results, load1: loadavg()[0] })}\n`);
} else {
  for (const r of results) console.log(`${r.name.padEnd(8)} ${r.kernels.padEnd(13)} ${(r.instructionsPerStep / 1e6).toFixed(2).padStart(9)} M instructions/step   ${r.flopsPerInstruction} training FLOP per instruction   loss ${r.loss}`);
}

// Where a training step's instructions go, by function, from valgrind's callgrind: V8 writes its
// JIT code map (--perf-basic-prof: /tmp/perf-<pid>.map), callgrind names JIT code by address, and this
// script puts the two together. WebAssembly functions are named from a build of the kernels with a
// name section (same code; the function indices match). Instructions count the same on a busy machine.
//   node bench/callgrindProfile.mjs [--only=F-small] [--steps=2,6] [--variant=relaxed|baseline] [--top=25]
// Prints, per configuration, instructions per step (difference of the two step counts) by function.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSeqlab } from './build.mjs';
import { TRAINING_CONFIGS } from './configs.mjs';
import { wasmFunctionNames } from './wasmNames.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => {
  const [key, value] = arg.split(/=(.*)/s);
  return [key, value ?? 'true'];
}));
const [stepsA, stepsB] = (args['--steps'] ?? '2,6').split(',').map(Number);
const variant = args['--variant'] ?? 'auto';
const top = Number(args['--top'] ?? 25);
const configs = TRAINING_CONFIGS.filter((config) => !args['--only'] || args['--only'].split(',').includes(config.name));
const log = (text) => process.stderr.write(`${text}\n`);

/** Self instructions per function name for one run. */
function profile(bundle, config, steps, names) {
  const out = join(tmpdir(), `seqlab-cg-${process.pid}-${steps}.out`);
  const result = spawnSync('valgrind', [
    '--tool=callgrind', `--callgrind-out-file=${out}`, '--compress-strings=no', '--compress-pos=no',
    process.execPath, '--predictable', '--single-threaded', '--perf-basic-prof', bundle,
    `--config=${JSON.stringify(config)}`, '--threads=1', `--variant=${variant}`, '--warmup=1', `--steps=${steps}`,
  ], { encoding: 'utf8', maxBuffer: 1 << 24, cwd: tmpdir() }); // V8 may write isolate logs into the cwd
  const pid = /==(\d+)==/.exec(result.stderr ?? '')?.[1];
  if (result.status !== 0 || !pid || !existsSync(out)) throw new Error(`callgrind run failed (exit ${result.status}): ${(result.stderr ?? '').split('\n').slice(-5).join(' | ')}`);
  const mapFile = `/tmp/perf-${pid}.map`;
  const ranges = readFileSync(mapFile, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [start, size, ...rest] = line.split(' ');
    return { start: parseInt(start, 16), end: parseInt(start, 16) + parseInt(size, 16), name: rest.join(' ') };
  }).sort((a, b) => a.start - b.start);
  const nameAt = (address) => {
    let lo = 0, hi = ranges.length - 1, found = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid].start <= address) { found = ranges[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    return found && address < found.end ? found.name : null;
  };
  const self = new Map();
  let fn = '';
  let object = '';
  let skipNext = false;
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    if (line.startsWith('ob=')) object = line.slice(3);
    else if (line.startsWith('fn=')) fn = line.slice(3);
    else if (line.startsWith('calls=')) skipNext = true;
    else if (/^[0-9+\-*]/.test(line)) {
      if (skipNext) { skipNext = false; continue; }
      const parts = line.split(' ');
      const cost = Number(parts[parts.length - 1]);
      if (!Number.isFinite(cost)) continue;
      self.set(`${object}\u0000${fn}`, (self.get(`${object}\u0000${fn}`) ?? 0) + cost);
    }
  }
  rmSync(out, { force: true });
  rmSync(mapFile, { force: true });
  // Calls between WebAssembly functions go through V8's jump table (one 5-byte slot per function, 12
  // slots per 64-byte line, at the start of the module's code space), and callgrind names the code it
  // reaches by the slot's address: a slot's index is the function's.
  const wasmCode = ranges.filter((range) => /wasm-function\[/.test(range.name)).map((range) => range.start);
  const jumpTable = wasmCode.length ? Math.min(...wasmCode) - (Math.min(...wasmCode) % 4096) : -1;
  const slotName = (address) => {
    const offset = address - jumpTable;
    if (jumpTable < 0 || offset < 0 || offset >= 4096 || (offset % 64) % 5 !== 0) return null;
    const index = Math.floor(offset / 64) * 12 + (offset % 64) / 5;
    return names.has(index) ? `wasm ${names.get(index)}` : null;
  };
  const byName = new Map();
  for (const [key, cost] of self) {
    const [ob, name] = key.split('\u0000');
    let label;
    if (/^0x[0-9a-f]+$/i.test(name)) {
      const address = parseInt(name, 16);
      const jit = nameAt(address);
      label = jit ? cleanJitName(jit, names) : slotName(address) ?? 'JIT code (unmapped)';
    } else if (ob.includes('node')) label = `node: ${name.split('(')[0]}`;
    else label = `${ob.split('/').pop()}: ${name.split('(')[0]}`;
    byName.set(label, (byName.get(label) ?? 0) + cost);
  }
  return byName;
}

function cleanJitName(name, names) {
  const wasm = /wasm-function\[(\d+)\]/.exec(name);
  if (wasm) return `wasm ${names.get(Number(wasm[1])) ?? `function ${wasm[1]}`}`;
  return name.replace(/^JS:[~^*]?/, 'JS ').replace(/ \/\S+\/(\S+:\d+:\d+)$/, ' ($1)').replace(/^Builtin:/, 'V8 builtin ');
}

const bundle = await buildSeqlab();
const names = await wasmFunctionNames(variant);
for (const config of configs) {
  log(`${config.name}: ${stepsA} and ${stepsB} steps under callgrind …`);
  const a = profile(bundle, config, stepsA, names);
  const b = profile(bundle, config, stepsB, names);
  const rows = [...new Set([...a.keys(), ...b.keys()])].map((name) => [name, ((b.get(name) ?? 0) - (a.get(name) ?? 0)) / (stepsB - stepsA)]);
  const total = rows.reduce((sum, [, cost]) => sum + cost, 0);
  rows.sort((x, y) => y[1] - x[1]);
  console.log(`\n${config.name}: ${(total / 1e6).toFixed(2)} M instructions per step (self, by function)`);
  for (const [name, cost] of rows.slice(0, top)) {
    console.log(`  ${(cost / 1e6).toFixed(2).padStart(8)} M  ${((100 * cost) / total).toFixed(1).padStart(5)} %  ${name}`);
  }
}

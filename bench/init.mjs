// `npm run bench:init`: how long `seqlab init` takes on long CSV files, whole process (node start,
// reading, column typing, time parsing, roles, series, season detection, sizing, the config written).
// The files are generated in a temp folder (deleted afterwards), each timed --repeats times in a fresh
// process; the best and the median wall time are reported with rows/s, the best CPU time (user + system,
// read by the child at exit), and the machine's load average before and after. Other work on the
// machine slows the wall time most: quote the best of a quiet run, with the CPU time beside it.
//   npm run bench:init [-- --rows=1000000] [--repeats=3] [--only=one-column,iso-hourly] [--json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = Object.fromEntries(process.argv.slice(2).map((arg) => {
  const [key, value] = arg.split(/=(.*)/s);
  return [key, value ?? 'true'];
}));
const rows = Number(args['--rows'] ?? 1_000_000);
const repeats = Number(args['--repeats'] ?? 3);
const json = args['--json'] === 'true';
const log = (text) => process.stderr.write(`${text}\n`);

// A deterministic generator (no Math.random: the same files every run).
function lcg(seed) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}
const pad = (n) => String(n).padStart(2, '0');
const HOUR = 3_600_000;
const START = Date.UTC(1900, 0, 1);

const FILES = [
  { name: 'one-column', what: 'one numeric column, no time', header: 'value', row: (i, r) => (Math.sin(i / 7) * 10 + r() * 3).toFixed(3) },
  {
    name: 'iso-hourly', what: 'ISO date-time + 4 numeric columns, hourly', header: 'date,temp,rain,wind,value',
    row: (i, r) => `${new Date(START + i * HOUR).toISOString().slice(0, 19).replace('T', ' ')},${(r() * 30).toFixed(2)},${(r() * 5).toFixed(2)},${(r() * 20).toFixed(1)},${(Math.sin(i / 24) * 10 + r()).toFixed(3)}`,
  },
  {
    name: 'us-hourly', what: 'MM/DD/YYYY hh:mm + 4 numeric columns, hourly', header: 'date,temp,rain,wind,value',
    row: (i, r) => {
      const d = new Date(START + i * HOUR);
      return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:00,${(r() * 30).toFixed(2)},${(r() * 5).toFixed(2)},${(r() * 20).toFixed(1)},${(Math.sin(i / 24) * 10 + r()).toFixed(3)}`;
    },
  },
].filter((file) => !args['--only'] || args['--only'].split(',').includes(file.name));

function generate(dir, file) {
  const r = lcg(7);
  const lines = [file.header];
  for (let i = 0; i < rows; i++) lines.push(file.row(i, r));
  const path = join(dir, `${file.name}.csv`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** One `seqlab init` in a fresh process: wall seconds, and the CPU seconds (user + system) the process
 *  reports at exit, which other work on the machine inflates far less than the wall time. */
function timeInit(csv, dir) {
  const cpuFile = join(dir, 'cpu.json');
  const preload = join(dir, 'cpu-at-exit.cjs');
  writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(cpuFile)}, JSON.stringify(process.cpuUsage())));\n`);
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', preload, join(root, 'bin/seqlab.js'), 'init', csv, '--out', join(dir, 'bench.seqlab.json'), '--force'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`seqlab init ${csv} failed (${result.status}): ${result.stderr}`);
  const { user, system } = JSON.parse(readFileSync(cpuFile, 'utf8'));
  return { wall, cpu: (user + system) / 1e6 };
}

const build = spawnSync(process.execPath, [join(root, 'esbuild.js')], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr}`);
const dir = mkdtempSync(join(tmpdir(), 'seqlab-bench-init-'));
const loadBefore = loadavg()[0];
const results = [];
try {
  for (const file of FILES) {
    log(`${file.name}: writing ${rows.toLocaleString('en-US')} rows …`);
    const csv = generate(dir, file);
    const runs = Array.from({ length: repeats }, () => timeInit(csv, dir));
    const walls = runs.map((run) => run.wall).sort((a, b) => a - b);
    const cpus = runs.map((run) => run.cpu).sort((a, b) => a - b);
    const best = walls[0];
    results.push({
      name: file.name, what: file.what, rows, megabytes: +(statSync(csv).size / 1e6).toFixed(1),
      best: +best.toFixed(3), median: +walls[Math.floor(walls.length / 2)].toFixed(3), cpuBest: +cpus[0].toFixed(3),
      rowsPerSecond: Math.round(rows / best), rowsPerCpuSecond: Math.round(rows / cpus[0]),
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const machine = { loadBefore: +loadBefore.toFixed(2), loadAfter: +loadavg()[0].toFixed(2), node: process.version };
if (json) {
  process.stdout.write(JSON.stringify({ results, machine }) + '\n');
} else {
  console.log(`seqlab init, whole process, best and median of ${repeats} (load average ${machine.loadBefore} before, ${machine.loadAfter} after)`);
  console.log('| file | rows | MB | wall, best | wall, median | CPU, best | rows/s (wall) | rows per CPU second |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.name}: ${r.what} | ${r.rows.toLocaleString('en-US')} | ${r.megabytes} | ${r.best} s | ${r.median} s | ${r.cpuBest} s | ${r.rowsPerSecond.toLocaleString('en-US')} | ${r.rowsPerCpuSecond.toLocaleString('en-US')} |`);
}

#!/usr/bin/env node
// `npm test`: every layer of SeqLab's tests in order — type-check, lint, build, unit (vitest), ONNX's
// own checker on the exports, PyTorch interop (train.py, torchrun), the VS Code integration suite inside a real extension host, the browser end-to-end suite, the packaged VSIX's journey — each ending
// with its own `N passed, N failed` line, then one line summing them all. Exit status 0 only if
// every step passed. A step that crashes before printing its count counts as one failure.
//   node scripts/test-all.mjs [--only unit,vscode,...]
import { spawn } from 'node:child_process';

const STEPS = [
  { name: 'types', script: 'check-types', counted: false },
  { name: 'lint', script: 'lint', counted: false },
  { name: 'build', script: 'build', counted: false },
  { name: 'unit', script: 'test:unit', counted: true },
  { name: 'onnx', script: 'test:onnx-checker', counted: true },
  { name: 'pytorch', script: 'test:pytorch', counted: true },
  { name: 'vscode', script: 'test:vscode', counted: true },
  { name: 'e2e', script: 'test:e2e', counted: true },
  { name: 'vsix', script: 'test:vsix', counted: true },
];

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : null;
const COUNT_LINE = /^\s*(\d+) passed, (\d+) failed\s*$/;
const COLOUR_CODES = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function run(script) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last = null;
    const scan = (stream, sink) => {
      let pending = '';
      stream.on('data', (chunk) => {
        sink.write(chunk);
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop();
        for (const line of lines) {
          const match = COUNT_LINE.exec(line.replace(COLOUR_CODES, ''));
          if (match) last = { passed: Number(match[1]), failed: Number(match[2]) };
        }
      });
    };
    scan(child.stdout, process.stdout);
    scan(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, counts: last }));
  });
}

const totals = { passed: 0, failed: 0 };
const report = [];
for (const step of STEPS) {
  if (only && !only.includes(step.name)) continue;
  const started = Date.now();
  console.log(`\n=== ${step.name} (npm run ${step.script}) ===`);
  const { code, counts } = await run(step.script);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  let passed;
  let failed;
  if (step.counted && counts) {
    ({ passed, failed } = counts);
    if (code !== 0 && failed === 0) failed = 1; // exited badly after printing a clean count
  } else {
    passed = code === 0 ? 1 : 0;
    failed = code === 0 ? 0 : 1;
  }
  totals.passed += passed;
  totals.failed += failed;
  report.push(`  ${step.name.padEnd(7)} ${String(passed).padStart(4)} passed, ${failed} failed  (${seconds}s)`);
}
console.log(`\n=== summary ===\n${report.join('\n')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);

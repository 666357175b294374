// The real, bundled CLI in child processes. The hostile corpus: `seqlab inspect` and `seqlab predict`
// on every file end with a message and exit code 1 (inspect may also accept a valid file without SeqLab
// metadata), never a crash, a signal, an internal error (exit 2) or a stack trace. And a machine
// without onnxruntime-node: predict says so plainly; inspect keeps working.
// The bundle is built here with the same esbuild options as esbuild.js's cli entry.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, expect, test } from 'vitest';
import * as esbuild from 'esbuild';

const ROOT = path.join(__dirname, '../../..');
const OUT = path.join(ROOT, 'test/artifacts/onnx-cli');
const HOSTILE = path.join(ROOT, 'test/fixtures/onnx/hostile');
const CSV = path.join(OUT, 'input.csv');

/** Runs `seqlab <command> <file> [...rest]` for every file in one child process, one JSON line per file. */
const RUNNER = `
const { main } = require('./cli.js');
(async () => {
  const [command, dir, ...rest] = process.argv.slice(2);
  for (const name of require('fs').readdirSync(dir).sort()) {
    const err = [];
    const context = { out: () => {}, err: (t) => err.push(t), interrupted: new AbortController().signal, isTTY: false };
    const code = await main([command, require('path').join(dir, name), ...rest], context);
    process.stdout.write(JSON.stringify({ name, code, err: err.join('\\n') }) + '\\n');
  }
})();
`;

beforeAll(async () => {
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'engine/cli/main.ts')], outfile: path.join(OUT, 'cli.js'), bundle: true, format: 'cjs', target: 'node20',
    platform: 'node', external: ['onnxruntime-node', 'onnxruntime-common', 'vscode'], logLevel: 'warning',
  });
  fs.writeFileSync(path.join(OUT, 'runner.js'), RUNNER);
  fs.writeFileSync(CSV, ['date,temp,rain,co2', ...Array.from({ length: 12 }, (_, i) => `2020-${String(i + 1).padStart(2, '0')},${10 + i},${i % 3},${400 + i}`)].join('\n') + '\n');
}, 120_000);

function runAll(command: string, ...rest: string[]): { name: string; code: number; err: string }[] {
  const result = spawnSync(process.execPath, [path.join(OUT, 'runner.js'), command, HOSTILE, ...rest], {
    cwd: OUT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
  });
  expect(result.signal, result.stderr).toBeNull();
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim().split('\n').map((line) => JSON.parse(line));
}

test('seqlab predict: every hostile file is refused with exit 1 and a one-line reason', () => {
  const results = runAll('predict', CSV);
  expect(results).toHaveLength(fs.readdirSync(HOSTILE).length);
  for (const { name, code, err } of results) {
    expect([name, code]).toEqual([name, 1]);
    expect(err).toMatch(new RegExp(`^seqlab predict: .*${name.replace(/\./g, '\\.')}: `));
    expect(err).not.toMatch(/internal error|\n\s+at /);
  }
});

test('seqlab inspect: exit 1 with a reason, or 0 for files that are valid ONNX (no SeqLab metadata needed)', () => {
  const results = runAll('inspect');
  const accepted = results.filter((r) => r.code === 0).map((r) => r.name);
  expect(accepted.sort()).toEqual(['39-no-seqlab-metadata.onnx', '46-head-shape-mismatch.onnx']);
  for (const { code, err } of results.filter((r) => r.code !== 0)) {
    expect(code).toBe(1);
    expect(err).not.toMatch(/internal error|\n\s+at /);
  }
});

test('without onnxruntime-node: predict fails with UNAVAILABLE and a plain reason; inspect still works', () => {
  // A copy of the bundle outside the repository cannot resolve onnxruntime-node, as on a platform it has no binary for.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-no-ort-'));
  fs.copyFileSync(path.join(OUT, 'cli.js'), path.join(dir, 'cli.js'));
  fs.writeFileSync(path.join(dir, 'seqlab.js'), "require('./cli.js').runFromProcess();\n");
  const model = path.join(ROOT, 'test/fixtures/onnx/exports/forecast-lstm-relative-2l.onnx');
  const env = { ...process.env, NODE_PATH: '' };
  const predict = spawnSync(process.execPath, [path.join(dir, 'seqlab.js'), 'predict', model, CSV], { cwd: dir, encoding: 'utf8', env, timeout: 60_000 });
  expect(predict.status).toBe(2);
  expect(predict.stderr).toMatch(/^seqlab predict: onnxruntime-node cannot be loaded on \w+-\w+: /);
  expect(predict.stderr).toMatch(/hint: prediction needs onnxruntime-node for this platform/);
  const inspect = spawnSync(process.execPath, [path.join(dir, 'seqlab.js'), 'inspect', model], { cwd: dir, encoding: 'utf8', env, timeout: 60_000 });
  expect(inspect.status, inspect.stderr).toBe(0);
  expect(inspect.stdout).toMatch(/SeqLab forecast model/);
  fs.rmSync(dir, { recursive: true });
});

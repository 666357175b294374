// The extension's child-process runner (extension/predict/cliProcess.ts) with the real bundled CLI:
// exit codes and output come back whatever they are; the CLI's message is extracted without its
// prefix; Cancel kills the child and settles only once it is gone; a child that dies from a signal (a
// crash in native code) is an error, not a hang.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { beforeAll, expect, test } from 'vitest';
import { CliCancelled, cliMessage, runSeqlab } from '../../../extension/predict/cliProcess';

const ROOT = path.join(__dirname, '../../..');
// Inside the repository, so that the bundle finds onnxruntime-node in its node_modules.
const OUT = path.join(ROOT, 'test/artifacts/extension-cli');
const SCRIPT = path.join(OUT, 'bin', 'seqlab.js');
const TEXT_MODEL = path.join(ROOT, 'test/fixtures/onnx/exports/text-gru-1l.onnx');

beforeAll(async () => {
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'engine/cli/main.ts')], outfile: path.join(OUT, 'dist', 'cli.js'), bundle: true, format: 'cjs', target: 'node20',
    platform: 'node', external: ['onnxruntime-node', 'onnxruntime-common', 'vscode'], logLevel: 'warning',
  });
  fs.mkdirSync(path.dirname(SCRIPT), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'bin', 'seqlab.js'), SCRIPT); // the extension runs its bin/seqlab.js
}, 120_000);

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('resolves with the exit code and output of a command that succeeds or fails', async () => {
  const version = await runSeqlab(SCRIPT, ['--version']);
  expect(version).toEqual({ code: 0, stdout: `${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`, stderr: '' });
  const missing = await runSeqlab(SCRIPT, ['predict', path.join(OUT, 'nothing.onnx'), path.join(OUT, 'nothing.csv')]);
  expect(missing.code).toBe(1);
  expect(cliMessage(missing, 'predict')).toBe(`${path.join(OUT, 'nothing.onnx')}: cannot read the model: no such file`);
});

test("cliMessage keeps the CLI's hint and drops the prefix and the --debug advice", () => {
  const stderr = 'seqlab predict: data.csv: column "load" is missing; the model needs it (a numeric input)\n  hint: the model reads columns "load" by name\n';
  expect(cliMessage({ code: 1, stdout: '', stderr }, 'predict')).toBe('data.csv: column "load" is missing; the model needs it (a numeric input) hint: the model reads columns "load" by name');
  expect(cliMessage({ code: 2, stdout: '', stderr: 'seqlab predict: internal error: boom\nRun again with --debug for the stack trace, and please report it.\n' }, 'predict')).toBe('internal error: boom');
  expect(cliMessage({ code: 2, stdout: '', stderr: '' }, 'sample')).toBe('seqlab sample failed (exit code 2)');
});

test('Cancel kills the child and settles once it has exited', async () => {
  // A child that would never end by itself (a stalled model): only the kill can settle the promise.
  const stalled = path.join(OUT, 'stalled.js');
  fs.writeFileSync(stalled, 'setInterval(() => undefined, 1000);\n');
  for (const [script, args] of [[stalled, ['predict']], [SCRIPT, ['sample', TEXT_MODEL, '--length', '100000']]] as const) {
    const controller = new AbortController();
    let pid = 0;
    const running = runSeqlab(script, args, { signal: controller.signal, onSpawn: (id) => (pid = id) });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pid).toBeGreaterThan(0);
    expect(isRunning(pid)).toBe(true);
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(CliCancelled);
    expect(isRunning(pid)).toBe(false);
  }
}, 20_000);

test('an already cancelled signal starts nothing', async () => {
  const controller = new AbortController();
  controller.abort();
  let spawned = false;
  await expect(runSeqlab(SCRIPT, ['--version'], { signal: controller.signal, onSpawn: () => (spawned = true) })).rejects.toBeInstanceOf(CliCancelled);
  expect(spawned).toBe(false);
});

test('a child killed by a signal (a native crash) is an error naming the signal', async () => {
  const crash = path.join(OUT, 'crash.js');
  fs.writeFileSync(crash, "process.stderr.write('about to crash\\n'); process.kill(process.pid, 'SIGSEGV');\n");
  await expect(runSeqlab(crash, ['predict'])).rejects.toThrow(/seqlab predict stopped by SIGSEGV: about to crash/);
});

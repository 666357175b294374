// The editor's side of `seqlab explain` with the real bundled CLI in child processes (as the extension runs
// it): reports cached per run, version, split and window; a new request, Cancel or a closed panel kills the
// child; children run at the lowest priority; the panel answers only about its own runs; the diagnostics
// queue computes each run once per version and tells who asked.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticsQueue } from '../../../extension/explain/diagnosticsQueue';
import { lowPriorityCli, parseDiagnostics, parseExplainReport, runVersion, type CliRunner } from '../../../extension/explain/explainCli';
import { ExplainJobs } from '../../../extension/explain/explainJobs';
import { PanelExplain } from '../../../extension/explain/panelExplain';
import type { DiagnosticsResult, HostToWebview } from '../../../webview/protocol';
import { EXIT } from '../../../engine/cli/command';
import { seqlab } from '../onnx/cli';
import { tempDir, writeConfig, writeForecastData } from '../helpers/tinyRuns';

const ROOT = path.join(__dirname, '../../..');
const OUT = path.join(ROOT, 'test/artifacts/extension-explain-cli');
const SCRIPT = path.join(OUT, 'bin', 'seqlab.js');
let runDir = '';

beforeAll(async () => {
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'engine/cli/main.ts')], outfile: path.join(OUT, 'dist', 'cli.js'), bundle: true, format: 'cjs', target: 'node20',
    platform: 'node', external: ['onnxruntime-node', 'onnxruntime-common', 'vscode'], logLevel: 'warning',
  });
  fs.mkdirSync(path.dirname(SCRIPT), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'bin', 'seqlab.js'), SCRIPT);
  const dir = tempDir('seqlab-explain-jobs-');
  const config = writeConfig(dir, 'series', { file: writeForecastData(dir), task: 'forecast', window: 12 });
  runDir = path.join(dir, 'run');
  const trained = await seqlab(['train', config, '--run-dir', runDir]);
  expect(trained.code, trained.err).toBe(EXIT.ok);
}, 180_000);

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The real CLI, recording each child's pid and arguments. */
function recordingCli(): { run: CliRunner; pids: number[]; calls: string[][] } {
  const pids: number[] = [];
  const calls: string[][] = [];
  const cli = lowPriorityCli(SCRIPT, (pid) => pids.push(pid));
  return { pids, calls, run: (args, signal) => (calls.push([...args]), cli(args, signal)) };
}

describe('ExplainJobs', () => {
  it('explains a window in a child process once, then answers from the cache (the last window also by its number)', async () => {
    const cli = recordingCli();
    const jobs = new ExplainJobs(cli.run);
    const job = { runDir, version: runVersion(runDir), split: 'validation' as const, index: null };
    const first = await jobs.explain(job);
    expect(first.status).toBe('done');
    if (first.status !== 'done') return;
    expect(first.cached).toBe(false);
    expect(first.report.format).toBe('seqlab-explain/1');
    expect(first.report.index).toBe(first.report.windowLabels.length - 1);
    expect(first.bytes).toBeGreaterThan(1000);
    const again = await jobs.explain(job);
    const byNumber = await jobs.explain({ ...job, index: first.report.index });
    expect([again.status === 'done' && again.cached, byNumber.status === 'done' && byNumber.cached]).toEqual([true, true]);
    expect(cli.calls).toEqual([['explain', runDir, '--json', '--split', 'val']]);
    // Another split and window, and a new version of the run (a new best epoch), are computed afresh.
    const test = await jobs.explain({ ...job, split: 'test', index: 2 });
    expect(test.status === 'done' && [test.report.split, test.report.index]).toEqual(['test', 2]);
    await jobs.explain({ ...job, version: `${job.version}+` });
    expect(cli.calls.slice(1)).toEqual([['explain', runDir, '--json', '--split', 'test', '--index', '2'], ['explain', runDir, '--json', '--split', 'val']]);
    expect(jobs.cacheSize.reports).toBe(3);
  });

  it('runs its children at the lowest priority', async () => {
    const priorities: number[] = [];
    const cli = lowPriorityCli(SCRIPT, (pid) => {
      try {
        priorities.push(os.getPriority(pid));
      } catch {
        // exited already
      }
    });
    const jobs = new ExplainJobs(cli);
    await jobs.explain({ runDir, version: 'priority', split: 'validation', index: 0 });
    expect(priorities).toEqual([os.constants.priority.PRIORITY_LOW]);
  });

  it('a new request, Cancel or dispose kills the child computing the previous one', async () => {
    const cli = recordingCli();
    const jobs = new ExplainJobs(cli.run);
    const job = { runDir, version: 'cancel', split: 'validation' as const, index: 1 };
    const superseded = jobs.explain(job);
    await waitFor(() => cli.pids.length === 1);
    const next = jobs.explain({ ...job, index: 2 });
    expect(await superseded).toEqual({ status: 'cancelled' });
    expect(isRunning(cli.pids[0])).toBe(false);
    expect((await next).status).toBe('done');

    const cancelled = jobs.explain({ ...job, index: 3 });
    await waitFor(() => cli.pids.length === 3);
    expect(jobs.busy).toBe(true);
    expect(jobs.cancel()).toBe(true);
    expect(await cancelled).toEqual({ status: 'cancelled' });
    expect(isRunning(cli.pids[2])).toBe(false);

    const disposed = jobs.explain({ ...job, index: 4 });
    await waitFor(() => cli.pids.length === 4);
    jobs.dispose();
    expect(await disposed).toEqual({ status: 'cancelled' });
    expect(isRunning(cli.pids[3])).toBe(false);
    expect(jobs.cancel()).toBe(false);
  });

  it('a window outside the split fails with the CLI’s own message, and is not cached', async () => {
    const cli = recordingCli();
    const jobs = new ExplainJobs(cli.run);
    const job = { runDir, version: 'bad', split: 'validation' as const, index: 99_999 };
    const result = await jobs.explain(job);
    expect(result.status).toBe('failed');
    expect(result.status === 'failed' && result.message).toMatch(/^--index 99999 is outside the validation split, which has \d+ window\(s\) hint: Choose --index 0 to \d+\.$/);
    await jobs.explain(job);
    expect(cli.calls).toHaveLength(2);
  });

  it('keeps reports within its byte budget, dropping the least recently used', async () => {
    const cli = recordingCli();
    const probe = await new ExplainJobs(cli.run).explain({ runDir, version: 'budget', split: 'validation', index: 0 });
    const size = probe.status === 'done' ? probe.bytes : 0;
    const jobs = new ExplainJobs(cli.run, Math.floor(size * 2.5));
    const at = (index: number) => ({ runDir, version: 'budget', split: 'validation' as const, index });
    for (const index of [0, 1, 0, 2]) await jobs.explain(at(index)); // 0 used again: 1 is the oldest when 2 comes
    expect(jobs.cacheSize.reports).toBe(2);
    const calls = cli.calls.length;
    expect((await jobs.explain(at(0))).status === 'done').toBe(true);
    expect(cli.calls.length).toBe(calls); // still cached
    await jobs.explain(at(1));
    expect(cli.calls.length).toBe(calls + 1); // dropped, computed again
  });
});

describe('DiagnosticsQueue', () => {
  it('computes a run’s diagnostics once per version, says when they change, and recomputes a new version', async () => {
    const cli = recordingCli();
    const changed: string[] = [];
    const queue = new DiagnosticsQueue(cli.run, (dir) => changed.push(dir));
    const version = runVersion(runDir);
    expect(queue.request(runDir, version)).toEqual({ status: 'computing' });
    expect(queue.request(runDir, version)).toEqual({ status: 'computing' });
    await waitFor(() => changed.length === 1);
    const done = queue.request(runDir, version) as Extract<DiagnosticsResult, { status: 'done' }>;
    expect(done.status).toBe('done');
    expect(done.diagnostics.map((d) => d.id).sort()).toEqual(['collapse', 'lag-trap', 'leakage-duplicates', 'leakage-feature', 'overfit', 'underfit']);
    expect(cli.calls).toEqual([['explain', runDir, '--diagnostics', '--json']]);
    expect(queue.peek(runDir, 'another')).toBeUndefined();
    queue.request(runDir, 'another');
    await waitFor(() => changed.length === 2);
    expect(cli.calls).toHaveLength(2);
    queue.dispose();
  });

  it('runs one child at a time, an urgent request first; a failure is an answer with the CLI’s message', async () => {
    const cli = recordingCli();
    const changed: string[] = [];
    const queue = new DiagnosticsQueue(cli.run, (dir) => changed.push(dir));
    const missing = path.join(path.dirname(runDir), 'no-such-run');
    queue.request(runDir, 'a');
    queue.request(missing, 'a');
    queue.request(`${runDir}/.`, 'a', true); // the same folder under another name: a separate entry, asked urgently
    await waitFor(() => changed.length === 3);
    expect(cli.calls.map((args) => args[1])).toEqual([runDir, `${runDir}/.`, missing]);
    const failed = queue.peek(missing, 'a');
    expect(failed?.status === 'failed' && failed.message).toMatch(/not a SeqLab run folder/);
    queue.dispose();
  });
});

describe('PanelExplain', () => {
  it('answers computing then the report for its own runs only; diagnostics for ended runs; dispose kills the child', async () => {
    const posted: HostToWebview[] = [];
    const cli = recordingCli();
    const changes = new Set<(dir: string) => void>();
    const queue = new DiagnosticsQueue(cli.run, (dir) => changes.forEach((listener) => listener(dir)));
    const diagnostics = {
      request: (dir: string, urgent: boolean) => queue.request(dir, runVersion(dir), urgent),
      onDidChange: (listener: (dir: string) => void) => (changes.add(listener), { dispose: () => changes.delete(listener) }),
    };
    const runs: Record<string, { runDir: string; ended: boolean }> = { mine: { runDir, ended: true }, training: { runDir, ended: false } };
    const warnings: string[] = [];
    const panel = new PanelExplain({ post: (m) => posted.push(m), run: (id) => runs[id], log: { info: () => undefined, warn: (m) => warnings.push(m) } }, cli.run, diagnostics);

    await panel.explain('mine', 'validation', 0);
    expect(posted.map((m) => m.type === 'explanation' && [m.runId, m.index, m.result.status])).toEqual([['mine', 0, 'computing'], ['mine', 0, 'done']]);
    await panel.explain('someone-else', 'validation', 0);
    expect(posted.at(-1)).toEqual({ type: 'explanation', runId: 'someone-else', split: 'validation', index: 0, result: { status: 'failed', message: 'This run is no longer there.' } });
    expect(warnings).toEqual(['explain: the panel has no run someone-else']);
    expect(cli.calls).toHaveLength(1);

    posted.length = 0;
    panel.diagnose('training');
    panel.diagnose('mine');
    expect(posted).toEqual([
      { type: 'diagnostics', runId: 'training', result: { status: 'failed', message: 'The run has not ended yet.' } },
      { type: 'diagnostics', runId: 'mine', result: { status: 'computing' } },
    ]);
    await waitFor(() => posted.length === 3);
    expect(posted[2].type === 'diagnostics' && posted[2].result.status).toBe('done');

    const pending = panel.explain('mine', 'test', 1);
    await waitFor(() => cli.pids.length === 3);
    panel.dispose();
    await pending;
    expect(posted.at(-1)).toMatchObject({ type: 'explanation', index: 1, result: { status: 'cancelled' } });
    expect(isRunning(cli.pids[2])).toBe(false);
    expect(changes.size).toBe(0);
    queue.dispose();
  });
});

describe('parsing the CLI’s JSON', () => {
  it('refuses what is not a report of the right format', () => {
    expect(parseExplainReport('not json')).toBeNull();
    expect(parseExplainReport('{"format":"seqlab-explain/2"}')).toBeNull();
    expect(parseExplainReport('{"format":"seqlab-explain/1","run":{}}')).toBeNull();
    expect(parseDiagnostics('{"format":"seqlab-diagnostics/1","split":"validation","diagnostics":[{"id":"x"}]}')).toBeNull();
    expect(parseDiagnostics('{"format":"seqlab-diagnostics/1","split":"validation","diagnostics":[]}')).toEqual([]);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

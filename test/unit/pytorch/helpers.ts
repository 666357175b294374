// Running the exported train.py with Debian's PyTorch (/usr/bin/python3, python3-torch 1.13) from tests.
// `npm test` installs python3-torch and python3-numpy first when they are missing (scripts/test-pytorch.sh);
// without them these tests fail with a message saying so, rather than passing without running.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import type { TrainingEvent } from '../../../engine/train/events';

export const PYTHON = process.env.SEQLAB_PYTHON ?? '/usr/bin/python3';

let checked = false;

/** Fails (once, clearly) when PyTorch or NumPy cannot be imported. */
export function requireTorch(): void {
  if (checked) return;
  try {
    execFileSync(PYTHON, ['-c', 'import torch, numpy, torch.distributed as d; assert d.is_gloo_available()'], { stdio: 'pipe' });
  } catch {
    throw new Error(`${PYTHON} cannot import torch and numpy (with gloo): install Debian's python3-torch and python3-numpy (bash scripts/test-pytorch.sh does it), or set SEQLAB_PYTHON`);
  }
  checked = true;
}

export interface PythonRun {
  code: number;
  out: string;
  err: string;
  seconds: number;
}

/** Runs a command to completion (no shell), collecting its output; a 5-minute limit guards against a hang. */
export function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<PythonRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, OMP_NUM_THREADS: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out, err, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** python3 train.py <args> in an export folder; fails the test with its stderr when it fails. */
export async function trainPy(exportDir: string, args: string[]): Promise<PythonRun> {
  requireTorch();
  const result = await run(PYTHON, ['train.py', ...args], exportDir);
  expect(result.code, `train.py ${args.join(' ')} failed:\n${result.err}`).toBe(0);
  return result;
}

/**
 * torchrun --standalone --nproc_per_node=N train.py <args> (gloo on CPU). `--redirects 2 --tee 2` (stderr to
 * a log file and to the console: the same as the default) works around PyTorch 1.13's torchrun on Python
 * 3.11, Debian 12's pair, whose default "0" parses to None and fails before any worker starts
 * (meta-llama/llama#86; fixed in PyTorch 2.0). `--monitor_interval 1`: the agent notices the workers
 * have finished within a second instead of five.
 */
export async function torchrun(exportDir: string, processes: number, args: string[]): Promise<PythonRun> {
  requireTorch();
  const result = await run(PYTHON, ['-m', 'torch.distributed.run', '--standalone', `--nproc_per_node=${processes}`, '--redirects', '2', '--tee', '2', '--monitor_interval', '1', 'train.py', ...args], exportDir);
  expect(result.code, `torchrun train.py ${args.join(' ')} failed:\n${result.err}`).toBe(0);
  return result;
}

export function readEvents(file: string): TrainingEvent[] {
  return fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as TrainingEvent);
}

export function batchLosses(events: TrainingEvent[]): number[] {
  return events.flatMap((event) => (event.type === 'batch' ? [event.loss] : []));
}

export function epochEvents(events: TrainingEvent[]): Extract<TrainingEvent, { type: 'epoch' }>[] {
  return events.filter((event): event is Extract<TrainingEvent, { type: 'epoch' }> => event.type === 'epoch');
}

/** Largest |a − b| / |b| over two loss trajectories of the same length. */
export function largestRelativeGap(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return Math.max(...a.map((value, i) => Math.abs(value - b[i]) / Math.abs(b[i])));
}

export function resultDir(exportDir: string, name = 'result'): string {
  return path.join(exportDir, name);
}

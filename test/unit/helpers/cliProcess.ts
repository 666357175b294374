// The real `seqlab` CLI in a child process: the bundle built here with esbuild.js's cli options, run as
// bin/seqlab.js runs it. For what an in-process test cannot do: run as an unprivileged user (file
// permissions mean nothing to root), or with a preload that injects faults at the fs seam.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';

const ROOT = path.join(__dirname, '../../..');

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

export interface ProcessOptions {
  cwd?: string;
  /** Run as this user and group (needs root). */
  uid?: number;
  gid?: number;
  /** A script to load before the CLI (node -r). */
  preload?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Builds the CLI bundle into `outDir` (once per test file) and returns a runner for it. */
export async function buildCli(outDir: string): Promise<(args: string[], options?: ProcessOptions) => ProcessResult> {
  fs.mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'engine/cli/main.ts')], outfile: path.join(outDir, 'cli.js'), bundle: true, format: 'cjs', target: 'node20',
    platform: 'node', external: ['onnxruntime-node', 'onnxruntime-common', 'vscode'], logLevel: 'warning',
  });
  const entry = path.join(outDir, 'seqlab.js');
  fs.writeFileSync(entry, "require('./cli.js').runFromProcess();\n");
  return (args, options = {}) => {
    const result = spawnSync(process.execPath, [...(options.preload ? ['-r', options.preload] : []), entry, ...args], {
      cwd: options.cwd ?? outDir, encoding: 'utf8', timeout: options.timeoutMs ?? 120_000, uid: options.uid, gid: options.gid,
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), ...options.env },
    });
    return { code: result.status, signal: result.signal, out: result.stdout ?? '', err: result.stderr ?? '' };
  };
}

/** The uid/gid of `nobody` when running as root (permission tests run as it), else null (chmod is enough). */
export function unprivilegedUser(): { uid: number; gid: number } | null {
  return process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : null;
}

// The real `seqlab` CLI run to completion in a child process (cliProcess.ts drives one live): the bundle built here with esbuild.js's cli options, run as
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

/**
 * How a test gets "permission denied": as a normal user, chmod is enough; as root (which ignores
 * permissions) the CLI runs as `nobody` when nobody can run it (the checkout readable to it), else the
 * errno is injected at the fs seam by a preload (FAULTS_PRELOAD).
 */
export type PermissionMode = { kind: 'chmod' } | { kind: 'nobody'; uid: number; gid: number } | { kind: 'inject' };

/** `canRunAsNobody` tries a command as nobody (the checkout may not be readable to it). */
export function permissionMode(canRunAsNobody: (user: { uid: number; gid: number }) => boolean): PermissionMode {
  if (process.getuid?.() !== 0) return { kind: 'chmod' };
  const nobody = { uid: 65534, gid: 65534 };
  return canRunAsNobody(nobody) ? { kind: 'nobody', ...nobody } : { kind: 'inject' };
}

/**
 * A preload that fails file operations as the system would:
 *   SEQLAB_TEST_READONLY=<folder>     creating or writing anything in it: EACCES
 *   SEQLAB_TEST_UNREADABLE=<file>     opening it: EACCES
 *   SEQLAB_TEST_DISK=<folder>, SEQLAB_TEST_DISK_BYTES=<n>   writes that would take its files past n bytes: ENOSPC
 */
export const FAULTS_PRELOAD = `
const fs = require('fs');
const path = require('path');
const env = process.env;
const under = (file, folder) => folder && path.resolve(String(file)).startsWith(path.resolve(folder) + path.sep);
const fail = (code, syscall, file) => Object.assign(new Error(code + ': ' + syscall + ' ' + file), { code, syscall, path: String(file), errno: code === 'ENOSPC' ? -28 : -13 });
function used(dir) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? used(full) : fs.statSync(full).size;
  }
  return total;
}
const paths = new Map();
const { openSync, mkdirSync, writeFileSync, renameSync } = fs;
fs.openSync = function (file, flags, ...rest) {
  const writing = typeof flags === 'string' && /[wa+]/.test(flags);
  if (writing && under(file, env.SEQLAB_TEST_READONLY)) throw fail('EACCES', 'open', file);
  if (env.SEQLAB_TEST_UNREADABLE && path.resolve(String(file)) === path.resolve(env.SEQLAB_TEST_UNREADABLE)) throw fail('EACCES', 'open', file);
  const fd = openSync.call(this, file, flags, ...rest);
  paths.set(fd, path.resolve(String(file)));
  return fd;
};
fs.mkdirSync = function (file, ...rest) {
  if (under(file, env.SEQLAB_TEST_READONLY) || (env.SEQLAB_TEST_READONLY && path.resolve(String(file)) === path.resolve(env.SEQLAB_TEST_READONLY))) {
    if (!fs.existsSync(file)) throw fail('EACCES', 'mkdir', file);
  }
  return mkdirSync.call(this, file, ...rest);
};
fs.renameSync = function (from, to, ...rest) {
  if (under(to, env.SEQLAB_TEST_READONLY)) throw fail('EACCES', 'rename', to);
  return renameSync.call(this, from, to, ...rest);
};
fs.writeFileSync = function (target, data, ...rest) {
  const file = typeof target === 'number' ? paths.get(target) : path.resolve(String(target));
  if (file && under(file, env.SEQLAB_TEST_DISK) && used(env.SEQLAB_TEST_DISK) + Buffer.byteLength(data) > Number(env.SEQLAB_TEST_DISK_BYTES)) {
    throw fail('ENOSPC', 'write', file);
  }
  return writeFileSync.call(this, target, data, ...rest);
};
`;

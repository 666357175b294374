// The real `seqlab` CLI in a child process (bundled from the sources with esbuild, as bin/seqlab.js
// runs dist/), for tests that need real processes: signals, kills, and two trainers racing.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import type { TrainingEvent } from '../../../engine/train/events';

export function bundle(dir: string, name: string, contents: string): string {
  const outfile = path.join(dir, `${name}.js`);
  buildSync({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'silent', external: ['onnxruntime-node'],
  });
  return outfile;
}

export function bundleCli(dir: string): string {
  return bundle(dir, 'cli', `import { runFromProcess } from ${JSON.stringify(path.resolve('engine/cli/main.ts'))}; runFromProcess();`);
}

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  /** Events parsed from stdout so far (with --json). */
  events: TrainingEvent[];
  stderr: () => string;
  /** Exit code, or the signal's name when it was killed. */
  exited: Promise<number | string>;
  /** Resolves at the first event that matches. */
  waitFor(match: (event: TrainingEvent) => boolean): Promise<TrainingEvent>;
}

export function runCli(cli: string, args: string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const events: TrainingEvent[] = [];
  const waiters: { match: (event: TrainingEvent) => boolean; resolve: (event: TrainingEvent) => void }[] = [];
  let pending = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line) as TrainingEvent;
      events.push(event);
      for (const waiter of waiters.splice(0)) {
        if (waiter.match(event)) waiter.resolve(event);
        else waiters.push(waiter);
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child, events, exited, stderr: () => err,
    waitFor: (match) => new Promise((resolve, reject) => {
      const seen = events.find(match);
      if (seen) return resolve(seen);
      waiters.push({ match, resolve });
      void exited.then((code) => reject(new Error(`seqlab ${args.join(' ')} exited (${code}) first:\n${err}`)));
    }),
  };
}

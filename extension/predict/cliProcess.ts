import { spawn } from 'node:child_process';

// The bundled `seqlab` CLI in a child process: how the extension does anything that reads a
// workspace's .onnx (its metadata for the model picker, predict, text generation). onnxruntime is
// native code and a crafted file may crash or stall it; in a child that ends the child, never the
// extension host, and Cancel can always kill it. No `vscode` import here, so vitest can test it.

export interface CliResult {
  /** The CLI's exit code: 0 done, 1 bad input, 2 internal error (README). */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly signal?: AbortSignal;
  readonly cwd?: string;
  /**
   * The runtime. Default: the extension host's own (`process.execPath`): Node in code-server and
   * remote hosts, VS Code's Electron binary in desktop VS Code, which runs as Node with
   * ELECTRON_RUN_AS_NODE set. onnxruntime-node's binding is N-API, so either loads it.
   */
  readonly execPath?: string;
  /** Called with the child's pid once it runs (to clean up after it if it is killed). */
  readonly onSpawn?: (pid: number) => void;
}

/** Cancelled by the user: the child was killed and has exited. */
export class CliCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CliCancelled';
  }
}

/** Output a child may produce before it is treated as broken (a model picker's JSON is far smaller). */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/**
 * Runs `seqlab <args>` with the CLI script `cliScript` (the extension's bin/seqlab.js) and resolves
 * with its exit code and output, whatever the code. Rejects with CliCancelled when `signal` aborts
 * (after the killed child has exited, so nothing is left running), and with an Error when the child
 * cannot start, dies from a signal (a crash) or floods its output.
 */
export function runSeqlab(cliScript: string, args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new CliCancelled());
    const child = spawn(options.execPath ?? process.execPath, [cliScript, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let bytes = 0;
    let failure: Error | undefined;
    const kill = (reason: Error): void => {
      failure ??= reason;
      child.kill('SIGKILL');
    };
    const collect = (into: Buffer[]) => (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > MAX_OUTPUT_BYTES) kill(new Error(`seqlab ${args[0]} wrote more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MB of output`));
      else into.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    const onAbort = (): void => kill(new CliCancelled());
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('spawn', () => child.pid !== undefined && options.onSpawn?.(child.pid));
    child.once('error', (error) => kill(new Error(`could not start seqlab: ${error.message}`)));
    // 'close' comes after the process exited and its pipes closed: nothing of it is left.
    child.once('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      const text = { stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
      if (failure) return reject(failure);
      if (code === null) return reject(new Error(`seqlab ${args[0]} stopped by ${signal ?? 'a signal'}${text.stderr ? `: ${firstLine(text.stderr)}` : ''}`));
      resolve({ code, ...text });
    });
  });
}

/**
 * The CLI's own message for a failed command, without its `seqlab <command>: ` prefix (the file, row or
 * column, what was expected, and its hint line if any).
 */
export function cliMessage(result: CliResult, command: string): string {
  const text = result.stderr.trim();
  if (!text) return `seqlab ${command} failed (exit code ${result.code})`;
  const prefix = `seqlab ${command}: `;
  const lines = text.split('\n').filter((line) => !line.startsWith('Run again with --debug'));
  const last = lines.map((line) => line.startsWith(prefix)).lastIndexOf(true);
  const message = last >= 0 ? lines.slice(last) : lines;
  return message.map((line, i) => (i === 0 && line.startsWith(prefix) ? line.slice(prefix.length) : line.trim())).join(' ');
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0].slice(0, 300);
}

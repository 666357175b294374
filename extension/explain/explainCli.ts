import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RUN_FILES, type Diagnostic, type DiagnosticsReport, type ExplainReport, type ExplainSplit } from '../../engine/index';
import { runSeqlab, type CliResult } from '../predict/cliProcess';

// `seqlab explain` for the editor: always in a child process (the bundled CLI, as Predict runs it), never
// on the extension host's thread, and at the lowest CPU priority, so that a run training in a worker of
// this window is not slowed down by it (on a busy machine the explanation waits; on an idle core it runs
// at full speed). No `vscode` import here, so vitest runs it against the real CLI.

/** Runs `seqlab <args>`; rejects with CliCancelled once `signal` aborts and the child has exited. */
export type CliRunner = (args: readonly string[], signal: AbortSignal) => Promise<CliResult>;

/** The CLI script `cliScript` (bin/seqlab.js) in a child at the lowest priority the OS has. */
export function lowPriorityCli(cliScript: string, onSpawn?: (pid: number) => void): CliRunner {
  return (args, signal) => runSeqlab(cliScript, args, {
    signal,
    onSpawn: (pid) => {
      lowerPriority(pid);
      onSpawn?.(pid);
    },
  });
}

/** Sets a child's scheduling priority to the lowest (nice 19 on Linux and macOS, IDLE on Windows). */
export function lowerPriority(pid: number): void {
  try {
    os.setPriority(pid, os.constants.priority.PRIORITY_LOW);
  } catch {
    // Gone already, or a platform that refuses: it then runs at normal priority, which is still off the host.
  }
}

export function explainArgs(runDir: string, split: ExplainSplit, index: number | null): string[] {
  return ['explain', runDir, '--json', '--split', split === 'test' ? 'test' : 'val', ...(index === null ? [] : ['--index', String(index)])];
}

export function diagnoseArgs(runDir: string): string[] {
  return ['explain', runDir, '--diagnostics', '--json'];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The report `seqlab explain --json` printed, checked for the fields the panel indexes; null if it is not one. */
export function parseExplainReport(stdout: string): ExplainReport | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return null;
  }
  if (!isObject(parsed) || parsed.format !== 'seqlab-explain/1') return null;
  const ok = isObject(parsed.run) && Number.isInteger(parsed.index) && Array.isArray(parsed.windowLabels) && isObject(parsed.input)
    && Array.isArray(parsed.layers) && isObject(parsed.attribution) && isObject(parsed.saturation) && Array.isArray(parsed.diagnostics);
  return ok ? parsed as unknown as ExplainReport : null;
}

/** The diagnostics `seqlab explain --diagnostics --json` printed; null if it printed something else. */
export function parseDiagnostics(stdout: string): Diagnostic[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return null;
  }
  if (!isObject(parsed) || parsed.format !== 'seqlab-diagnostics/1' || !Array.isArray(parsed.diagnostics)) return null;
  const diagnostics = (parsed as unknown as DiagnosticsReport).diagnostics;
  return diagnostics.every((d) => isObject(d) && typeof d.id === 'string' && typeof d.status === 'string' && typeof d.summary === 'string') ? diagnostics : null;
}

/**
 * What a run's explanations depend on: its best weights (the checkpoint) and how it ended (the summary).
 * Either changing (a running run's new best epoch, a resumed run) makes cached results stale.
 */
export function runVersion(runDir: string): string {
  const mtime = (name: string): number => {
    try {
      return fs.statSync(path.join(runDir, name)).mtimeMs;
    } catch {
      return 0;
    }
  };
  return `${mtime(RUN_FILES.checkpoint)}:${mtime(RUN_FILES.summary)}`;
}

export interface CliLog {
  info(message: string): void;
  warn(message: string): void;
}

/** `runner`, saying in the log how each command ended and how long it took. */
export function loggedRunner(runner: CliRunner, log: CliLog): CliRunner {
  return async (args, signal) => {
    const started = performance.now();
    const what = `seqlab ${args.slice(0, 2).join(' ')}${args.includes('--diagnostics') ? ' --diagnostics' : ''}`;
    const elapsed = () => `${Math.round(performance.now() - started)} ms`;
    try {
      const result = await runner(args, signal);
      log.info(`${what}: exit ${result.code} after ${elapsed()}, ${(result.stdout.length / 1024).toFixed(0)} KB of JSON`);
      return result;
    } catch (error) {
      log.info(`${what}: ${signal.aborted ? 'cancelled, the process was killed' : (error as Error).message} after ${elapsed()}`);
      throw error;
    }
  };
}

import type { DiagnosticsResult } from '../../webview/protocol';
import { CliCancelled, cliMessage } from '../predict/cliProcess';
import { diagnoseArgs, parseDiagnostics, type CliRunner } from './explainCli';

// The diagnostics of ended runs, for the Runs view and every panel: computed once per run and version
// (`seqlab explain --diagnostics`, in a low-priority child process), one run at a time, the newest asked
// first; a panel's request jumps the queue. Results stay for the window's life. No `vscode` import here.

interface Entry {
  version: string;
  result: DiagnosticsResult;
}

export class DiagnosticsQueue {
  private readonly entries = new Map<string, Entry>();
  /** Run folders waiting, next first. */
  private queue: string[] = [];
  private running: { runDir: string; version: string; controller: AbortController } | undefined;
  private disposed = false;

  /** `onChange(runDir)` whenever a run's result changes (it starts computing, or has an answer). */
  constructor(private readonly run: CliRunner, private readonly onChange: (runDir: string) => void) {}

  /**
   * The run's diagnostics at `version`: known, or being computed (queued now if they were not; `urgent`
   * puts the run first).
   */
  request(runDir: string, version: string, urgent = false): DiagnosticsResult {
    const entry = this.entries.get(runDir);
    if (entry && entry.version === version) {
      if (urgent && entry.result.status === 'computing') this.enqueue(runDir, true);
      return entry.result;
    }
    this.entries.set(runDir, { version, result: { status: 'computing' } });
    this.enqueue(runDir, urgent);
    return { status: 'computing' };
  }

  /** What is known of the run at `version`, without asking for anything. */
  peek(runDir: string, version: string): DiagnosticsResult | undefined {
    const entry = this.entries.get(runDir);
    return entry && entry.version === version ? entry.result : undefined;
  }

  /** A run that was deleted: drop it (and stop computing it). */
  forget(runDir: string): void {
    this.entries.delete(runDir);
    this.queue = this.queue.filter((dir) => dir !== runDir);
    if (this.running?.runDir === runDir) this.running.controller.abort();
  }

  dispose(): void {
    this.disposed = true;
    this.queue = [];
    this.running?.controller.abort();
  }

  private enqueue(runDir: string, urgent: boolean): void {
    this.queue = this.queue.filter((dir) => dir !== runDir);
    // Being computed at this version already (a newer version waits for its turn behind it).
    if (this.running?.runDir === runDir && this.running.version === this.entries.get(runDir)?.version) return;
    if (urgent) this.queue.unshift(runDir);
    else this.queue.push(runDir);
    void this.next();
  }

  private async next(): Promise<void> {
    if (this.running || this.disposed) return;
    const runDir = this.queue.shift();
    if (runDir === undefined) return;
    const entry = this.entries.get(runDir);
    if (!entry) return void this.next();
    const controller = new AbortController();
    const version = entry.version;
    this.running = { runDir, version, controller };
    let result: DiagnosticsResult | undefined;
    try {
      const output = await this.run(diagnoseArgs(runDir), controller.signal);
      const diagnostics = output.code === 0 ? parseDiagnostics(output.stdout) : null;
      result = diagnostics ? { status: 'done', diagnostics }
        : { status: 'failed', message: output.code === 0 ? 'seqlab explain printed no diagnostics' : cliMessage(output, 'explain') };
    } catch (error) {
      if (!(error instanceof CliCancelled)) result = { status: 'failed', message: (error as Error).message };
    } finally {
      this.running = undefined;
    }
    const current = this.entries.get(runDir);
    // A result for the version still wanted; a cancelled one leaves the entry to whoever asks next.
    if (result && current && current.version === version) {
      current.result = result;
      if (!this.disposed) this.onChange(runDir);
    } else if (!result && current?.version === version) {
      this.entries.delete(runDir);
    }
    void this.next();
  }
}

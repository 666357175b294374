import type { ExplainSplit } from '../../engine/index';
import type { DiagnosticsResult, HostToWebview } from '../../webview/protocol';
import { runVersion, type CliLog, type CliRunner } from './explainCli';
import { ExplainJobs } from './explainJobs';

// A panel's side of the Explain view and the diagnostics: what the webview asks (already checked by
// messageGuard) is looked up among the panel's own runs (an id from the webview names nothing else),
// computed in a child process, and answered. One explanation at a time per panel, cached while the panel
// lives; closing the panel kills the child. No `vscode` import here, so vitest drives it with the real CLI.

export interface PanelExplainHost {
  post(message: HostToWebview): void;
  /** One of this panel's runs by id: its folder and whether it has ended; undefined for any other id. */
  run(runId: string): { readonly runDir: string; readonly ended: boolean } | undefined;
  readonly log: CliLog;
}

/** The window's shared diagnostics (extension/explain/runDiagnostics.ts). */
export interface DiagnosticsSource {
  request(runDir: string, urgent: boolean): DiagnosticsResult;
  onDidChange(listener: (runDir: string) => void): { dispose(): void };
}

export class PanelExplain {
  private readonly jobs: ExplainJobs;
  /** Runs whose diagnostics the webview asked for: run folder → run id. */
  private readonly watched = new Map<string, string>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly host: PanelExplainHost, runner: CliRunner, private readonly diagnostics: DiagnosticsSource) {
    this.jobs = new ExplainJobs(runner);
    this.subscription = diagnostics.onDidChange((runDir) => {
      const runId = this.watched.get(runDir);
      if (runId !== undefined) this.host.post({ type: 'diagnostics', runId, result: diagnostics.request(runDir, false) });
    });
  }

  /** Explains a window (index null: the split's last), answering `computing` first, then the outcome. */
  async explain(runId: string, split: ExplainSplit, index: number | null): Promise<void> {
    const run = this.host.run(runId);
    if (!run) {
      this.host.log.warn(`explain: the panel has no run ${runId}`);
      this.host.post({ type: 'explanation', runId, split, index, result: { status: 'failed', message: 'This run is no longer there.' } });
      return;
    }
    this.host.post({ type: 'explanation', runId, split, index, result: { status: 'computing' } });
    const result = await this.jobs.explain({ runDir: run.runDir, version: runVersion(run.runDir), split, index });
    if (result.status === 'failed') this.host.log.warn(`explain ${runId} (${split} window ${index ?? 'last'}): ${result.message}`);
    this.host.post({ type: 'explanation', runId, split, index, result });
  }

  /** Cancel in the view, or the inspector closed: kill the child, if one runs. */
  cancel(): void {
    this.jobs.cancel();
  }

  diagnose(runId: string): void {
    const run = this.host.run(runId);
    if (!run || !run.ended) {
      const message = run ? 'The run has not ended yet.' : 'This run is no longer there.';
      this.host.post({ type: 'diagnostics', runId, result: { status: 'failed', message } });
      return;
    }
    this.watched.set(run.runDir, runId);
    this.host.post({ type: 'diagnostics', runId, result: this.diagnostics.request(run.runDir, true) });
  }

  dispose(): void {
    this.subscription.dispose();
    this.jobs.dispose();
  }
}

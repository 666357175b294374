import * as vscode from 'vscode';
import type { DiagnosticsResult } from '../../webview/protocol';
import { Disposable } from '../dispose';
import type { CatalogRun } from '../runs/runCatalog';
import { DiagnosticsQueue } from './diagnosticsQueue';
import { runVersion, type CliRunner } from './explainCli';
import type { DiagnosticsSource } from './panelExplain';
import { ENDED_STATES } from './runWarnings';

/**
 * The diagnostics of the window's ended runs, shared by the Runs view (its warning markers) and every
 * panel: each run diagnosed once per version, in a low-priority child process, one at a time.
 */
export class RunDiagnostics extends Disposable implements DiagnosticsSource {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<string>());
  /** A run's diagnostics changed (computing, or an answer): its folder. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly queue: DiagnosticsQueue;

  constructor(runner: CliRunner) {
    super();
    this.queue = new DiagnosticsQueue(runner, (runDir) => this.changeEmitter.fire(runDir));
    this.register({ dispose: () => this.queue.dispose() });
  }

  request(runDir: string, urgent: boolean): DiagnosticsResult {
    return this.queue.request(runDir, runVersion(runDir), urgent);
  }

  /** An ended run's diagnostics (asked for when unknown); undefined for a run that has not ended. */
  ofRun(run: CatalogRun): DiagnosticsResult | undefined {
    return ENDED_STATES.has(run.state) ? this.request(run.runDir, false) : undefined;
  }
}

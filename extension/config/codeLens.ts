import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import type { RunCatalog } from '../runs/runCatalog';

// ▶ Train / ■ Stop / Open panel at the top of every `*.seqlab.json`.

export class ConfigCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changeEmitter.event;

  /** Which runs train or wait, when the lenses were last asked for. */
  private shown = '';

  constructor(private readonly catalog: RunCatalog) {
    super();
    // Only when a run starts or ends (the catalog changes every epoch too): a lens re-provided while
    // it is clicked loses the click.
    this.register(catalog.onDidChange(() => {
      if (this.activeRuns() !== this.shown) this.changeEmitter.fire();
    }));
  }

  private activeRuns(): string {
    return this.catalog.runs().filter((run) => run.state === 'running' || run.state === 'queued').map((run) => run.runDir).join('\n');
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    this.shown = this.activeRuns();
    const top = new vscode.Range(0, 0, 0, 0);
    const active = this.catalog.runsOf(document.uri.fsPath).find((run) => run.state === 'running' || run.state === 'queued');
    const first = active
      ? new vscode.CodeLens(top, { title: vscode.l10n.t('■ Stop'), command: 'seqlab.stop', arguments: [active.runDir] })
      : new vscode.CodeLens(top, { title: vscode.l10n.t('▶ Train'), command: 'seqlab.train', arguments: [document.uri] });
    return [first, new vscode.CodeLens(top, { title: vscode.l10n.t('Open panel'), command: 'seqlab.openPanel', arguments: [document.uri] })];
  }
}

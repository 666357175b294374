import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import type { RunCatalog } from '../runs/runCatalog';

// ▶ Train / ■ Stop / Open panel at the top of every `*.seqlab.json`.

export class ConfigCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changeEmitter.event;

  constructor(private readonly catalog: RunCatalog) {
    super();
    this.register(catalog.onDidChange(() => this.changeEmitter.fire()));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const active = this.catalog.runsOf(document.uri.fsPath).find((run) => run.state === 'running' || run.state === 'queued');
    const first = active
      ? new vscode.CodeLens(top, { title: vscode.l10n.t('■ Stop'), command: 'seqlab.stop', arguments: [active.runDir] })
      : new vscode.CodeLens(top, { title: vscode.l10n.t('▶ Train'), command: 'seqlab.train', arguments: [document.uri] });
    return [first, new vscode.CodeLens(top, { title: vscode.l10n.t('Open panel'), command: 'seqlab.openPanel', arguments: [document.uri] })];
  }
}

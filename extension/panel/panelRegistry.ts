import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import { SeqLabPanel } from './seqLabPanel';

/**
 * The open SeqLab panels, at most one per data file (and one without a file): showing a file's
 * panel again reveals it instead of stacking copies. Disposing the registry closes them all.
 */
export class PanelRegistry extends Disposable {
  private readonly panels = new Map<string, SeqLabPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  /** Reveals the panel of `dataFile` (or the panel without a file), opening it if needed. */
  show(dataFile: vscode.Uri | undefined): SeqLabPanel {
    const key = dataFile?.toString() ?? '';
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = SeqLabPanel.open(this.extensionUri, dataFile, this.log);
    this.panels.set(key, panel);
    panel.onDidDispose(() => this.panels.delete(key));
    this.log.info(`${panel.title}: opened`);
    return panel;
  }

  override dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
    super.dispose();
  }
}

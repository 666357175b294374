import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import type { RunCatalog } from '../runs/runCatalog';
import { liveRetrainSetting } from '../settings';
import { isConfigFile } from './configFinder';
import type { Trainer } from './trainer';

// Live retraining (`seqlab.liveRetrain`) of a config that has been trained: `onSave` retrains when it
// is saved; `onType` also retrains on valid unsaved edits once typing pauses; `off` never. The trainer
// stops the config's running run and starts the new one; an invalid config never starts a run.

const TYPING_PAUSE_MS = 1000;

export class LiveRetrain extends Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly trainer: Trainer, private readonly catalog: RunCatalog) {
    super();
    this.register(vscode.workspace.onDidSaveTextDocument((document) => {
      if (!this.applies(document)) return;
      this.cancel(document.uri.fsPath);
      if (liveRetrainSetting(document.uri) !== 'off') void this.trainer.trainConfig(document, 'save');
    }));
    this.register(vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
      // Not `document.isDirty` here: the first edit of a saved document arrives before it is marked dirty.
      if (contentChanges.length === 0 || !this.applies(document) || liveRetrainSetting(document.uri) !== 'onType') return;
      this.cancel(document.uri.fsPath);
      this.timers.set(document.uri.fsPath, setTimeout(() => {
        this.timers.delete(document.uri.fsPath);
        // Saved or reverted meanwhile: the save retrained already, a revert is no edit.
        if (document.isDirty && !document.isClosed) void this.trainer.trainConfig(document, 'type');
      }, TYPING_PAUSE_MS));
    }));
  }

  /** A trusted workspace's config that has runs already (a config nobody trained is only edited). */
  private applies(document: vscode.TextDocument): boolean {
    return vscode.workspace.isTrusted && document.uri.scheme === 'file' && isConfigFile(document.uri.path)
      && this.catalog.runsOf(document.uri.fsPath).length > 0;
  }

  private cancel(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  override dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    super.dispose();
  }
}

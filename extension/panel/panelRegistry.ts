import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import { isConfigFile } from '../config/configFinder';
import type { RunCatalog } from '../runs/runCatalog';
import type { RunManager } from '../training/runManager';
import { PANEL_VIEW_TYPE, SeqLabPanel, type ExplainServices, type PanelActions } from './seqLabPanel';

/**
 * The open SeqLab panels, one per config: showing a config's panel again reveals it instead of
 * stacking copies. Restores panels after a reload (WebviewPanelSerializer). Disposing closes them all.
 */
export class PanelRegistry extends Disposable implements vscode.WebviewPanelSerializer {
  private readonly panels = new Map<string, SeqLabPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly catalog: RunCatalog,
    private readonly manager: RunManager,
    private readonly log: vscode.LogOutputChannel,
    private readonly explain: ExplainServices,
  ) {
    super();
    this.register(vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, this));
  }

  /** Reveals the panel of `configFile`, opening it beside the active editor if needed. */
  show(configFile: vscode.Uri): SeqLabPanel {
    const existing = this.panels.get(configFile.fsPath);
    if (existing) {
      existing.reveal();
      return existing;
    }
    return this.track(SeqLabPanel.open(this.extensionUri, configFile, this.catalog, this.actionsFor(configFile), this.log, this.explain));
  }

  get(configFile: vscode.Uri): SeqLabPanel | undefined {
    return this.panels.get(configFile.fsPath);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const configFile = restoredConfig(state);
    if (!configFile || this.panels.has(configFile.fsPath)) {
      this.log.warn(`a SeqLab panel could not be restored (${configFile ? 'already open' : 'no config in its state'})`);
      panel.dispose();
      return;
    }
    await this.catalog.ready();
    this.track(SeqLabPanel.revive(panel, this.extensionUri, configFile, this.catalog, this.actionsFor(configFile), this.log, this.explain));
  }

  private track(panel: SeqLabPanel): SeqLabPanel {
    const key = panel.configFile.fsPath;
    this.panels.set(key, panel);
    panel.onDidDispose(() => this.panels.delete(key));
    this.log.info(`${panel.title}: opened`);
    return panel;
  }

  private actionsFor(configFile: vscode.Uri): PanelActions {
    return {
      // Only a run of this panel's config: the id comes from the webview.
      stop: (runId) => {
        const run = this.catalog.runsOf(configFile.fsPath).find((candidate) => candidate.id === runId);
        if (run) this.manager.stop(run.runDir);
      },
    };
  }

  override dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
    super.dispose();
  }
}

/** The config a restored panel showed: a `file:` URI of a `.seqlab.json`, from the webview's state. */
function restoredConfig(state: unknown): vscode.Uri | undefined {
  const id = (state as { configId?: unknown } | null | undefined)?.configId;
  if (typeof id !== 'string') return undefined;
  try {
    const uri = vscode.Uri.parse(id, true);
    return uri.scheme === 'file' && isConfigFile(uri.path) ? uri : undefined;
  } catch {
    return undefined;
  }
}

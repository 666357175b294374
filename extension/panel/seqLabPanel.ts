import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { HostToWebview, PanelConfig, PanelPredictions } from '../../webview/protocol';
import { Disposable } from '../dispose';
import { describeMessage, isWebviewToHost } from '../messageGuard';
import { configStem, readConfigSummary } from '../config/configFinder';
import type { RunCatalog } from '../runs/runCatalog';
import { PanelFeed } from './panelFeed';
import { saveCsv, savePng } from './panelExports';
import { renderPanelHtml } from './panelHtml';

/** The webview type of SeqLab panels (also what `onWebviewPanel:` activation events name). */
export const PANEL_VIEW_TYPE = 'seqlab.panel';

/** How often a visible panel is brought up to date while runs train. */
const UPDATE_INTERVAL_MS = 250;

/** How a panel's start ended: its script posted `ready`, or the panel was closed before that. */
export type PanelStart = 'ready' | 'closed';

export interface PanelActions {
  stop(runId: string): void;
}

/**
 * The panel of one config: it owns the VS Code panel, its listeners and its feed. The host posts
 * nothing before the webview's script says `ready` (messages to a page that has not loaded are lost);
 * a hidden panel's page is unloaded by VS Code and says `ready` again when shown, and gets a fresh
 * snapshot then. Deltas go out only while the panel is visible.
 */
export class SeqLabPanel extends Disposable {
  private readonly disposeEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires once, when the panel is closed or disposed. */
  readonly onDidDispose = this.disposeEmitter.event;
  private readonly started: Promise<PanelStart>;
  private settleStart: (outcome: PanelStart) => void = () => undefined;
  private readonly feed: PanelFeed;
  private ready = false;
  private readonly timer: NodeJS.Timeout;
  /** The latest predictions made with a model of this config, shown again after every snapshot. */
  private predictions: PanelPredictions | undefined;

  /** A new panel beside the active editor, without taking the focus from it. */
  static open(extensionUri: vscode.Uri, configFile: vscode.Uri, catalog: RunCatalog, actions: PanelActions, log: vscode.LogOutputChannel): SeqLabPanel {
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, panelTitle(configFile),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
    return new SeqLabPanel(panel, extensionUri, configFile, catalog, actions, log);
  }

  /** A panel VS Code restored after a reload (WebviewPanelSerializer). */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, configFile: vscode.Uri, catalog: RunCatalog, actions: PanelActions, log: vscode.LogOutputChannel): SeqLabPanel {
    panel.webview.options = webviewOptions(extensionUri);
    panel.title = panelTitle(configFile);
    return new SeqLabPanel(panel, extensionUri, configFile, catalog, actions, log);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    readonly configFile: vscode.Uri,
    catalog: RunCatalog,
    private readonly actions: PanelActions,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.started = new Promise((resolve) => (this.settleStart = resolve));
    this.feed = new PanelFeed(catalog, configFile.fsPath, () => this.describeConfig());
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
    this.register(panel.onDidChangeViewState(() => {
      if (!panel.visible) this.ready = false; // VS Code unloads the page; it says `ready` when shown again
    }));
    this.timer = setInterval(() => this.sendUpdates(), UPDATE_INTERVAL_MS);
    const { webview } = panel;
    const distUri = vscode.Uri.joinPath(extensionUri, 'dist');
    webview.html = renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: crypto.randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(distUri, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(distUri, 'webview.css')).toString(),
      title: panel.title,
    });
  }

  get title(): string {
    return this.panel.title;
  }

  /** Resolves once the webview's script has run (`ready`), or once the panel is closed first. */
  whenStarted(): Promise<PanelStart> {
    return this.started;
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  /** Draws predictions SeqLab: Predict wrote with one of this config's models (now, or once the page is ready). */
  showPredictions(predictions: PanelPredictions): void {
    this.predictions = predictions;
    if (this.ready) this.post({ type: 'predictions', predictions });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    clearInterval(this.timer);
    this.settleStart('closed');
    this.disposeEmitter.fire();
    super.dispose();
    this.panel.dispose(); // a no-op when the user closed the panel, which is how we usually get here
  }

  private post(message: HostToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private sendUpdates(): void {
    if (!this.ready || !this.panel.visible) return;
    for (const message of this.feed.update()) this.post(message);
  }

  private receive(message: unknown): void {
    if (!isWebviewToHost(message)) {
      this.log.warn(`${this.title}: ignored a malformed message from the webview: ${describeMessage(message)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.settleStart('ready');
        this.post(this.feed.snapshot());
        if (this.predictions) this.post({ type: 'predictions', predictions: this.predictions });
        return;
      case 'error':
        this.log.error(`${this.title}: webview error: ${message.message}`);
        return;
      case 'cspViolation':
        this.log.error(`${this.title}: the Content Security Policy blocked ${message.blockedUri} (${message.directive})`);
        return;
      case 'stop':
        this.actions.stop(message.id);
        return;
      case 'savePng':
        void savePng(this.configFile, message.dataUrl, this.log);
        return;
      case 'saveCsv':
        void saveCsv(this.configFile, message.rows, this.log);
        return;
    }
  }

  private describeConfig(): PanelConfig {
    const { dataFile, task } = readConfigSummary(this.configFile.fsPath);
    return {
      id: this.configFile.toString(),
      name: configStem(this.configFile.fsPath),
      displayPath: vscode.workspace.asRelativePath(this.configFile, false),
      dataFile,
      task,
    };
  }
}

export function panelTitle(configFile: vscode.Uri): string {
  return vscode.l10n.t('SeqLab: {0}', configStem(configFile.fsPath));
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  // The page may load only SeqLab's bundles: not the workspace, not the rest of the extension.
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

import * as crypto from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostToWebview, PanelConfig } from '../../webview/protocol';
import { Disposable } from '../dispose';
import { describeMessage, isWebviewToHost } from '../messageGuard';
import { renderPanelHtml } from './panelHtml';

/** The webview type of SeqLab panels (also what `onWebviewPanel:` activation events name). */
export const PANEL_VIEW_TYPE = 'seqlab.panel';

/** How a panel's start ended: its script posted `ready`, or the panel was closed before that. */
export type PanelStart = 'ready' | 'closed';

/**
 * One SeqLab webview panel: it owns the VS Code panel, its listeners and its start handshake.
 * The host posts nothing before the webview's script says `ready` (messages sent to a webview
 * whose page has not loaded yet are lost), and re-sends what the panel shows on every `ready`,
 * because VS Code reloads a hidden webview's page when it becomes visible again.
 */
export class SeqLabPanel extends Disposable {
  private readonly disposeEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires once, when the panel is closed or disposed. */
  readonly onDidDispose = this.disposeEmitter.event;
  private readonly started: Promise<PanelStart>;
  private settleStart: (outcome: PanelStart) => void = () => undefined;

  static open(extensionUri: vscode.Uri, dataFile: vscode.Uri | undefined, log: vscode.LogOutputChannel): SeqLabPanel {
    const distUri = vscode.Uri.joinPath(extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, panelTitle(dataFile), vscode.ViewColumn.Active, {
      enableScripts: true,
      // The page may load only SeqLab's bundles: not the workspace, not the rest of the extension.
      localResourceRoots: [distUri],
    });
    return new SeqLabPanel(panel, distUri, dataFile, log);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    distUri: vscode.Uri,
    readonly dataFile: vscode.Uri | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.started = new Promise((resolve) => (this.settleStart = resolve));
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
    const { webview } = panel;
    panel.webview.html = renderPanelHtml({
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
    this.panel.reveal();
  }

  /** Posts to the webview after its start; false if the panel closed or VS Code refused the message. */
  async post(message: HostToWebview): Promise<boolean> {
    if ((await this.started) !== 'ready' || this.isDisposed) return false;
    return this.panel.webview.postMessage(message);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.settleStart('closed');
    this.disposeEmitter.fire();
    super.dispose();
    this.panel.dispose(); // a no-op when the user closed the panel, which is how we usually get here
  }

  private receive(message: unknown): void {
    if (!isWebviewToHost(message)) {
      this.log.warn(`${this.title}: ignored a malformed message from the webview: ${describeMessage(message)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.log.info(`${this.title}: webview ready`);
        this.settleStart('ready');
        void this.post({ type: 'snapshot', config: describeConfig(this.dataFile), runs: [] });
        return;
      case 'error':
        this.log.error(`${this.title}: webview error: ${message.message}`);
        return;
      case 'cspViolation':
        this.log.error(`${this.title}: the Content Security Policy blocked ${message.blockedUri} (${message.directive})`);
        return;
      case 'stop':
        return;
    }
  }
}

export function panelTitle(dataFile: vscode.Uri | undefined): string {
  return dataFile ? `SeqLab: ${path.posix.basename(dataFile.path)}` : 'SeqLab';
}

function describeConfig(dataFile: vscode.Uri | undefined): PanelConfig {
  const name = dataFile ? path.posix.basename(dataFile.path) : 'SeqLab';
  const displayPath = dataFile ? vscode.workspace.asRelativePath(dataFile, false) : '';
  return { name, displayPath, dataFile: displayPath, task: null };
}

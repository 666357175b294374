import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { PanelRegistry } from './panel/panelRegistry';
import { registerPredictCommand } from './predict/predictCommand';
import { contributeCliToTerminal } from './terminalCli';

// SeqLab's entry point. Everything activate() creates goes into context.subscriptions, so that
// VS Code disposes it when the extension is deactivated or reloaded.

export function activate(context: vscode.ExtensionContext): void {
  // A LogOutputChannel: timestamps, levels, and "Developer: Set Log Level" for free.
  const log = vscode.window.createOutputChannel('SeqLab', { log: true });
  const panels = new PanelRegistry(context.extensionUri, log);
  context.subscriptions.push(...registerCommands(panels, log), registerPredictCommand(context.extensionUri, log), panels, log);
  contributeCliToTerminal(context);
  const version = String(context.extension.packageJSON.version);
  const ui = vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop';
  log.info(`SeqLab ${version} activated: VS Code ${vscode.version} (${ui}), Node ${process.version}`);
}

export function deactivate(): void {
  // Nothing beyond context.subscriptions, which VS Code disposes.
}

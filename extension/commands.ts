import * as path from 'node:path';
import * as vscode from 'vscode';
import { isTrainableDataFile, trainableExtensionFilter } from './dataFiles';
import type { PanelRegistry } from './panel/panelRegistry';

/** Command ids, as contributed in package.json. */
export const CommandId = {
  train: 'seqlab.train',
  openPanel: 'seqlab.openPanel',
  showLog: 'seqlab.showLog',
} as const;

export function registerCommands(panels: PanelRegistry, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandId.train, (resource?: unknown) => train(panels, log, resource)),
    vscode.commands.registerCommand(CommandId.openPanel, async () => (await panels.show(undefined).whenStarted()) === 'ready'),
    vscode.commands.registerCommand(CommandId.showLog, () => log.show()),
  ];
}

/**
 * SeqLab: Train. From the Explorer menu VS Code passes the clicked file; from the palette there is
 * none, so the active editor's file is used, else the user picks one.
 * Resolves true once the file's panel is open and its script runs, false if nothing was opened.
 */
async function train(panels: PanelRegistry, log: vscode.LogOutputChannel, resource: unknown): Promise<boolean> {
  const dataFile = resource instanceof vscode.Uri ? resource : await pickDataFile();
  if (!dataFile) return false;
  const name = path.posix.basename(dataFile.path);
  if (!isTrainableDataFile(dataFile.path)) {
    void vscode.window.showWarningMessage(`SeqLab trains on .csv and .txt files; ${name} is neither.`);
    return false;
  }
  // Declared in package.json (untrustedWorkspaces: limited): training reads workspace data and
  // writes models, so Restricted Mode allows only the log and an empty panel.
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('SeqLab does not train in Restricted Mode. Trust this workspace to train.');
    return false;
  }
  log.info(`Train: ${dataFile.fsPath}`);
  return (await panels.show(dataFile).whenStarted()) === 'ready';
}

async function pickDataFile(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && isTrainableDataFile(active.path)) return active;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Train',
    filters: { 'Data files': [...trainableExtensionFilter] },
  });
  return picked?.[0];
}

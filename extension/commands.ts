import * as path from 'node:path';
import * as vscode from 'vscode';
import { isConfigFile } from './config/configFinder';
import type { Trainer } from './config/trainer';
import { isTrainableDataFile, trainableExtensionFilter } from './dataFiles';
import type { PanelRegistry } from './panel/panelRegistry';
import { registerRunCommands } from './runs/runCommands';
import type { RunCatalog } from './runs/runCatalog';
import type { RunsNode } from './runs/runsTree';
import type { RunManager } from './training/runManager';

// SeqLab's commands. From menus VS Code passes the clicked file or tree node; from the palette there
// is none, so the active editor's file is used, else the user picks. Commands resolve to what they
// did (a run folder, true/false), which the integration tests read.

export interface CommandContext {
  readonly extensionUri: vscode.Uri;
  readonly trainer: Trainer;
  readonly manager: RunManager;
  readonly catalog: RunCatalog;
  readonly panels: PanelRegistry;
  readonly log: vscode.LogOutputChannel;
}

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('seqlab.train', (resource?: unknown) => train(context, resource)),
    vscode.commands.registerCommand('seqlab.openPanel', (target?: unknown) => openPanel(context, target)),
    vscode.commands.registerCommand('seqlab.showLog', () => context.log.show()),
    ...registerRunCommands(context),
  ];
}

/** SeqLab: Train. Resolves to the new run's folder, or undefined if nothing started. */
async function train(context: CommandContext, resource: unknown): Promise<string | undefined> {
  const file = resource instanceof vscode.Uri ? resource : await pickTrainable();
  if (!file) return undefined;
  const name = path.posix.basename(file.path);
  if (isConfigFile(file.path)) {
    const document = await vscode.workspace.openTextDocument(file);
    return (await context.trainer.trainConfig(document, 'command'))?.runDir;
  }
  if (!isTrainableDataFile(file.path)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('SeqLab trains on .csv, .tsv and .txt files and on .seqlab.json configs; {0} is none of these.', name));
    return undefined;
  }
  return (await context.trainer.trainDataFile(file))?.runDir;
}

async function pickTrainable(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && (isTrainableDataFile(active.path) || isConfigFile(active.path))) return active;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Train'),
    filters: { [vscode.l10n.t('Data files')]: [...trainableExtensionFilter] },
  });
  return picked?.[0];
}

/** SeqLab: Open Panel, for a config, a run (its config's panel), or the active config. True once its page runs. */
async function openPanel(context: CommandContext, target: unknown): Promise<boolean> {
  const configFile = configOf(context, target) ?? await pickConfig(context);
  if (!configFile) return false;
  return (await context.panels.show(configFile).whenStarted()) === 'ready';
}

export function configOf(context: CommandContext, target: unknown): vscode.Uri | undefined {
  if (target instanceof vscode.Uri) return isConfigFile(target.path) ? target : undefined;
  const node = target as RunsNode | undefined;
  if (node?.kind === 'config') return vscode.Uri.file(node.configFile);
  if (node?.kind === 'run') {
    const run = context.catalog.get(node.runDir);
    return run ? vscode.Uri.file(run.configFile) : undefined;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  return target === undefined && active?.scheme === 'file' && isConfigFile(active.path) ? active : undefined;
}

async function pickConfig(context: CommandContext): Promise<vscode.Uri | undefined> {
  const configs = [...new Set(context.catalog.runs().map((run) => run.configFile))];
  if (configs.length === 1) return vscode.Uri.file(configs[0]);
  const picked = await vscode.window.showQuickPick(
    configs.map((file) => ({ label: path.basename(file), description: vscode.workspace.asRelativePath(path.dirname(file)), file })),
    { title: vscode.l10n.t('Open the panel of which config?') });
  return picked ? vscode.Uri.file(picked.file) : undefined;
}

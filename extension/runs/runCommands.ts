import * as path from 'node:path';
import * as vscode from 'vscode';
import { RUN_FILES } from '../../engine/index';
import type { CommandContext } from '../commands';
import { configStem } from '../config/configFinder';
import { showWarningWithLog } from '../notify';
import { requireTrust } from '../trust';
import type { CatalogRun } from './runCatalog';
import type { RunsNode } from './runsTree';

// The Runs view's actions, and Stop from everywhere (panel, view, status bar, CodeLens, palette).

const FINISHED = new Set(['completed', 'early-stopped', 'stopped', 'diverged', 'failed']);

export function registerRunCommands(context: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('seqlab.stop', (target?: unknown) => stop(context, target)),
    vscode.commands.registerCommand('seqlab.resume', (node?: RunsNode) => resume(context, node)),
    vscode.commands.registerCommand('seqlab.revealModel', (node?: RunsNode) => revealModel(context, node)),
    vscode.commands.registerCommand('seqlab.deleteRun', (node?: RunsNode) => deleteRun(context, node)),
    vscode.commands.registerCommand('seqlab.deleteFinishedRuns', (node?: RunsNode) => deleteFinished(context, node)),
    vscode.commands.registerCommand('seqlab.openSamples', () => openSamples(context)),
  ];
}

function runOf(context: CommandContext, target: unknown): CatalogRun | undefined {
  if (typeof target === 'string') return context.catalog.get(target);
  const node = target as RunsNode | undefined;
  return node?.kind === 'run' ? context.catalog.get(node.runDir) : undefined;
}

/** Stops a run (a run folder, a run node, a config's active runs, or whichever the user picks); true if one was asked to stop. */
async function stop(context: CommandContext, target: unknown): Promise<boolean> {
  let runs = context.catalog.runs().filter((run) => run.state === 'running' || run.state === 'queued');
  const single = runOf(context, target);
  if (single) runs = [single];
  else if (target instanceof vscode.Uri) runs = runs.filter((run) => run.configFile === target.fsPath);
  else if ((target as RunsNode | undefined)?.kind === 'config') runs = runs.filter((run) => run.configFile === (target as { configFile: string }).configFile);
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No SeqLab run is training.'));
    return false;
  }
  let chosen = runs[0];
  if (runs.length > 1) {
    const picked = await vscode.window.showQuickPick(runs.map((run) => ({ label: run.label || run.id, description: `${configStem(run.configFile)} · ${run.state}`, run })), { title: vscode.l10n.t('Stop which run?') });
    if (!picked) return false;
    chosen = picked.run;
  }
  return context.manager.stop(chosen.runDir);
}

async function resume(context: CommandContext, node: RunsNode | undefined): Promise<string | undefined> {
  const run = runOf(context, node);
  if (!run) {
    context.log.warn('Resume: the Runs view named no run (its rows were being refreshed); pick Resume again');
    return undefined;
  }
  if (!requireTrust(vscode.l10n.t('resume'))) return undefined;
  if (run.state !== 'interrupted' && run.state !== 'stopped') {
    context.log.warn(`${run.id}: not resumed, it is ${run.state}`);
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} is {1}: only an interrupted or stopped run resumes.', run.id, run.state));
    return undefined;
  }
  context.panels.show(vscode.Uri.file(run.configFile));
  return context.manager.resume(run.runDir, run.configFile, run.label).runDir;
}

async function revealModel(context: CommandContext, node: RunsNode | undefined): Promise<void> {
  const run = runOf(context, node);
  if (!run?.hasModel) return;
  await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(path.join(run.runDir, RUN_FILES.model)));
}

async function deleteRun(context: CommandContext, node: RunsNode | undefined): Promise<boolean> {
  const run = runOf(context, node);
  if (!run) return false;
  if (run.state === 'running' || run.state === 'queued' || run.state === 'running-elsewhere') {
    showWarningWithLog(context.log, vscode.l10n.t('{0} ({1}) is still training: stop it before deleting it.', run.label || run.id, run.id));
    return false;
  }
  const remove = vscode.l10n.t('Delete');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete the run {0} ({1})? Its folder, checkpoint and model are removed.', run.label || run.id, run.id), { modal: true }, remove);
  if (answer !== remove) return false;
  await vscode.workspace.fs.delete(vscode.Uri.file(run.runDir), { recursive: true, useTrash: false });
  context.catalog.refresh([run.runDir]);
  context.log.info(`${run.id}: deleted`);
  return true;
}

async function deleteFinished(context: CommandContext, node: RunsNode | undefined): Promise<number> {
  if (node?.kind !== 'config') return 0;
  const finished = context.catalog.runsOf(node.configFile).filter((run) => FINISHED.has(run.state));
  if (finished.length === 0) return 0;
  const remove = vscode.l10n.t('Delete');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete the {0} finished run(s) of {1}? Running and interrupted runs are kept.', finished.length, configStem(node.configFile)), { modal: true }, remove);
  if (answer !== remove) return 0;
  for (const run of finished) await vscode.workspace.fs.delete(vscode.Uri.file(run.runDir), { recursive: true, useTrash: false });
  context.catalog.refresh(finished.map((run) => run.runDir));
  context.log.info(`${configStem(node.configFile)}: deleted ${finished.length} finished run(s)`);
  return finished.length;
}

/** Copies the bundled samples (data, configs, licences) into the workspace and shows them. */
async function openSamples(context: CommandContext): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder first: SeqLab copies its samples into it.'));
    return undefined;
  }
  const target = vscode.Uri.joinPath(folder.uri, 'seqlab-samples');
  try {
    await vscode.workspace.fs.stat(target);
  } catch {
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(context.extensionUri, 'samples'), target);
    context.log.info(`Copied the samples to ${target.fsPath}`);
  }
  await vscode.commands.executeCommand('revealInExplorer', target);
  return target;
}

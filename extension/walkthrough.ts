import * as vscode from 'vscode';
import { Disposable } from './dispose';
import type { RunCatalog } from './runs/runCatalog';

// "Get started with SeqLab" (package.json `walkthroughs`): train on a sample, edit the config and see
// it retrain, predict. Each step completes on its real event, through a context key set here:
//   seqlab.walkthrough.trained    a run finished with a model
//   seqlab.walkthrough.retrained  a run started by an edit of its config (its label names what changed)
//   seqlab.walkthrough.predicted  Predict wrote predictions or generated text (set by the Predict command)
// Step 1's button runs SeqLab: Train on a Sample: the CO2 sample (data, config and its licence notice)
// is copied into the workspace, or into a new folder that then opens, and trains.

export const TRAIN_SAMPLE_COMMAND = 'seqlab.trainSample';
const SAMPLE_FILES = ['co2-concentration.csv', 'co2-concentration.seqlab.json', 'NOTICE.md'] as const;
const SAMPLE_FOLDER = 'seqlab-samples';
/** globalState: the sample's data file to train once the new folder it was copied into has opened. */
const PENDING_TRAIN = 'seqlab.walkthrough.pendingTrain';

export function setWalkthroughContext(key: 'trained' | 'retrained' | 'predicted', log: vscode.LogOutputChannel): void {
  log.info(`Walkthrough: ${key}`);
  void vscode.commands.executeCommand('setContext', `seqlab.walkthrough.${key}`, true);
}

export class Walkthrough extends Disposable {
  private trained = false;
  private retrained = false;

  constructor(private readonly context: vscode.ExtensionContext, private readonly catalog: RunCatalog, private readonly log: vscode.LogOutputChannel) {
    super();
    this.register(vscode.commands.registerCommand(TRAIN_SAMPLE_COMMAND, () => this.trainSample()));
    this.register(catalog.onDidChange(() => this.update()));
    this.update();
    void this.trainPendingSample();
  }

  private update(): void {
    const runs = this.catalog.runs();
    if (!this.trained && runs.some((run) => run.hasModel && (run.state === 'completed' || run.state === 'early-stopped'))) {
      this.trained = true;
      setWalkthroughContext('trained', this.log);
    }
    // A change label reads `model.hiddenSize 64→128`: only an edit of the config makes one.
    if (!this.retrained && runs.some((run) => run.label.includes('→'))) {
      this.retrained = true;
      setWalkthroughContext('retrained', this.log);
    }
  }

  /** Copies the sample and starts Train; resolves to what Train resolved to (the run folder), if it ran here. */
  private async trainSample(): Promise<unknown> {
    const workspace = vscode.workspace.workspaceFolders?.[0];
    const folder = workspace?.uri ?? (await this.pickNewFolder());
    if (!folder) return undefined;
    const target = workspace ? vscode.Uri.joinPath(folder, SAMPLE_FOLDER) : folder;
    for (const name of SAMPLE_FILES) {
      const destination = vscode.Uri.joinPath(target, name);
      // Never overwrite: a config the user already edited stays as it is.
      if (await exists(destination)) continue;
      await vscode.workspace.fs.copy(vscode.Uri.joinPath(this.context.extensionUri, 'samples', name), destination);
    }
    const data = vscode.Uri.joinPath(target, SAMPLE_FILES[0]);
    this.log.info(`Walkthrough: the CO2 sample is in ${target.fsPath}`);
    if (workspace) return vscode.commands.executeCommand('seqlab.train', data);
    // A new folder opens in this window, which restarts the extension: train once it is back.
    await this.context.globalState.update(PENDING_TRAIN, data.toString());
    await vscode.commands.executeCommand('vscode.openFolder', folder);
    return undefined;
  }

  private async pickNewFolder(): Promise<vscode.Uri | undefined> {
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: false,
      canSelectFolders: true,
      openLabel: vscode.l10n.t('Copy the Sample Here'),
      title: vscode.l10n.t('SeqLab: a folder for the CO2 sample (it opens in this window)'),
    });
    return picked?.[0];
  }

  private async trainPendingSample(): Promise<void> {
    const pending = this.context.globalState.get<string>(PENDING_TRAIN);
    if (!pending) return;
    const data = vscode.Uri.parse(pending);
    if (!vscode.workspace.getWorkspaceFolder(data)) return; // another window's sample
    await this.context.globalState.update(PENDING_TRAIN, undefined);
    await vscode.commands.executeCommand('seqlab.train', data);
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false);
}

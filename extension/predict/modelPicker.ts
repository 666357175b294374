import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SeqLabModelMetadata } from '../../engine/index';
import { describeTask, headlineMetric, parseInspectOutput } from './modelInfo';
import { CliFailed, type SeqlabCli } from './seqlabCli';

// The models Predict can use: the workspace's runs with a model.onnx and any other .onnx file with
// SeqLab metadata, newest first. Every file is read by `seqlab inspect` in a child process (all of
// them in one), never in the extension host; a file that is not a usable SeqLab model is listed apart
// with the CLI's reason.

export interface ModelChoice {
  readonly uri: vscode.Uri;
  readonly metadata: SeqLabModelMetadata;
  /** The run folder's name when the model is a run's model.onnx. */
  readonly run?: string;
  /** The run's change label (run.json `label`), e.g. `model.hiddenSize 64→128`. */
  readonly label?: string;
  readonly modified: number;
}

interface Refused {
  readonly uri: vscode.Uri;
  readonly error: string;
}

const RUN_MODEL = /\/\.seqlab\/runs\/([^/]+)\/model\.onnx$/;
const MAX_FILES = 500;

/** One model file, for a command given a .onnx: the CLI's message when it cannot be used. */
export async function inspectModel(cli: SeqlabCli, uri: vscode.Uri, token?: vscode.CancellationToken): Promise<ModelChoice> {
  const result = await cli.runOk(['inspect', uri.fsPath, '--json', '--require-seqlab'], token);
  const [entry] = parseInspectOutput(result.stdout, [uri.fsPath]);
  if ('error' in entry) throw new CliFailed(entry.error);
  return describeFile(uri, entry.metadata);
}

/** Every .onnx of the workspace, inspected in one child process. */
export async function findModels(cli: SeqlabCli, token?: vscode.CancellationToken): Promise<{ models: ModelChoice[]; refused: Refused[] }> {
  const uris = (await vscode.workspace.findFiles('**/*.onnx', '**/node_modules/**', MAX_FILES, token)).filter((uri) => uri.scheme === 'file');
  if (uris.length === 0) return { models: [], refused: [] };
  const files = uris.map((uri) => uri.fsPath);
  const result = await cli.run(['inspect', ...files, '--json', '--require-seqlab'], token);
  const models: ModelChoice[] = [];
  const refused: Refused[] = [];
  for (const [i, entry] of parseInspectOutput(result.stdout, files).entries()) {
    if ('error' in entry) refused.push({ uri: uris[i], error: entry.error });
    else models.push(await describeFile(uris[i], entry.metadata));
  }
  models.sort((a, b) => b.modified - a.modified);
  return { models, refused };
}

async function describeFile(uri: vscode.Uri, metadata: SeqLabModelMetadata): Promise<ModelChoice> {
  const modified = await vscode.workspace.fs.stat(uri).then((stat) => stat.mtime, () => 0);
  const run = RUN_MODEL.exec(uri.path)?.[1];
  return { uri, metadata, modified, ...(run ? { run, label: await runLabel(uri) } : {}) };
}

/** The change label the run recorded (run.json `label`); plain JSON, read in the host. */
async function runLabel(model: vscode.Uri): Promise<string | undefined> {
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(model, '..', 'run.json')));
    const label = (JSON.parse(text) as { label?: unknown }).label;
    return typeof label === 'string' && label.length > 0 ? label : undefined;
  } catch {
    return undefined;
  }
}

type Item = vscode.QuickPickItem & { readonly model?: ModelChoice; readonly refused?: Refused };

/** The model picker; resolves undefined when the user dismisses it. */
export async function pickModel(cli: SeqlabCli): Promise<ModelChoice | undefined> {
  const quickPick = vscode.window.createQuickPick<Item>();
  quickPick.title = vscode.l10n.t('SeqLab: Predict');
  quickPick.placeholder = vscode.l10n.t('Choose a model (reading the workspace’s .onnx files…)');
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.busy = true;
  const listing = new vscode.CancellationTokenSource();
  try {
    const chosen = new Promise<Item | undefined>((resolve) => {
      // Enter chooses nothing while the list is loading, or in the instant the items have reached this
      // side but not yet the workbench (no item selected): then it does nothing rather than dismiss.
      quickPick.onDidAccept(() => {
        const [item] = quickPick.selectedItems;
        if (!quickPick.busy && item) resolve(item);
      });
      quickPick.onDidHide(() => resolve(undefined));
    });
    quickPick.show();
    void findModels(cli, listing.token).then(({ models, refused }) => {
      quickPick.items = toItems(models, refused);
      quickPick.busy = false;
      quickPick.placeholder = models.length > 0
        ? vscode.l10n.t('Choose a model: runs and .onnx files, newest first')
        : vscode.l10n.t('No SeqLab model in this workspace yet: train one with SeqLab: Train');
    }, (error: unknown) => {
      if (error instanceof vscode.CancellationError) return;
      quickPick.busy = false;
      quickPick.placeholder = vscode.l10n.t('Could not read the models: {0}', (error as Error).message);
    });
    const item = await chosen;
    if (item?.refused) {
      void vscode.window.showErrorMessage(vscode.l10n.t('SeqLab cannot use {0}: {1}', vscode.workspace.asRelativePath(item.refused.uri), item.refused.error));
      return undefined;
    }
    return item?.model;
  } finally {
    listing.cancel();
    listing.dispose();
    quickPick.dispose();
  }
}

function toItems(models: readonly ModelChoice[], refused: readonly Refused[]): Item[] {
  const items: Item[] = models.map((model) => ({
    label: `$(${model.run ? 'beaker' : 'file-binary'}) ${model.run ?? path.posix.basename(model.uri.path)}`,
    description: describeTask(model.metadata),
    detail: [headlineMetric(model.metadata), model.label, vscode.workspace.asRelativePath(model.uri)].filter(Boolean).join(' · '),
    model,
  }));
  if (refused.length > 0) {
    items.push({ label: vscode.l10n.t('Not usable'), kind: vscode.QuickPickItemKind.Separator });
    for (const entry of refused) items.push({ label: `$(error) ${path.posix.basename(entry.uri.path)}`, description: vscode.workspace.asRelativePath(entry.uri), detail: entry.error, refused: entry });
  }
  return items;
}

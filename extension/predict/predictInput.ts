import * as path from 'node:path';
import * as vscode from 'vscode';

// The CSV a forecast or classify model predicts from: the file the command was given, else the CSV in
// the active editor (a text editor or a custom CSV viewer), else one the user picks.

const INPUT_EXTENSIONS: readonly string[] = ['.csv', '.tsv'];

export function isPredictInput(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && INPUT_EXTENSIONS.includes(path.posix.extname(uri.path).toLowerCase());
}

export async function chooseInput(given: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  if (given && isPredictInput(given)) return given;
  const active = activeEditorUri();
  if (active && isPredictInput(active)) return active;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Predict'),
    title: vscode.l10n.t('SeqLab: the CSV to predict from'),
    filters: { [vscode.l10n.t('CSV files')]: INPUT_EXTENSIONS.flatMap((extension) => [extension.slice(1), extension.slice(1).toUpperCase()]) },
  });
  return picked?.[0];
}

function activeEditorUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

/** `<input stem>.predictions.csv` beside the input. */
export function predictionsFileFor(input: vscode.Uri): vscode.Uri {
  const name = path.posix.basename(input.path);
  return vscode.Uri.joinPath(input, '..', `${name.slice(0, name.length - path.posix.extname(name).length)}.predictions.csv`);
}

import * as path from 'node:path';
import * as vscode from 'vscode';

// `seqlab` in the integrated terminal: the extension's bin/ goes first on the terminal's PATH, and
// SEQLAB_NODE names the extension host's runtime, which bin/seqlab runs the CLI with (Node, or VS
// Code's Electron binary as Node), so the command works on a machine without Node. VS Code keeps the
// collection across reloads and applies it to terminals opened from then on.

export function contributeCliToTerminal(context: vscode.ExtensionContext): void {
  const collection = context.environmentVariableCollection;
  collection.description = vscode.l10n.t('Adds the `seqlab` command of the SeqLab extension to the terminal');
  collection.prepend('PATH', vscode.Uri.joinPath(context.extensionUri, 'bin').fsPath + path.delimiter);
  collection.replace('SEQLAB_NODE', process.execPath);
}

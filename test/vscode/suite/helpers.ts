import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../../extension/extension';

// What the integration tests share: the workspace copy, SeqLab's testing handle, and waiting for
// things that happen in their own time (a worker's epochs) without fixed sleeps.

export const EXTENSION_ID = 'seqlab.seqlab';

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the workspace copy is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function seqlab(): Promise<TestingApi> {
  const extension = vscode.extensions.getExtension<{ testing: TestingApi } | undefined>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded`);
  const api = await extension.activate();
  assert.ok(api?.testing, 'SeqLab returns its testing handle under test');
  return api.testing;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** The run folders under `<workspace>/.seqlab/runs`. */
export function runFolders(): string[] {
  const runs = path.join(workspaceFile('.').fsPath, '.seqlab', 'runs');
  return fs.existsSync(runs) ? fs.readdirSync(runs).map((name) => path.join(runs, name)) : [];
}

/** The open tabs showing a SeqLab webview panel, by label. */
export function seqLabPanelTabs(): string[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('seqlab.panel'))
    .map((tab) => tab.label);
}

/** Replaces the one occurrence of `text` in `document` (unsaved), as typing would. */
export async function replaceText(document: vscode.TextDocument, text: string, replacement: string): Promise<void> {
  const at = document.getText().indexOf(text);
  assert.ok(at >= 0 && document.getText().indexOf(text, at + 1) < 0, `${text} occurs once in ${document.uri.path}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + text.length)), replacement);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

/** Sets a SeqLab setting for the workspace (in the copy's .vscode/settings.json); undefined removes it. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('seqlab').update(key, value, vscode.ConfigurationTarget.Workspace);
  // The extension host learns of the new value a moment after update() resolves.
  const folder = workspaceFile('.');
  await waitFor(`seqlab.${key} to read ${JSON.stringify(value)}`, () => {
    const inspected = vscode.workspace.getConfiguration('seqlab', folder).inspect(key);
    return JSON.stringify(inspected?.workspaceFolderValue ?? inspected?.workspaceValue) === JSON.stringify(value);
  }, 10_000);
}

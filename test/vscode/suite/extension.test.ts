/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

// SeqLab inside a real extension host, through the public API only: the manifest's contributions,
// the registered commands, and the panel a user gets from Train.

const EXTENSION_ID = 'seqlab.seqlab';
const SEQLAB_COMMANDS = ['seqlab.train', 'seqlab.openPanel', 'seqlab.showLog'];

function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** The open tabs showing a SeqLab webview panel, by label. */
function seqLabPanelTabs(): Map<string, number> {
  const labels = new Map<string, number>();
  for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
    if (tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('seqlab.panel')) {
      labels.set(tab.label, (labels.get(tab.label) ?? 0) + 1);
    }
  }
  return labels;
}

suite('SeqLab extension', () => {
  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('registers the SeqLab commands', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const command of SEQLAB_COMMANDS) assert.ok(commands.has(command), `${command} is registered`);
  });

  test('Train on data.csv opens its panel once the webview script has run', async () => {
    // Resolves true only after the webview's nonce'd script posted `ready`: the page really ran.
    const started = await vscode.commands.executeCommand<boolean>('seqlab.train', fixture('data.csv'));
    assert.equal(started, true);
    assert.deepEqual([...seqLabPanelTabs()], [['SeqLab: data.csv', 1]]);
  });

  test('Train on the same file again reveals its panel instead of opening another', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('seqlab.train', fixture('data.csv')), true);
    assert.equal(await vscode.commands.executeCommand<boolean>('seqlab.train', fixture('data.csv')), true);
    assert.deepEqual([...seqLabPanelTabs()], [['SeqLab: data.csv', 1]]);
  });

  test('Train accepts an upper-case .CSV and a .txt file', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('seqlab.train', fixture('EXPORT.CSV')), true);
    assert.equal(await vscode.commands.executeCommand<boolean>('seqlab.train', fixture('notes.txt')), true);
    assert.deepEqual([...seqLabPanelTabs()].sort(), [['SeqLab: EXPORT.CSV', 1], ['SeqLab: notes.txt', 1]]);
  });

  test('Train refuses a .json file and opens nothing', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('seqlab.train', fixture('model.json')), false);
    assert.equal(seqLabPanelTabs().size, 0);
  });

  test('Train from the palette uses the active editor when it shows a data file', async () => {
    await vscode.window.showTextDocument(fixture('notes.txt'));
    assert.equal(await vscode.commands.executeCommand<boolean>('seqlab.train'), true);
    assert.deepEqual([...seqLabPanelTabs()], [['SeqLab: notes.txt', 1]]);
  });

  test('Open Panel opens the panel without a data file', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('seqlab.openPanel'), true);
    assert.deepEqual([...seqLabPanelTabs()], [['SeqLab', 1]]);
  });
});

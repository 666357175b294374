/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { runFolders, seqlab, seqLabPanelTabs, workspaceFile } from '../helpers';

// SeqLab inside a real extension host, through the public API: activation, the commands, and what
// Train refuses.

const SEQLAB_COMMANDS = ['seqlab.train', 'seqlab.stop', 'seqlab.openPanel', 'seqlab.resume', 'seqlab.revealModel',
  'seqlab.deleteRun', 'seqlab.deleteFinishedRuns', 'seqlab.openSamples', 'seqlab.showLog'];

suite('SeqLab extension', () => {
  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('activates', async () => {
    const { activationMs } = await seqlab();
    console.log(`    activation: ${activationMs.toFixed(1)} ms inside activate()`);
  });

  test('registers the SeqLab commands', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const command of SEQLAB_COMMANDS) assert.ok(commands.has(command), `${command} is registered`);
  });

  test('Train refuses a .json file, opens nothing and starts nothing', async () => {
    assert.equal(await vscode.commands.executeCommand('seqlab.train', workspaceFile('model.json')), undefined);
    assert.equal(seqLabPanelTabs().length, 0);
    assert.deepEqual(runFolders(), []);
  });
});

/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, runFolders, seqlab, seqLabPanelTabs, workspaceFile } from '../helpers';

// SeqLab inside a real extension host, through the public API: activation, the commands, and what
// Train refuses.

const SEQLAB_COMMANDS = ['seqlab.train', 'seqlab.stop', 'seqlab.openPanel', 'seqlab.resume', 'seqlab.revealModel',
  'seqlab.deleteRun', 'seqlab.deleteFinishedRuns', 'seqlab.openSamples', 'seqlab.showLog'];

suite('SeqLab extension', () => {
  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('activates', async () => {
    // Nothing in this workspace activates SeqLab by itself (no *.seqlab.json yet): this call loads it.
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const loaded = extension?.isActive === false;
    const started = performance.now();
    const { activationMs } = await seqlab();
    const total = performance.now() - started;
    console.log(`    activation: ${activationMs.toFixed(1)} ms inside activate()${loaded ? `, ${total.toFixed(0)} ms with loading the bundle` : ''}`);
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

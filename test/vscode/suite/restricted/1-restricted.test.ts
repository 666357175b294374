/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { runFolders, seqlab, waitFor, workspaceFile } from '../helpers';

// Restricted Mode: the workspace copy holds a run the CLI trained; SeqLab lists it but trains nothing.

suite('Restricted Mode', () => {
  test('the workspace is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('Train is refused and starts nothing', async () => {
    await seqlab();
    const before = runFolders();
    assert.equal(await vscode.commands.executeCommand('seqlab.train', workspaceFile('seattle-weather.csv')), undefined);
    assert.equal(await vscode.commands.executeCommand('seqlab.train', workspaceFile('seattle-weather.seqlab.json')), undefined);
    assert.deepEqual(runFolders(), before);
  });

  test('the runs already in the workspace are listed, with their state', async () => {
    const { catalog } = await seqlab();
    const [cliRun] = runFolders();
    assert.ok(cliRun, 'the CLI trained a run before VS Code opened');
    const listed = await waitFor('the CLI run in the catalog', () => catalog.get(cliRun));
    assert.equal(listed.state, 'completed');
    assert.equal(listed.hasModel, true);
  });
});

/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { seqlab, waitFor, workspaceFile } from '../helpers';

// The walkthrough's first step, SeqLab: Train on a Sample: the CO2 sample, its config and its licence
// notice are copied into the workspace (never over a file already there) and Train starts on them.
// (Its steps checking themselves off on the real events is the VSIX journey's last step: the
// walkthrough page is read from the workbench's DOM there.)

suite('Walkthrough', () => {
  test('Train on a Sample copies the CO2 sample into seqlab-samples/ and trains it', async () => {
    const { manager } = await seqlab();
    const runDir = await vscode.commands.executeCommand<string | undefined>('seqlab.trainSample');
    assert.ok(runDir, 'Train started a run');
    const folder = workspaceFile('seqlab-samples').fsPath;
    assert.deepEqual(fs.readdirSync(folder).filter((name) => !name.startsWith('.')).sort(), ['NOTICE.md', 'co2-concentration.csv', 'co2-concentration.seqlab.json']);
    assert.equal(path.dirname(path.dirname(path.dirname(runDir))), folder, 'the run belongs to the copied config');
    const run = await waitFor('run.json', () => fs.existsSync(path.join(runDir, 'run.json')) && fs.readFileSync(path.join(runDir, 'run.json'), 'utf8'));
    assert.ok(run.includes('co2-concentration.seqlab.json'), 'the bundled config, not a new proposal');
    assert.equal(await vscode.commands.executeCommand('seqlab.stop', runDir), true);
    await waitFor('the run to stop', () => !manager.isActive(runDir));
  });

  test('a second Train on a Sample keeps the config the user edited', async () => {
    const { manager } = await seqlab();
    const config = workspaceFile('seqlab-samples/co2-concentration.seqlab.json').fsPath;
    const edited = fs.readFileSync(config, 'utf8').replace(/"hiddenSize": \d+/, '"hiddenSize": 16');
    fs.writeFileSync(config, edited);
    const runDir = await vscode.commands.executeCommand<string | undefined>('seqlab.trainSample');
    assert.ok(runDir);
    assert.equal(fs.readFileSync(config, 'utf8'), edited);
    await vscode.commands.executeCommand('seqlab.stop', runDir);
    await waitFor('the run to stop', () => !manager.isActive(runDir));
  });
});

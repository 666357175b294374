/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readJson, runFolders, seqlab, waitFor, workspaceFile } from '../helpers';

// What goes wrong, as a user meets it: a config the engine refuses shows diagnostics on the right
// range and starts nothing; a worker that dies mid-run leaves its run failed and the host working.

suite('Problems', () => {
  test('an invalid config shows its diagnostic on the JSON range the engine names, and Train starts nothing', async () => {
    const { diagnostics } = await seqlab();
    const proposed = fs.readFileSync(workspaceFile('seattle-weather.seqlab.json').fsPath, 'utf8');
    const bad = workspaceFile('bad.seqlab.json');
    // The schema accepts each fraction; only the engine sees that they do not sum to 1.
    fs.writeFileSync(bad.fsPath, proposed.replace('"train": 0.7', '"train": 0.9'));
    const document = await vscode.workspace.openTextDocument(bad);
    await vscode.window.showTextDocument(document);
    const found = await waitFor('a SeqLab diagnostic', () => {
      const list = diagnostics.get(bad).filter((item) => item.source === 'SeqLab');
      return list.length > 0 ? list : undefined;
    });
    assert.match(found[0].message, /must be 1/);
    const splitAt = document.getText().indexOf('"split"');
    const range = found[0].range;
    assert.equal(document.getText(range).trim().startsWith('{'), true, `the range covers the split object: ${document.getText(range)}`);
    assert.ok(document.offsetAt(range.start) > splitAt, 'the range is the value of data.split');
    const before = runFolders().length;
    assert.equal(await vscode.commands.executeCommand('seqlab.train', bad), undefined);
    assert.equal(runFolders().length, before, 'no run folder was created');
    fs.rmSync(bad.fsPath);
  });

  test('a worker terminated mid-run leaves the run failed, and the host trains on', async () => {
    const { catalog, manager } = await seqlab();
    const config = workspaceFile('seattle-weather.seqlab.json');
    const runDir = await vscode.commands.executeCommand<string>('seqlab.train', config);
    await waitFor('the first epoch', () => (catalog.get(runDir)?.live?.store.epochs.length ?? 0) >= 1);
    assert.equal(await manager.terminate(runDir), true);
    await waitFor('the run to end', () => !manager.isActive(runDir));
    assert.equal(manager.get(runDir)?.end?.kind, 'crashed');
    const summary = readJson<{ status: string; message: string }>(path.join(runDir, 'summary.json'));
    assert.equal(summary.status, 'failed');
    assert.match(summary.message, /worker stopped unexpectedly/);
    await waitFor('the catalog to show it failed', () => catalog.get(runDir)?.state === 'failed');

    const next = await vscode.commands.executeCommand<string>('seqlab.train', config);
    await waitFor('the next run to train', () => (catalog.get(next)?.live?.store.batchPoints ?? 0) > 0);
    await vscode.commands.executeCommand('seqlab.stop', next);
    await waitFor('the next run to end', () => !manager.isActive(next));
  });
});

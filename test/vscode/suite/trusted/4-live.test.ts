/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readJson, replaceText, seqlab, setSetting, waitFor, workspaceFile } from '../helpers';

// Live retraining while typing (`seqlab.liveRetrain: onType`): a valid edit, unsaved, starts a run of
// the edited text once typing pauses; an invalid one shows its diagnostic and starts nothing; a run
// that an edit replaces before its first epoch ends is deleted.

suite('Live retraining while typing', () => {
  const config = workspaceFile('seattle-weather.seqlab.json');
  let document: vscode.TextDocument;
  let saved = '';

  suiteSetup(async () => {
    await setSetting('liveRetrain', 'onType');
    document = await vscode.workspace.openTextDocument(config);
    await vscode.window.showTextDocument(document);
    saved = fs.readFileSync(config.fsPath, 'utf8');
  });

  suiteTeardown(async () => {
    // The config as it was, saved while nothing retrains.
    await setSetting('liveRetrain', 'off');
    const { manager } = await seqlab();
    for (const run of manager.all()) manager.stop(run.runDir);
    await waitFor('every run to end', () => manager.all().every((run) => run.phase === 'ended'));
    await replaceText(document, document.getText(), saved);
    assert.ok(await document.save());
    await setSetting('liveRetrain', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function runDirs(): Promise<string[]> {
    return (await seqlab()).catalog.runsOf(config.fsPath).map((run) => run.runDir);
  }

  test('a valid unsaved edit starts a run of the edited text after the typing pause; the file stays as saved', async () => {
    const { catalog } = await seqlab();
    const before = await runDirs();
    await replaceText(document, '"hiddenSize": 32', '"hiddenSize": 24');
    assert.ok(document.isDirty);
    const run = await waitFor('a run of the edit', () => catalog.runsOf(config.fsPath).find((candidate) => !before.includes(candidate.runDir)));
    assert.equal(run.label, 'model.hiddenSize 32→24');
    await waitFor('its first batch', () => (catalog.get(run.runDir)?.live?.store.batchPoints ?? 0) > 0);
    assert.equal(readJson<{ model: { hiddenSize: number } }>(path.join(run.runDir, 'config.json')).model.hiddenSize, 24, 'it trains the text in the editor');
    assert.equal(fs.readFileSync(config.fsPath, 'utf8'), saved, 'the file was not saved');
  });

  test('an unsaved edit naming a column the data lacks shows its diagnostic and starts no run', async () => {
    const { diagnostics, manager } = await seqlab();
    const before = await runDirs();
    const queued = manager.all().length;
    await replaceText(document, '"temp_min"', '"temp_low"');
    const found = await waitFor('the diagnostic of the unsaved text', () => diagnostics.get(config).find((item) => /no column "temp_low"/.test(item.message)));
    assert.equal(document.getText(found.range), '"temp_low"');
    // Longer than the typing pause that would have started a run (1 s).
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.deepEqual(await runDirs(), before);
    assert.equal(manager.all().length, queued, 'no run was queued');
  });

  test('a run replaced by an edit before its first epoch is deleted', async () => {
    const { catalog, manager } = await seqlab();
    const before = await runDirs();
    // The column back, and a model whose first epoch takes far longer than the typing pause: one run.
    await replaceText(document, '"temp_low"', '"temp_min"');
    await replaceText(document, '"hiddenSize": 24', '"hiddenSize": 1024');
    const slow = await waitFor('the slow run', () => catalog.runsOf(config.fsPath).find((candidate) => !before.includes(candidate.runDir)));
    assert.equal(slow.label, 'model.hiddenSize 24→1024');
    await waitFor('the slow run to train', () => (catalog.get(slow.runDir)?.live?.store.start ?? null) !== null);
    await replaceText(document, '"hiddenSize": 1024', '"hiddenSize": 16');
    const next = await waitFor('the run of the next edit', () => catalog.runsOf(config.fsPath).find((run) => run.label === 'model.hiddenSize 1024→16'));
    await waitFor('the replaced run to end', () => !manager.isActive(slow.runDir));
    assert.equal(catalog.get(slow.runDir)?.live?.store.epochs.length ?? 0, 0, 'it ended before its first epoch');
    await waitFor('its folder to be deleted', () => !fs.existsSync(slow.runDir));
    await waitFor('the catalog to drop it', () => catalog.get(slow.runDir) === undefined);
    assert.ok(manager.isActive(next.runDir) || fs.existsSync(path.join(next.runDir, 'summary.json')));
  });
});

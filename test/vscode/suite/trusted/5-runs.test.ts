/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { repoRoot } from '../../../tools/paths';
import type { RunsNode } from '../../../../extension/runs/runsTree';
import { seqlab, setSetting, waitFor, workspaceFile } from '../helpers';

// Several runs at once: the queue (`seqlab.training.maxConcurrentRuns`), the threads each run gets
// (`seqlab.training.threads: auto`), what Delete refuses, and Open the Samples.

/** Two configs of the same data (Train on a config stops its own running run, not another config's). */
function twoConfigs(): [vscode.Uri, vscode.Uri] {
  const text = fs.readFileSync(workspaceFile('seattle-weather.seqlab.json').fsPath, 'utf8');
  return (['runs-a', 'runs-b'] as const).map((name) => {
    const file = workspaceFile(`${name}.seqlab.json`);
    fs.writeFileSync(file.fsPath, text);
    return file;
  }) as [vscode.Uri, vscode.Uri];
}

async function train(config: vscode.Uri): Promise<string> {
  const runDir = await vscode.commands.executeCommand<string | undefined>('seqlab.train', config);
  assert.ok(runDir, `a run of ${path.basename(config.fsPath)} was started or queued`);
  return runDir;
}

suite('Runs side by side', () => {
  let a: vscode.Uri;
  let b: vscode.Uri;

  suiteSetup(() => {
    [a, b] = twoConfigs();
  });

  teardown(async () => {
    const { manager } = await seqlab();
    for (const run of manager.all()) manager.stop(run.runDir);
    await waitFor('every run to end', () => manager.all().every((run) => run.phase === 'ended'));
    await setSetting('training.maxConcurrentRuns', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('threads auto: a lone run trains on two threads, a second one alongside it on one', async () => {
    const { catalog } = await seqlab();
    const lone = os.availableParallelism() >= 2 ? 2 : 1;
    const first = await train(a);
    const firstStart = await waitFor('its start event', () => catalog.get(first)?.live?.store.start ?? undefined);
    assert.equal(firstStart.kernels.threads, lone);
    const second = await train(b);
    const secondStart = await waitFor('the second start event', () => catalog.get(second)?.live?.store.start ?? undefined);
    assert.equal(secondStart.kernels.threads, 1);
    assert.equal(catalog.get(first)?.state, 'running', 'both train at once');
  });

  test('maxConcurrentRuns 1: a second run is queued, and trains once the first ends', async () => {
    const { catalog, manager } = await seqlab();
    await setSetting('training.maxConcurrentRuns', 1);
    const first = await train(a);
    await waitFor('the first run to train', () => (catalog.get(first)?.live?.store.batchPoints ?? 0) > 0);
    const second = await train(b);
    assert.equal(catalog.get(second)?.state, 'queued');
    assert.equal(fs.existsSync(second), false, 'a queued run has no folder yet');
    // A while later it is still queued: nothing starts beside the first run.
    await waitFor('the first run\'s next epoch', () => (catalog.get(first)?.live?.store.epochs.length ?? 0) >= 1);
    assert.equal(catalog.get(second)?.state, 'queued');
    assert.ok(manager.stop(first));
    await waitFor('the queued run to train', () => (catalog.get(second)?.live?.store.batchPoints ?? 0) > 0);
    assert.equal(catalog.get(second)?.state, 'running');
  });

  test('Delete refuses a run that trains, says why, and keeps its folder', async () => {
    const { catalog, logUri } = await seqlab();
    const running = await train(a);
    await waitFor('the run to train', () => (catalog.get(running)?.live?.store.batchPoints ?? 0) > 0);
    assert.equal(await vscode.commands.executeCommand('seqlab.deleteRun', { kind: 'run', runDir: running }), false);
    assert.ok(fs.existsSync(path.join(running, 'run.json')));
    // Refused with a warning (which the log keeps), before any confirmation is asked.
    const id = path.basename(running);
    await waitFor('the refusal in SeqLab\'s log', () => fs.readFileSync(path.join(logUri.fsPath, 'SeqLab.log'), 'utf8').includes(`(${id}) is still training: stop it before deleting it.`));
  });

  test('while a run trains, the Runs view refreshes its rows, never the whole tree (a menu command picked meanwhile keeps its run)', async () => {
    const { catalog, runsTree } = await seqlab();
    const running = await train(a);
    await waitFor('the run to train', () => (catalog.get(running)?.live?.store.batchPoints ?? 0) > 0);
    // The rows as the view lists them: the configs, then each config's runs.
    const rows = runsTree.getChildren().flatMap((config) => runsTree.getChildren(config));
    const row = rows.find((node) => node.kind === 'run' && node.runDir === running);
    assert.ok(row, 'the view lists the run');
    const refreshes: (RunsNode | RunsNode[] | undefined)[] = [];
    const listening = runsTree.onDidChangeTreeData((change) => refreshes.push(change));
    // The catalog tells of new epochs at most every 200 ms.
    await waitFor('three refreshes as the run goes on', () => refreshes.length >= 3);
    listening.dispose();
    assert.ok(refreshes.every((change) => change !== undefined), 'no whole-tree refresh while the runs stay the same');
    assert.ok(refreshes.some((change) => (Array.isArray(change) ? change : [change]).includes(row)), 'the run\'s own row, the object the view holds');
  });

  test('Open the Samples copies the bundled samples into the workspace, once', async () => {
    const target = await vscode.commands.executeCommand<vscode.Uri>('seqlab.openSamples');
    assert.equal(target?.fsPath, workspaceFile('seqlab-samples').fsPath);
    const bundled = fs.readdirSync(path.join(repoRoot, 'samples')).sort();
    assert.deepEqual(fs.readdirSync(target.fsPath).sort(), bundled);
    assert.ok(bundled.some((name) => name.endsWith('.seqlab.json')) && bundled.some((name) => name.endsWith('.csv')));
    // A second time it shows the copy and leaves what the user changed there.
    const config = path.join(target.fsPath, bundled.find((name) => name.endsWith('.seqlab.json')) ?? '');
    fs.appendFileSync(config, '\n');
    const changed = fs.readFileSync(config, 'utf8');
    await vscode.commands.executeCommand('seqlab.openSamples');
    assert.equal(fs.readFileSync(config, 'utf8'), changed);
  });
});

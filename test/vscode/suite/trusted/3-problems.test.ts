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

  // What only the data can tell, each on the range of the value to change; none of them starts a worker.
  const dataProblems: { name: string; from: RegExp; to: string; range: string; message: RegExp }[] = [
    { name: 'a target column that is not in the data', from: /"targets": \[\s*"wind"\s*\]/, to: '"targets": ["gusts"]', range: '"gusts"', message: /^no column "gusts" in seattle-weather\.csv; its columns are: date, precipitation/ },
    { name: 'a window longer than the series', from: /"window": 14/, to: '"window": 5000', range: '5000', message: /^the train split has \d+ row\(s\) of the file's 1461, too few for one window of 5000/ },
    {
      name: 'a config that would not fit in memory', from: /"batchSize": 32/, to: '"batchSize": 4096', range: '4096',
      message: /^training this config needs (about )?[\d.]+ GiB in the SIMD kernels' memory, which holds at most 4 GiB .*\nhint: lower training\.batchSize to [\d,]+ or less/s,
    },
  ];
  for (const [index, problem] of dataProblems.entries()) {
    test(`${problem.name}: the diagnostic is on its value, and Train starts no worker`, async () => {
      const { diagnostics, manager, logUri } = await seqlab();
      const proposed = fs.readFileSync(workspaceFile('seattle-weather.seqlab.json').fsPath, 'utf8');
      assert.match(proposed, problem.from);
      let text = proposed.replace(problem.from, problem.to);
      if (problem.to.includes('batchSize')) text = text.replace(/"hiddenSize": \d+/, '"hiddenSize": 4096');
      const file = workspaceFile(`problem-${index + 1}.seqlab.json`);
      fs.writeFileSync(file.fsPath, text);
      const document = await vscode.workspace.openTextDocument(file);
      const [found] = await waitFor('a SeqLab diagnostic', () => {
        const list = diagnostics.get(file).filter((item) => item.source === 'SeqLab' && item.severity === vscode.DiagnosticSeverity.Error);
        return list.length > 0 ? list : undefined;
      });
      assert.match(found.message, problem.message);
      assert.equal(document.getText(found.range), problem.range);
      const [folders, runs] = [runFolders().length, manager.all().length];
      assert.equal(await vscode.commands.executeCommand('seqlab.train', file), undefined);
      assert.equal(manager.all().length, runs, 'no run was queued or started');
      assert.equal(runFolders().length, folders, 'no run folder was created');
      // The refusal is an error notification with Show Log, which logs what it shows: the engine's message.
      const refusal = `problem-${index + 1}.seqlab.json cannot be trained: at `;
      const line = await waitFor('the refusal in SeqLab\'s log', () => fs.readFileSync(path.join(logUri.fsPath, 'SeqLab.log'), 'utf8').split('\n').find((entry) => entry.includes(refusal)));
      assert.match(line.slice(line.indexOf(refusal) + refusal.length), /^\/[\w/]+: /);
      assert.ok(line.includes(found.message.split('\n')[0]), `the log line carries the engine's message: ${line}`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(file.fsPath);
    });
  }

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

  test('a warning event (the kernels\' memory full) is shown once, with Show Log, and logged; the run trains to its end', async () => {
    const { manager, logUri } = await seqlab();
    const config = workspaceFile('seattle-weather.seqlab.json');
    // Room for the kernels' scratch buffers and the weights, not the activations (test/unit/kernels/arenaFull.test.ts).
    const run = manager.start({ configFile: config.fsPath, label: 'a full arena', epochs: 2, arenaLimitBytes: 2.5 * 2 ** 20 });
    await waitFor('the run to end', () => run.phase === 'ended', 120_000);
    assert.equal(readJson<{ status: string }>(path.join(run.runDir, 'summary.json')).status, 'completed');
    const events = fs.readFileSync(path.join(run.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; code?: string });
    assert.deepEqual(events.filter((event) => event.type === 'warning').map((event) => event.code), ['ARENA_FULL']);
    // showWarningWithLog logs what it shows: one line for the one warning.
    const logged = await waitFor('the warning in SeqLab\'s log', () => {
      const file = path.join(logUri.fsPath, 'SeqLab.log');
      const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.includes(`[warning] ${run.id}: the SIMD kernels' memory is full`)) : [];
      return lines.length > 0 ? lines : undefined;
    });
    assert.equal(logged.length, 1);
  });
});

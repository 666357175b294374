/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { readJson, replaceText, seqlab, seqLabPanelTabs, waitFor, workspaceFile } from '../helpers';

// Train on seattle-weather.csv as a user does, then edit the config while the run trains: the
// workspace copy holds only data files at first, so the engine proposes the config.

interface Summary { status: string; model: string | null; epochs: number }

suite('Train and retrain', () => {
  let firstRun = '';

  test('Train on seattle-weather.csv proposes a config, opens it and the panel beside it, and trains', async () => {
    const { catalog } = await seqlab();
    const runDir = await vscode.commands.executeCommand<string | undefined>('seqlab.train', workspaceFile('seattle-weather.csv'));
    assert.ok(runDir, 'a run started');
    firstRun = runDir;
    const config = workspaceFile('seattle-weather.seqlab.json');
    assert.ok(fs.existsSync(config.fsPath), 'the proposed config was written');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, config.fsPath, 'the config is the active editor (the panel took no focus)');
    await waitFor('the panel tab', () => seqLabPanelTabs().includes('SeqLab: seattle-weather'));
    await waitFor('the first epoch', () => (catalog.get(runDir)?.live?.store.epochs.length ?? 0) >= 1);
    assert.equal(catalog.get(runDir)?.label, 'first run');
  });

  test('saving an edit of model.hiddenSize stops the running run and starts a labelled second run', async () => {
    const { catalog, manager } = await seqlab();
    const config = workspaceFile('seattle-weather.seqlab.json');
    const document = await vscode.workspace.openTextDocument(config);
    // First a run that lasts (no early stopping: the epochs cap), so that the next save lands while it trains.
    const patience = /"earlyStopping": \{\s*"patience": (\d+)/.exec(document.getText())?.[1];
    assert.ok(patience, 'the proposal stops early');
    await replaceAndSave(document, `"patience": ${patience}`, '"patience": 0');
    const long = await waitFor('the run without early stopping', () => catalog.runsOf(config.fsPath).find((run) => run.runDir !== firstRun));
    assert.equal(long.label, `training.earlyStopping.patience ${patience}→0`);
    await waitFor('its first batches', () => (catalog.get(long.runDir)?.live?.store.batchPoints ?? 0) > 0);
    await replaceAndSave(document, '"hiddenSize": 64', '"hiddenSize": 32');

    const second = await waitFor('a third run', () => catalog.runsOf(config.fsPath).find((run) => run.runDir !== firstRun && run.runDir !== long.runDir));
    assert.equal(second.label, 'model.hiddenSize 64→32');
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    await waitFor('the run it replaced to stop', () => !manager.isActive(long.runDir));
    assert.equal(readJson<Summary>(path.join(long.runDir, 'summary.json')).status, 'stopped');
    await waitFor('the second run to end', () => !manager.isActive(second.runDir), 90_000);
    delay.disable();
    // The same host idle for a moment, for scale: on a busy machine the OS alone delays it.
    const idle = monitorEventLoopDelay({ resolution: 1 });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    idle.disable();
    const figures = (histogram: typeof delay) => `p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms, max ${(histogram.max / 1e6).toFixed(1)} ms, mean ${(histogram.mean / 1e6).toFixed(2)} ms`;
    console.log(`    event-loop delay of the extension host while training with the panel open: ${figures(delay)}; idle: ${figures(idle)}; load average ${os.loadavg()[0].toFixed(2)}`);

    const summary = readJson<Summary>(path.join(second.runDir, 'summary.json'));
    assert.ok(['completed', 'early-stopped'].includes(summary.status), summary.status);
    assert.ok(fs.existsSync(path.join(second.runDir, 'model.onnx')), 'model.onnx was exported');
    assert.equal(readJson<{ label?: string }>(path.join(second.runDir, 'run.json')).label, 'model.hiddenSize 64→32', 'the label is stored with the run');
    const listed = await waitFor('the catalog to show it ended', () => {
      const run = catalog.get(second.runDir);
      return run && (run.state === 'completed' || run.state === 'early-stopped') ? run : undefined;
    });
    assert.ok(listed.hasModel);
  });

  test('Stop lands within one batch, then the best weights are scored and exported', async () => {
    const { catalog, manager } = await seqlab();
    const config = workspaceFile('seattle-weather.seqlab.json');
    const runDir = await vscode.commands.executeCommand<string>('seqlab.train', config);
    const store = await waitFor('the first epoch', () => {
      const live = catalog.get(runDir)?.live;
      return live && live.store.epochs.length >= 1 ? live.store : undefined;
    });
    assert.ok(store.batchPoints > 0);
    // The CodeLens at the top of the config: ■ Stop while it trains (the status bar's Stop runs the same command).
    const titles = async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', config)).map((lens) => lens.command);
    const stop = (await titles()).find((command) => command?.title === '■ Stop');
    assert.deepEqual(stop?.arguments, [runDir]);
    assert.equal(await vscode.commands.executeCommand(stop.command, ...stop.arguments), true);
    await waitFor('the run to end', () => !manager.isActive(runDir));
    await waitFor('▶ Train back in the CodeLens', async () => (await titles()).map((command) => command?.title).join() === '▶ Train,Open panel');
    const end = manager.get(runDir)?.end;
    assert.equal(end?.kind, 'finished');
    // Counted in the worker: batches that ended with the stop flag already up (the one in progress).
    assert.ok(end.kind === 'finished' && end.batchesAfterStop <= 1, `batches after Stop: ${JSON.stringify(end)}`);
    const events = readEvents(runDir);
    const lastBatch = [...events].reverse().find((event) => event.type === 'batch');
    const stopCheckpoint = [...events].reverse().find((event) => event.type === 'checkpoint');
    assert.ok(stopCheckpoint && lastBatch);
    // Checkpoints count completed epochs; batch events number their epoch from 1.
    const position = (epochsDone: number, batch: number) => epochsDone * lastBatch.batches + batch;
    assert.equal(position(stopCheckpoint.epoch, stopCheckpoint.batch), position(lastBatch.epoch - 1, lastBatch.batch), 'the stop checkpoint is at the last batch trained');
    const summary = readJson<Summary>(path.join(runDir, 'summary.json'));
    assert.equal(summary.status, 'stopped');
    assert.ok(fs.existsSync(path.join(runDir, 'model.onnx')), 'the best weights were exported');
  });
});

function readEvents(runDir: string): { type: string; epoch: number; batch: number; batches: number }[] {
  return fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
}


async function replaceAndSave(document: vscode.TextDocument, text: string, replacement: string): Promise<void> {
  await replaceText(document, text, replacement);
  assert.ok(await document.save());
}

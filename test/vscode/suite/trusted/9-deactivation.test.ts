/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { seqlab, waitFor, workspaceFile } from '../helpers';

// What deactivate() does to a run that trains (the e2e suite reloads the window for real): the run ends
// at its next batch, with a checkpoint there, no summary and no lock, so it is interrupted and resumes
// exactly. Last in this boot: a deactivated run manager starts nothing more.

interface LoggedEvent { type: string; epoch: number; batch: number; batches: number }

suite('Deactivation', () => {
  test('interrupts a training run at its next batch: checkpoint there, no summary, no lock', async () => {
    const { catalog, manager } = await seqlab();
    const runDir = await vscode.commands.executeCommand<string>('seqlab.train', workspaceFile('seattle-weather.seqlab.json'));
    await waitFor('a few batches', () => (catalog.get(runDir)?.live?.store.batchPoints ?? 0) >= 5);
    await manager.interruptAll();
    assert.equal(manager.get(runDir)?.end?.kind, 'interrupted', 'the worker ended the run itself (not terminated)');
    assert.equal(fs.existsSync(path.join(runDir, 'summary.json')), false);
    assert.equal(fs.existsSync(path.join(runDir, 'run.lock')), false);
    const events = fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as LoggedEvent);
    const checkpoint = events.at(-1);
    const lastBatch = [...events].reverse().find((event) => event.type === 'batch');
    assert.ok(checkpoint?.type === 'checkpoint' && lastBatch, 'the log ends with the checkpoint of the interruption');
    // Checkpoints count completed epochs; batch events number their epoch from 1.
    const at = (epochsDone: number, batch: number) => epochsDone * lastBatch.batches + batch;
    assert.equal(at(checkpoint.epoch, checkpoint.batch), at(lastBatch.epoch - 1, lastBatch.batch), 'the checkpoint is at the last batch trained');
    await waitFor('the catalog to show it interrupted', () => catalog.get(runDir)?.state === 'interrupted');
  });
});

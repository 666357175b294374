/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { saveScreenshot } from '../tools/artifacts';
import { session } from './session';
import { answerDialog, pickContextMenuEntry, replaceInEditor, runPaletteCommand, runsViewRow, waitForText } from './workbench';

// The Runs view's actions on the runs the journey left (1-train.e2e.ts): reveal a run's model.onnx in
// the Explorer, Delete Run after its confirmation, and Delete Finished Runs, which keeps the run that
// trains (then stopped from the view).

function runFolders(): { dir: string; label: string }[] {
  const runs = path.join(session().workspace, '.seqlab', 'runs');
  return fs.readdirSync(runs).map((name) => path.join(runs, name)).filter((dir) => fs.existsSync(path.join(dir, 'run.json')))
    .map((dir) => ({ dir, label: String(JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')).label) }));
}

async function showRuns(): Promise<void> {
  await runPaletteCommand(session().page, 'View: Show SeqLab');
  await runsViewRow(session().page, 'seattle-weather').waitFor({ timeout: 20_000 });
}

describe('The Runs view', () => {
  it('Reveal model.onnx selects the run\'s model in the Explorer', async () => {
    const { page, artifacts } = session();
    await showRuns();
    await pickContextMenuEntry(page, runsViewRow(page, 'training.epochs 200→15'), 'Reveal model.onnx');
    await page.locator('.explorer-folders-view .monaco-list-row.selected[aria-label="model.onnx"]').waitFor({ timeout: 20_000 });
    await saveScreenshot(page, artifacts, '6-model-revealed');
  });

  it('Delete Run asks first, then removes the run from the view and the disk', async () => {
    const { page } = session();
    await showRuns();
    const label = 'model.hiddenSize 64→32';
    const [run] = runFolders().filter((candidate) => candidate.label === label);
    assert.ok(run, `a run labelled ${label}`);
    await pickContextMenuEntry(page, runsViewRow(page, label), 'Delete Run');
    await answerDialog(page, 'Delete');
    await runsViewRow(page, label).waitFor({ state: 'detached', timeout: 20_000 });
    assert.equal(fs.existsSync(run.dir), false);
  });

  it('Delete Finished Runs removes the finished runs of a config and keeps the one that trains', async () => {
    const { page, artifacts } = session();
    // A slow run (a wide model), saved into being: it trains while the finished ones go.
    const finished = runFolders().map((run) => run.dir);
    await replaceInEditor(page, 'seattle-weather.seqlab.json', '"hiddenSize": 256', '"hiddenSize": 512');
    const training = await waitForNewRun(finished);
    await showRuns();
    await waitForText(runsViewRow(page, 'model.hiddenSize 256→512'), /starting|epoch \d+\/15/);
    await pickContextMenuEntry(page, runsViewRow(page, 'seattle-weather'), 'Delete Finished Runs');
    await answerDialog(page, 'Delete');
    const deadline = Date.now() + 20_000;
    while (finished.some((dir) => fs.existsSync(dir)) && Date.now() < deadline) await page.waitForTimeout(200);
    assert.deepEqual(finished.filter((dir) => fs.existsSync(dir)), [], 'every finished run was deleted');
    assert.ok(fs.existsSync(path.join(training, 'run.json')), 'the run that trains was kept');
    await runsViewRow(page, 'first run').waitFor({ state: 'detached', timeout: 20_000 });
    assert.equal(await page.locator('.pane-body .monaco-list-row[aria-level="2"]').count(), 1, 'the view lists only the run that trains');
    await saveScreenshot(page, artifacts, '7-finished-runs-deleted');
    // Stop it from its row.
    await pickContextMenuEntry(page, runsViewRow(page, 'model.hiddenSize 256→512'), 'Stop');
    for (let i = 0; i < 150 && !fs.existsSync(path.join(training, 'summary.json')); i++) await page.waitForTimeout(200);
    assert.equal(JSON.parse(fs.readFileSync(path.join(training, 'summary.json'), 'utf8')).status, 'stopped');
  });
});

/** The folder of the run that is not among `before`, once it has its run.json. */
async function waitForNewRun(before: readonly string[]): Promise<string> {
  const { page } = session();
  for (let i = 0; i < 300; i++) {
    const found = runFolders().find((run) => !before.includes(run.dir));
    if (found) return found.dir;
    await page.waitForTimeout(100);
  }
  throw new Error('no new run folder');
}

/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { saveScreenshot } from '../tools/artifacts';
import { session } from './session';
import { focusTab, pickContextMenuEntry, pickExplorerMenuEntry, replaceInEditor, runPaletteCommand, runsViewRow, visibleWebview, waitForText } from './workbench';

// The journey of issue 12 as a user makes it, read from what VS Code and the panel show (the panel's
// data attributes and its runs table, not pixels): right-click seattle-weather.csv → Train; the
// config opens with the panel beside it; the loss grows; edits of the config, saved, stop the run that
// trains and start labelled new ones; Stop from the status bar; the Runs view; a window reload that
// interrupts a run, which Resume continues exactly.

const PANEL_TAB = '.tabs-container .tab:has-text("SeqLab: seattle-weather")';

function panel() {
  return visibleWebview(session().page);
}

interface Row { id: string; label: string; state: string; points: number }

async function rows(): Promise<Row[]> {
  return panel().locator('#runs tr').evaluateAll((trs) => trs.map((tr) => ({
    id: tr.getAttribute('data-run-id') ?? '', label: tr.getAttribute('data-label') ?? '', state: tr.getAttribute('data-state') ?? '',
    points: Number(tr.getAttribute('data-points') ?? 0),
  })));
}

async function waitForRows(what: string, accept: (list: Row[]) => boolean, timeoutMs = 60_000): Promise<Row[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await rows().catch(() => []);
    if (accept(list)) return list;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(list)}`);
    await session().page.waitForTimeout(200);
  }
}

const CONFIG_TAB = 'seattle-weather.seqlab.json';

async function focusConfig(): Promise<void> {
  await focusTab(session().page, CONFIG_TAB);
}

/** After a reload: the workbench is back (its side bar shows the view it showed). */
async function waitForExplorerOrRuns(): Promise<void> {
  await session().page.locator('.monaco-workbench .part.sidebar .pane-body').first().waitFor({ timeout: 60_000 });
}

async function replaceInConfig(text: string, replacement: string): Promise<void> {
  await replaceInEditor(session().page, CONFIG_TAB, text, replacement);
}

describe('Training in the editor', () => {
  it('the empty Runs view offers to train on a data file or open the samples', async () => {
    const { page, artifacts } = session();
    await runPaletteCommand(page, 'View: Show SeqLab');
    const welcome = page.locator('.welcome-view-content', { hasText: 'No SeqLab runs in this workspace yet' });
    await welcome.waitFor({ timeout: 30_000 });
    for (const button of ['Train on a Data File', 'Open the Samples']) await welcome.locator('.monaco-button', { hasText: button }).waitFor();
    await saveScreenshot(page, artifacts, '0-empty-runs-view');
    await runPaletteCommand(page, 'View: Show Explorer');
  });

  it('right-click → Train opens the proposed config and the panel beside it, which shows the run', async () => {
    const { page, artifacts, workspace } = session();
    await pickExplorerMenuEntry(page, 'seattle-weather.csv', 'Train');
    await page.locator('.tabs-container .tab.active[aria-label="seattle-weather.seqlab.json"]').waitFor({ timeout: 30_000 });
    await page.locator(PANEL_TAB).waitFor({ timeout: 30_000 });
    assert.ok(fs.existsSync(path.join(workspace, 'seattle-weather.seqlab.json')));
    await panel().locator('body[data-runs="1"]').waitFor({ timeout: 30_000 });
    // (The proposal stops early, within seconds: the next run is the one to watch grow.)
    await panel().locator('body[data-points]:not([data-points="0"])').waitFor({ timeout: 30_000 });
    await saveScreenshot(page, artifacts, '1-training');
  });

  it('saving an edit while a run trains stops it and overlays a labelled new run; the curve grows live', async () => {
    const { page, artifacts } = session();
    // First make the runs long (no early stopping), so that the next edit lands while one trains.
    const proposed = fs.readFileSync(path.join(session().workspace, 'seattle-weather.seqlab.json'), 'utf8');
    const patience = /"earlyStopping": \{\s*"patience": (\d+)/.exec(proposed)?.[1];
    assert.ok(patience && proposed.split(`"patience": ${patience}`).length === 2, 'the early-stopping patience is written once');
    await replaceInConfig(`"patience": ${patience}`, '"patience": 0');
    await waitForRows('a long second run training', (runs) => runs.length === 2 && runs[1].state === 'running');
    await replaceInConfig('"hiddenSize": 64', '"hiddenSize": 32');
    const list = await waitForRows('a third run', (runs) => runs.length === 3);
    assert.deepEqual(list.map((run) => run.label), ['first run', `training.earlyStopping.patience ${patience}→0`, 'model.hiddenSize 64→32']);
    await waitForRows('the second run to stop', (runs) => runs[1]?.state === 'stopped');
    // Live: the third run's curve grows through `append` deltas while it trains.
    await panel().locator('body[data-appends]:not([data-appends="0"])').waitFor({ timeout: 30_000 });
    const growing = await waitForRows('the third run\'s first points', (runs) => runs[2]?.points > 0);
    const grown = await waitForRows('the third run\'s curve to grow', (runs) => runs[2] !== undefined && (runs[2].points > growing[2].points || runs[2].state !== 'running'));
    assert.ok(grown[2].points > growing[2].points, 'the curve grew while the run trained');
    await saveScreenshot(page, artifacts, '2-retrained');
  });

  it('Stop in the status bar stops the running run', async () => {
    const { page } = session();
    // A slower run (a wider model, the epochs cap), which surely trains when Stop is clicked.
    await replaceInConfig('"hiddenSize": 32', '"hiddenSize": 256');
    const list = await waitForRows('the fourth run training', (runs) => runs[3]?.label === 'model.hiddenSize 32→256' && runs[3].state === 'running' && runs[3].points > 0);
    // The status bar's Stop button, by its accessible name (`Stop <run folder>`), once it names this run.
    const name = `Stop ${list[3].id}`;
    const stop = page.locator(`.statusbar-item [aria-label="${name}"], .statusbar-item[aria-label="${name}"]`).first();
    await stop.click({ timeout: 30_000 });
    const stopped = await waitForRows('the fourth run stopped', (runs) => runs[3]?.state === 'stopped');
    assert.ok(stopped[3].points > 0 && stopped[3].points < 150 * 32, `stopped part-way: ${stopped[3].points} batches`);
  });

  it('the Runs view lists the runs with their metric against the baseline', async () => {
    const { page, artifacts } = session();
    await runPaletteCommand(page, 'View: Show SeqLab');
    const row = page.locator('.pane .monaco-list-row', { hasText: 'first run' }).first();
    await row.waitFor({ timeout: 20_000 });
    assert.match(await row.textContent() ?? '', /MAE [\d.]+ [✓✗] (naive|seasonal-naive) [\d.]+/);
    await page.locator('.pane .monaco-list-row', { hasText: 'model.hiddenSize 64→32' }).first().waitFor();
    await saveScreenshot(page, artifacts, '3-runs-view');
  });

  it('a window reload interrupts the run that trains; Resume in the Runs view continues it, bit-identical to a run never interrupted', async function () {
    this.timeout(420_000);
    const { page, artifacts, url, workspace } = session();
    // Two runs of one config (the wide model of the last test, its own 15 epochs): the first trains
    // undisturbed to the end; the reload lands while the second trains.
    await replaceInConfig('"epochs": 200', '"epochs": 15');
    await waitForText(runsViewRow(page, 'training.epochs 200→15'), /completed/, 180_000);
    // The same config again, and the window reloads while it trains.
    await focusConfig();
    await runPaletteCommand(page, 'SeqLab: Train');
    await waitForText(runsViewRow(page, 'rerun'), /epoch \d+\/15/, 60_000);
    await page.goto(url);
    await waitForExplorerOrRuns();
    await waitForText(runsViewRow(page, 'rerun'), /interrupted/, 60_000);
    await saveScreenshot(page, artifacts, '4-interrupted-after-reload');
    await pickContextMenuEntry(page, runsViewRow(page, 'rerun'), 'Resume');
    await waitForText(runsViewRow(page, 'rerun'), /completed/, 180_000);

    const whole = runFolder(workspace, 'training.epochs 200→15');
    const resumed = runFolder(workspace, 'rerun');
    const events = (runDir: string) => readEvents(runDir).map((event) => event.type);
    assert.ok(events(resumed).filter((type) => type === 'start').length === 2, 'the resumed run started twice (once after the reload)');
    const curve = (runDir: string) => readEvents(runDir).filter((event) => event.type === 'epoch' || event.type === 'batch').map((event) => ({ ...event, seconds: 0 }));
    assert.deepEqual(curve(resumed), curve(whole), 'every batch and epoch as in the run never interrupted');
    const summary = (runDir: string) => {
      const { status, epochs, bestEpoch, metrics, baselines } = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
      return { status, epochs, bestEpoch, metrics, baselines };
    };
    assert.deepEqual(summary(resumed), summary(whole));
    assert.ok(fs.readFileSync(path.join(resumed, 'model.onnx')).equals(fs.readFileSync(path.join(whole, 'model.onnx'))), 'the same best weights, exported');

    // The panel came back with the reload, and shows every run of the config.
    await page.locator(PANEL_TAB).click();
    await waitForRows('the restored panel', (runs) => runs.length === 6);
    await saveScreenshot(page, artifacts, '5-resumed');
  });
});

/** The run folder of the config's run labelled `label` (run.json records the label). */
function runFolder(workspace: string, label: string): string {
  const runs = path.join(workspace, '.seqlab', 'runs');
  const found = fs.readdirSync(runs).map((name) => path.join(runs, name))
    .filter((dir) => JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')).label === label);
  assert.equal(found.length, 1, `one run labelled ${label}`);
  return found[0];
}

function readEvents(runDir: string): ({ type: string } & Record<string, unknown>)[] {
  return fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
}

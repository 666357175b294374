/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { saveScreenshot } from '../tools/artifacts';
import { session } from './session';
import { pickExplorerMenuEntry, runPaletteCommand, visibleWebview } from './workbench';

// The journey of issue 12 as a user makes it, read from what VS Code and the panel show (the panel's
// data attributes and its runs table, not pixels): right-click seattle-weather.csv → Train; the
// config opens with the panel beside it; the loss grows; edits of the config, saved, stop the run that
// trains and start labelled new ones; Stop from the status bar; the Runs view; a window reload.

const PANEL_TAB = '.tabs-container .tab:has-text("SeqLab: seattle-weather")';

function panel() {
  return visibleWebview(session().page);
}

async function points(): Promise<number> {
  return Number(await panel().locator('body').getAttribute('data-points'));
}

async function rows(): Promise<{ label: string; state: string }[]> {
  return panel().locator('#runs tr').evaluateAll((trs) => trs.map((tr) => ({
    label: tr.getAttribute('data-label') ?? '', state: tr.getAttribute('data-state') ?? '',
  })));
}

async function waitForRows(what: string, accept: (list: { label: string; state: string }[]) => boolean, timeoutMs = 60_000): Promise<{ label: string; state: string }[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await rows().catch(() => []);
    if (accept(list)) return list;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(list)}`);
    await session().page.waitForTimeout(200);
  }
}

/** Replaces text in the config editor with Find/Replace and saves, as a user would. */
async function replaceInConfig(text: string, replacement: string): Promise<void> {
  const { page } = session();
  await page.locator('.tabs-container .tab', { hasText: 'seattle-weather.seqlab.json' }).first().click();
  await page.keyboard.press('Control+H');
  const find = page.locator('.find-widget textarea[aria-label="Find"]').first();
  await find.waitFor({ timeout: 10_000 });
  await find.fill(text);
  await page.locator('.find-widget textarea[aria-label="Replace"]').first().fill(replacement);
  await page.keyboard.press('Control+Alt+Enter');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+S');
}

describe('Training in the editor', () => {
  it('right-click → Train opens the proposed config and the panel beside it, and the loss curve grows', async () => {
    const { page, artifacts, workspace } = session();
    await pickExplorerMenuEntry(page, 'seattle-weather.csv', 'Train');
    await page.locator('.tabs-container .tab.active[aria-label="seattle-weather.seqlab.json"]').waitFor({ timeout: 30_000 });
    await page.locator(PANEL_TAB).waitFor({ timeout: 30_000 });
    assert.ok(fs.existsSync(path.join(workspace, 'seattle-weather.seqlab.json')));
    await panel().locator('body[data-runs="1"]').waitFor({ timeout: 30_000 });
    // Live: the curve grew through `append` deltas after the first snapshot (the run may end within seconds).
    await panel().locator('body[data-appends]:not([data-appends="0"])').waitFor({ timeout: 30_000 });
    assert.ok((await points()) > 0);
    await saveScreenshot(page, artifacts, '1-training');
  });

  it('saving an edit while a run trains stops it and overlays a labelled new run', async () => {
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
    await saveScreenshot(page, artifacts, '2-retrained');
  });

  it('Stop in the status bar stops the running run', async () => {
    const { page } = session();
    // The status bar's Stop button, by its accessible name (`Stop <run folder>`; run folders start with the year).
    const stop = page.locator('.statusbar-item [aria-label^="Stop 20"], .statusbar-item[aria-label^="Stop 20"]').first();
    await stop.waitFor({ timeout: 30_000 });
    await waitForRows('the third run training', (runs) => runs[2]?.state === 'running');
    await stop.click();
    await waitForRows('the third run stopped', (runs) => runs[2]?.state === 'stopped');
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

  it('after a window reload the panel is restored and the runs are listed again', async () => {
    const { page, artifacts, url } = session();
    await page.goto(url);
    await page.locator(PANEL_TAB).waitFor({ timeout: 60_000 });
    await page.locator(PANEL_TAB).click();
    const list = await waitForRows('the restored panel', (runs) => runs.length === 3);
    assert.deepEqual(list.map((run) => run.state), [list[0].state, 'stopped', 'stopped']);
    assert.ok(Number(await panel().locator('body').getAttribute('data-points')) > 0);
    await page.locator('.pane .monaco-list-row', { hasText: 'model.hiddenSize 64→32' }).first().waitFor({ timeout: 20_000 });
    await saveScreenshot(page, artifacts, '4-after-reload');
  });
});

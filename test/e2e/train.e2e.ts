/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { saveScreenshot } from '../tools/artifacts';
import { session } from './session';
import { explorerRow, pickExplorerMenuEntry, runPaletteCommand, visibleWebview, waitForExplorer } from './workbench';

// The journey of issue 12 as a user makes it, read from what VS Code and the panel show (the panel's
// data attributes and its runs table, not pixels): right-click seattle-weather.csv → Train; the
// config opens with the panel beside it; the loss grows; an edit of model.hiddenSize, saved, stops
// the run and starts a labelled second one; Stop from the status bar; the Runs view; a reload.

const PANEL_TAB = '.tabs-container .tab[aria-label="SeqLab: seattle-weather"]';

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

const ENDED = ['completed', 'early-stopped', 'stopped'];

describe('Training in the editor', () => {
  it('right-click → Train opens the proposed config and the panel beside it, and the loss curve grows', async () => {
    const { page, artifacts, workspace } = session();
    await pickExplorerMenuEntry(page, 'seattle-weather.csv', 'Train');
    await page.locator('.tabs-container .tab.active[aria-label="seattle-weather.seqlab.json"]').waitFor({ timeout: 30_000 });
    await page.locator(PANEL_TAB).waitFor({ timeout: 30_000 });
    assert.ok(fs.existsSync(path.join(workspace, 'seattle-weather.seqlab.json')));
    await panel().locator('body[data-runs="1"]').waitFor({ timeout: 30_000 });
    const first = await points();
    const deadline = Date.now() + 30_000;
    while ((await points()) <= first && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok((await points()) > first, `the curve grew from ${first} points`);
    await saveScreenshot(page, artifacts, '1-training');
  });

  it('saving an edit of model.hiddenSize stops the run and overlays a labelled second run', async () => {
    const { page, artifacts } = session();
    // The config editor is active: replace the value as a user would, with Find/Replace, then save.
    await page.locator('.tabs-container .tab[aria-label="seattle-weather.seqlab.json"]').click();
    await page.keyboard.press('Control+H');
    const find = page.locator('.find-widget textarea[aria-label="Find"], .find-widget .input[aria-label="Find"]').first();
    await find.waitFor({ timeout: 10_000 });
    await find.fill('"hiddenSize": 64');
    const replace = page.locator('.find-widget textarea[aria-label="Replace"], .find-widget .input[aria-label="Replace"]').first();
    await replace.fill('"hiddenSize": 32');
    await page.keyboard.press('Control+Alt+Enter');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+S');
    const list = await waitForRows('a second, labelled run', (runs) => runs.length === 2);
    assert.deepEqual(list.map((run) => run.label), ['first run', 'model.hiddenSize 64→32']);
    await waitForRows('the first run to stop', (runs) => runs[0]?.state === 'stopped');
    await saveScreenshot(page, artifacts, '2-retrained');
    await waitForRows('the second run to end', (runs) => ENDED.includes(runs[1]?.state ?? ''), 90_000);
  });

  it('the Runs view lists both runs with the metric against the baseline', async () => {
    const { page, artifacts } = session();
    await runPaletteCommand(page, 'View: Show SeqLab');
    const tree = page.locator('.pane .monaco-list-row', { hasText: 'model.hiddenSize 64→32' });
    await tree.first().waitFor({ timeout: 20_000 });
    const text = await tree.first().textContent();
    assert.match(text ?? '', /MAE [\d.]+ [✓✗] (naive|seasonal-naive) [\d.]+/);
    await page.locator('.pane .monaco-list-row', { hasText: 'first run' }).first().waitFor();
    await saveScreenshot(page, artifacts, '3-runs-view');
  });

  it('Stop in the status bar stops a running run', async () => {
    const { page } = session();
    await runPaletteCommand(page, 'View: Focus Active Editor Group'); // the config editor
    await page.locator('.tabs-container .tab[aria-label="seattle-weather.seqlab.json"]').click();
    await page.locator('.codelens-decoration a', { hasText: 'Train' }).first().click({ timeout: 20_000 });
    // The status bar's Stop button, by its accessible name (`Stop <run folder>`; run folders start with the year).
    const stop = page.locator('.statusbar-item [aria-label^="Stop 20"], .statusbar-item[aria-label^="Stop 20"]').first();
    await stop.waitFor({ timeout: 30_000 });
    await waitForRows('a third run training', (runs) => runs.length === 3 && runs[2].state === 'running');
    await stop.click();
    await waitForRows('the third run stopped', (runs) => runs[2]?.state === 'stopped');
  });

  it('after a window reload the panel is restored and the runs are listed again', async () => {
    const { page, artifacts, url } = session();
    await page.goto(url);
    await waitForExplorer(page, 'seattle-weather.csv');
    await page.locator(PANEL_TAB).waitFor({ timeout: 30_000 });
    await page.locator(PANEL_TAB).click();
    const list = await waitForRows('the restored panel', (runs) => runs.length === 3);
    assert.deepEqual(list.map((run) => run.state), ['stopped', list[1].state, 'stopped']);
    assert.ok(Number(await panel().locator('body').getAttribute('data-points')) > 0);
    await explorerRow(page, 'seattle-weather.csv').waitFor();
    await saveScreenshot(page, artifacts, '4-after-reload');
  });
});

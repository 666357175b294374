/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { saveScreenshot } from '../tools/artifacts';
import { repoRoot } from '../tools/paths';
import { bodyData, legend, panel, waitUntil } from './panelPage';
import { appendPoints, measureAppendFrames } from './panelPerf';
import { session } from './session';
import { pickExplorerMenuEntry, replaceInActiveEditor, runPaletteCommand, waitForExplorer } from './workbench';
import { checkPngExport, openConfig, openPanelOf, pickColorTheme, refreshExplorer, saveWithDefaultName, tab } from './visualsSteps';

// Issue 13 as a user sees it: what the panel shows of a forecast, a classification and a text run,
// two runs of a config overlaid, the view settings surviving a reload, the exports, and the three kinds
// of theme. Read from the panel's DOM (data attributes, tables, controls), not from pixels. The spec
// brings its own data files and configs into the workspace copy, and keeps one panel open at a time.

const figures: Record<string, unknown> = {};
const ENDED = ['completed', 'early-stopped', 'stopped', 'diverged', 'failed'];

describe('The panel', () => {
  before(async () => {
    const { page, workspace } = session();
    fs.copyFileSync(path.join(repoRoot, 'samples', 'co2-concentration.csv'), path.join(workspace, 'co2-concentration.csv'));
    // The classification sample's config, under a name of its own, beside its data.
    fs.copyFileSync(path.join(repoRoot, 'samples', 'seattle-weather.csv'), path.join(workspace, 'seattle-weather.csv'));
    fs.copyFileSync(path.join(repoRoot, 'samples', 'seattle-weather.seqlab.json'), path.join(workspace, 'weather-classes.seqlab.json'));
    // The opening of Moby Dick: enough text for a small model whose first epoch takes seconds.
    const text = fs.readFileSync(path.join(repoRoot, 'samples', 'moby-dick.txt'), 'utf8').slice(0, 30_000);
    fs.writeFileSync(path.join(workspace, 'moby-dick-opening.txt'), text);
    await runPaletteCommand(page, 'View: Close All Editors');
    await runPaletteCommand(page, 'View: Show Explorer');
    await refreshExplorer(page);
    await waitForExplorer(page, 'moby-dick-opening.txt');
  });

  after(() => {
    fs.writeFileSync(path.join(session().artifacts, 'panel-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`    panel figures: ${JSON.stringify(figures)}`);
  });

  it('forecast: the first point comes soon, and the forecast chart shows truth, prediction and both baselines', async () => {
    const { page, artifacts } = session();
    const started = Date.now();
    await pickExplorerMenuEntry(page, 'co2-concentration.csv', 'Train');
    await tab(page, 'SeqLab: co2-concentration').waitFor({ timeout: 30_000 });
    await waitUntil(page, 'the first loss point', () => bodyData(page, 'points'), (points) => Number(points) > 0, 60_000);
    figures.firstPointMs = Date.now() - started;
    const series = await waitUntil(page, 'the forecast sample', () => panel(page).locator('#forecast-legend li').evaluateAll((items) =>
      items.map((item) => [item.getAttribute('data-series'), Number(item.getAttribute('data-points'))])), (list) => list.length === 4);
    assert.deepEqual(series.map(([name]) => name), ['truth', 'prediction', 'naive', 'seasonalNaive']);
    for (const [name, points] of series) assert.ok(Number(points) > 10, `${name} has ${points} points`);
    const header = await panel(page).locator('#horizon-errors thead th').allTextContents();
    assert.deepEqual(header, ['step', 'model', 'naive', 'seasonal naive']);
    await saveScreenshot(page, artifacts, 'panel-forecast');
  });

  it('a second run after a config edit is overlaid with its change label and its own colour', async function () {
    this.timeout(180_000);
    const { page, artifacts } = session();
    await waitUntil(page, 'the first co2 run to end', () => legend(page), (runs) => runs.length === 1 && ENDED.includes(runs[0].state), 120_000);
    await tab(page, 'co2-concentration.seqlab.json').click();
    await replaceInActiveEditor(page, '"hiddenSize": 64', '"hiddenSize": 32');
    await page.keyboard.press('Control+S');
    await tab(page, 'SeqLab: co2-concentration').click();
    const runs = await waitUntil(page, 'a second run, both drawn', () => legend(page), (list) => list.length === 2 && list.every((run) => run.points > 0));
    assert.equal(runs[1].label, 'model.hiddenSize 64→32');
    assert.notEqual(runs[0].colour, runs[1].colour, 'each run has its own colour');
    const rows = await panel(page).locator('#runs tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-label')));
    assert.deepEqual(rows, [runs[0].label, 'model.hiddenSize 64→32']);
    await saveScreenshot(page, artifacts, 'panel-two-runs');
    await waitUntil(page, 'the second co2 run to end', () => legend(page), (list) => ENDED.includes(list[1]?.state ?? ''), 120_000);
  });

  it('classify: the sample shows a confusion matrix with the class names', async () => {
    const { page, artifacts } = session();
    await openConfig(page, 'weather-classes');
    await runPaletteCommand(page, 'SeqLab: Train');
    await tab(page, 'SeqLab: weather-classes').click({ timeout: 30_000 });
    const matrix = panel(page).locator('#confusion-matrix');
    await matrix.locator('tbody tr').first().waitFor({ timeout: 60_000 });
    const classes = (await matrix.locator('thead th').allTextContents()).slice(1);
    assert.ok(classes.includes('rain') && classes.includes('sun'), `classes: ${classes.join(', ')}`);
    const counts = await matrix.locator('tbody td').evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-count'))));
    assert.equal(counts.length, classes.length ** 2);
    assert.ok(counts.reduce((sum, count) => sum + count, 0) > 0);
    assert.match(await panel(page).locator('#classify-summary').textContent() ?? '', /accuracy [\d.]+ % .*majority class/);
    await saveScreenshot(page, artifacts, 'panel-classify');
  });

  it('text: the loss grows while it trains, the sample shows generated text, and Stop in the panel stops it', async function () {
    this.timeout(180_000);
    const { page, artifacts } = session();
    await runPaletteCommand(page, 'View: Close All Editors');
    await pickExplorerMenuEntry(page, 'moby-dick-opening.txt', 'Train');
    await tab(page, 'SeqLab: moby-dick-opening').waitFor({ timeout: 30_000 });
    const first = await waitUntil(page, 'the first points', () => legend(page), (runs) => runs.length === 1 && runs[0].points > 0);
    await waitUntil(page, 'the curve to grow', () => legend(page), (runs) => runs[0].points > first[0].points);
    const sample = panel(page).locator('#text-samples li pre.generated').first();
    await sample.waitFor({ timeout: 120_000 });
    assert.ok(((await sample.textContent()) ?? '').length > 20, 'generated text is shown');
    await saveScreenshot(page, artifacts, 'panel-text');
    await panel(page).locator('#runs button.run-stop').first().click();
    await waitUntil(page, 'the text run to stop', () => legend(page), (runs) => runs[0].state === 'stopped', 30_000);
  });

  it('log scale and smoothing persist across a window reload', async () => {
    const { page } = session();
    await openPanelOf(page, 'co2-concentration');
    assert.equal(await panel(page).locator('#log-scale').isChecked(), true, 'log scale is the default');
    await panel(page).locator('#log-scale').uncheck();
    await panel(page).locator('#smoothing').fill('0.85');
    await waitUntil(page, 'the linear scale', () => bodyData(page, 'y-scale'), (scale) => scale === 'linear');
    // Developer: Reload Window, as a user reloads: VS Code saves its state (the webview's included) first.
    await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), runPaletteCommand(page, 'Developer: Reload Window')]);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await tab(page, 'SeqLab: co2-concentration').click({ timeout: 30_000 });
    await waitUntil(page, 'the restored panel', () => bodyData(page, 'runs'), (runs) => runs === '2');
    assert.equal(await panel(page).locator('#log-scale').isChecked(), false);
    assert.equal(await panel(page).locator('#smoothing').inputValue(), '0.85');
    assert.equal(await bodyData(page, 'y-scale'), 'linear');
    assert.equal(await bodyData(page, 'smoothing'), '0.85');
    await panel(page).locator('#log-scale').check();
  });

  it('exports the loss chart as a PNG on a solid background and every run’s epochs as one CSV, through the save dialog', async () => {
    const { page, workspace } = session();
    await openPanelOf(page, 'co2-concentration');
    const epochPoints = Number(await bodyData(page, 'epoch-points'));
    await panel(page).locator('#export-csv').click();
    const csvFile = await saveWithDefaultName(page, path.join(workspace, 'co2-concentration-metrics.csv'));
    const lines = fs.readFileSync(csvFile, 'utf8').trim().split('\n');
    assert.match(lines[0], /^run,change,status,epoch,step,train_loss,val_loss,lr,seconds,best,val_mae,val_rmse,val_smape,val_mase$/);
    assert.equal(lines.length - 1, epochPoints, 'one row per epoch of every run');
    await panel(page).locator('#export-png').click();
    const pngFile = await saveWithDefaultName(page, path.join(workspace, 'co2-concentration-loss.png'));
    await checkPngExport(page, pngFile);
    fs.copyFileSync(pngFile, path.join(session().artifacts, 'export-loss.png'));
  });

  it('reads light, high-contrast and dark themes (screenshots saved)', async () => {
    const { page, artifacts } = session();
    await openPanelOf(page, 'co2-concentration');
    const backgrounds: string[] = [];
    for (const [theme, file] of [['Light Modern', 'theme-light'], ['Dark High Contrast', 'theme-high-contrast'], ['Dark Modern', 'theme-dark']] as const) {
      await pickColorTheme(page, theme);
      // The page's theme variables change at once; the chart re-reads them on the change (its data-background).
      const background = await waitUntil(page, `the ${theme} background`, () => bodyData(page, 'chart-background'),
        (value) => value !== null && !backgrounds.includes(value), 10_000);
      backgrounds.push(background ?? '');
      await page.waitForTimeout(300);
      await saveScreenshot(page, artifacts, file);
      // The rest of the panel: what the model does, and the runs table.
      for (const [section, suffix] of [['#model-heading', 'model'], ['#runs-heading', 'runs']] as const) {
        await panel(page).locator(section).evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
        await page.waitForTimeout(300);
        await saveScreenshot(page, artifacts, `${file}-${suffix}`);
      }
      await panel(page).locator('#config-name').evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    }
  });

  it('zooms by dragging and by keyboard, keeps the zoom while points arrive, resets; the legend hides a run', async () => {
    const { page } = session();
    await openPanelOf(page, 'co2-concentration');
    const canvas = panel(page).locator('#loss-chart');
    const box = await canvas.boundingBox();
    assert.ok(box, 'the chart is on screen');
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.up();
    await waitUntil(page, 'the zoom', () => bodyData(page, 'zoomed'), (zoomed) => zoomed === 'true', 5_000);
    assert.equal(await panel(page).locator('#reset-zoom').isEnabled(), true);
    // New points for the first run (as the host would send them) leave the zoom where it is.
    const [first] = await legend(page);
    await appendPoints(panel(page), first.id, 5);
    await waitUntil(page, 'the new points', () => legend(page), (runs) => runs[0].points === first.points + 5, 5_000);
    assert.equal(await bodyData(page, 'zoomed'), 'true');
    await panel(page).locator('#reset-zoom').click();
    await waitUntil(page, 'no zoom', () => bodyData(page, 'zoomed'), (zoomed) => zoomed === 'false', 5_000);
    await canvas.focus();
    await page.keyboard.press('+');
    await waitUntil(page, 'the keyboard zoom', () => bodyData(page, 'zoomed'), (zoomed) => zoomed === 'true', 5_000);
    await page.keyboard.press('0');
    await waitUntil(page, 'the keyboard reset', () => bodyData(page, 'zoomed'), (zoomed) => zoomed === 'false', 5_000);
    const toggle = panel(page).locator(`#legend li[data-run-id="${first.id}"] button.run-toggle`);
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.equal(await panel(page).locator(`#legend li[data-run-id="${first.id}"]`).getAttribute('data-hidden'), 'true');
    await toggle.press('Enter');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  });

  it('appending to a 100,000-point series: frame times (measured, not asserted)', async () => {
    const { page } = session();
    await openPanelOf(page, 'co2-concentration');
    const measured = await measureAppendFrames(panel(page));
    Object.assign(figures, measured);
    // What the figures rest on: every point stored, a few thousand drawn.
    assert.equal(measured.storedPoints, 2 * 100_000 + 5_000);
    assert.ok(measured.drawnPoints > 0 && measured.drawnPoints < measured.storedPoints / 10, `${measured.drawnPoints} points drawn`);
    await runPaletteCommand(page, 'View: Close All Editors');
  });

  it('logged no Content Security Policy violation', () => {
    // The workbench's own CSP also blocks things (the offline gallery); only the webviews' reports count.
    const violations = session().console
      .filter(({ text, url }) => /Content Security Policy/i.test(text) && /\/webview\/|vscode-resource|vscode-cdn/.test(url))
      .map(({ text, url }) => `${text} (${url})`);
    assert.deepEqual(violations, []);
  });
});

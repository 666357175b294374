/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { saveScreenshot } from '../tools/artifacts';
import { EXPLAIN_CONFIGS, prepareExplainRuns, touchRuns } from './explainWorkspace';
import { bodyData, panel, waitUntil } from './panelPage';
import { session } from './session';
import { openPanelOf, pickColorTheme, refreshExplorer } from './visualsSteps';
import { runPaletteCommand, waitForExplorer } from './workbench';

// Issue 15 as a user sees it: the Explain view on runs the CLI trained (the co2 sample, Moby Dick, a
// random walk and a sine wave), read from the panel's DOM (data attributes, tables, controls), never
// from pixels; another window picked by clicking the forecast chart; the lag trap raised in the panel
// and in the Runs view for the random walk and not for the sine wave; screenshots in three themes.
// Named to run last (specs run in name order): it leaves four configs in the Explorer and SeqLab
// commands among the palette's recently used, which the other specs' first looks must not see.

const figures: Record<string, unknown> = {};
const EXPLAIN_TIMEOUT_MS = 90_000;

/** The Explain section's data attributes (data-state, data-index, data-open-ms, …). */
async function explainData(page: Page): Promise<Record<string, string>> {
  return panel(page).locator('#explain').evaluate((section) => ({ ...(section as unknown as { dataset: Record<string, string> }).dataset }));
}

/** Opens `config`'s panel alone in the editor area (its config closed), so that the maps get the width. */
async function openPanelAlone(page: Page, config: string): Promise<void> {
  await openPanelOf(page, config);
  await runPaletteCommand(page, 'View: Close Editors in Other Groups');
  await panel(page).locator('#explain-toggle').waitFor({ timeout: 20_000 });
}

/** Opens the inspector (if closed) and waits for a drawn report. */
async function openInspector(page: Page): Promise<Record<string, string>> {
  const toggle = panel(page).locator('#explain-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return waitUntil(page, 'the explanation', () => explainData(page), (data) => data.state === 'ready' && data.maps !== undefined, EXPLAIN_TIMEOUT_MS);
}

async function scrollTo(page: Page, selector: string): Promise<void> {
  await panel(page).locator(selector).evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);
}

describe('Explain and diagnostics', () => {
  before(async function () {
    this.timeout(240_000);
    const { page, workspace } = session();
    // SeqLab active and its Runs view on screen first: the runs below then arrive as a user's terminal
    // runs do, through the file watcher.
    await runPaletteCommand(page, 'View: Close All Editors');
    // The palette lists SeqLab's commands once the extension host has read its manifest.
    await waitUntil(page, 'the Runs view', () => runPaletteCommand(page, 'SeqLab: Focus on Runs View').then(() => true, async () => {
      await page.keyboard.press('Escape');
      return false;
    }), (done) => done, 60_000);
    await page.waitForTimeout(2_000);
    const started = Date.now();
    await prepareExplainRuns(workspace);
    figures.cliTrainingMs = Date.now() - started;
    const listed = () => page.locator('.pane-body .monaco-list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
    const all = (labels: string[]) => Object.values(EXPLAIN_CONFIGS).every((config) => labels.some((label) => label.includes(`-${config}, `)));
    // On this shared machine VS Code's file watcher now and then reports nothing for a while (a run the
    // CLI writes meanwhile stays out of the Runs view until a rescan): written again, then a window reload.
    figures.runsSeen = await waitUntil(page, 'the CLI runs in the Runs view', listed, all, 15_000).then(() => 'watcher', async () => {
      touchRuns(workspace);
      return waitUntil(page, 'the CLI runs in the Runs view, once written again', listed, all, 15_000).then(() => 'rewrite', async () => {
        await saveScreenshot(page, session().artifacts, 'explain-runs-missing');
        await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), runPaletteCommand(page, 'Developer: Reload Window')]);
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await runPaletteCommand(page, 'SeqLab: Focus on Runs View');
        await waitUntil(page, 'the CLI runs in the Runs view after a reload', listed, all, 60_000);
        return 'reload';
      });
    });
    await runPaletteCommand(page, 'View: Show Explorer');
    await refreshExplorer(page);
    await waitForExplorer(page, `${EXPLAIN_CONFIGS.walk}.seqlab.json`);
  });

  after(async () => {
    await runPaletteCommand(session().page, 'View: Close All Editors').catch(() => undefined);
    await runPaletteCommand(session().page, 'View: Show Explorer').catch(() => undefined);
    fs.writeFileSync(path.join(session().artifacts, 'explain-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`    explain figures: ${JSON.stringify(figures)}`);
  });

  it('opens the inspector on the co2 sample: every gate and state of the layer, the input, the attribution, saturation and gradient norms', async function () {
    this.timeout(120_000);
    const { page, artifacts } = session();
    await openPanelAlone(page, EXPLAIN_CONFIGS.co2);
    const data = await openInspector(page);
    Object.assign(figures, { co2OpenMs: Number(data.openMs), co2CliSeconds: Number(data.seconds), co2JsonBytes: Number(data.bytes), co2DrawMs: Number(data.drawMs) });
    assert.equal(data.split, 'validation');
    assert.equal(data.layers, '1');
    assert.equal(Number(data.index), Number(data.windows) - 1, 'the last validation window by default');
    const maps = await panel(page).locator('#explain-figure canvas.heatmap:not([hidden])').evaluateAll((canvases) => canvases.map((canvas) => {
      const d = (canvas as unknown as { dataset: Record<string, string> }).dataset;
      return { map: d.map, rows: Number(d.rows), steps: Number(d.steps) };
    }));
    const sample = JSON.parse(fs.readFileSync(path.join(session().workspace, `${EXPLAIN_CONFIGS.co2}.seqlab.json`), 'utf8'));
    const [units, window] = [sample.model.hiddenSize, sample.data.window];
    assert.deepEqual(maps.map((m) => m.map), ['input', 'attribution', 'input', 'forget', 'output', 'candidate', 'cell', 'hidden']);
    for (const map of maps.slice(2)) assert.deepEqual([map.rows, map.steps], [units, window], `${map.map} is units × steps`);
    assert.deepEqual(maps[1], { map: 'attribution', rows: 2, steps: window });
    const input = panel(page).locator('#explain-input');
    assert.deepEqual((await input.getAttribute('data-features'))?.split('\n'), ['CO2', 'adjusted CO2']);
    assert.equal(await panel(page).locator('#explain-features li').count(), 2);
    assert.equal(await panel(page).locator('#explain-window option').count(), Number(data.windows));
    assert.deepEqual(await panel(page).locator('#explain-saturation tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-gate'))),
      ['input', 'forget', 'output', 'candidate']);
    const norms = panel(page).locator('#gradient-norms');
    assert.ok(Number(await norms.getAttribute('data-epochs')) > 1, 'a gradient norm per epoch');
    assert.equal(await norms.getAttribute('data-series'), '4');
    await scrollTo(page, '#explain-heading');
    await saveScreenshot(page, artifacts, 'explain-co2');

    // Hover reads a cell; the keyboard reads the next.
    const forget = panel(page).locator('#explain-map-forget');
    await forget.hover({ position: { x: 400, y: 40 } });
    const hovered = await waitUntil(page, 'the hover readout', () => panel(page).locator('#explain-readout').textContent(), (text) => /^forget gate f · unit \d+ · step \d+ \(\d{4}-\d{2}-\d{2}\) · -?[\d.e-]+$/.test(text ?? ''), 5_000);
    await panel(page).locator('#explain-map-cell').focus();
    await page.keyboard.press('ArrowLeft');
    // The keyboard starts at the last step (the one before the forecast), 1-based in the readout.
    const keyed = await waitUntil(page, 'the keyboard readout', () => panel(page).locator('#explain-readout').textContent(), (text) => new RegExp(`^cell state c · unit \\d+ · step ${window} `).test(text ?? ''), 5_000);
    assert.notEqual(hovered, keyed);

    // Units ordered by variance: a permutation, not the units' own order.
    await panel(page).locator('#explain-sort').selectOption('variance');
    await waitUntil(page, 'units sorted by variance', () => forget.getAttribute('data-sorted-by'), (by) => by === 'variance', 5_000);
    const order = (await forget.getAttribute('data-order'))?.split(',').map(Number) ?? [];
    assert.deepEqual([...order].sort((a, b) => a - b), Array.from({ length: units }, (_, i) => i));
    assert.notDeepEqual(order, Array.from({ length: units }, (_, i) => i));
    await panel(page).locator('#explain-sort').selectOption('index');
  });

  it('a click on the forecast chart explains that window; Previous steps back one', async () => {
    const { page } = session();
    const before = await explainData(page);
    const chart = panel(page).locator('#forecast-chart');
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    assert.ok(box, 'the forecast chart is on screen');
    await chart.click({ position: { x: box.width * 0.4, y: box.height * 0.4 } });
    const picked = await waitUntil(page, 'the picked point', () => chart.getAttribute('data-picked-time'), (time) => Boolean(time), 5_000);
    const after = await waitUntil(page, 'the picked window explained', () => explainData(page),
      (data) => data.state === 'ready' && data.windowLabel === picked, EXPLAIN_TIMEOUT_MS);
    assert.ok(Number(after.index) < Number(before.index), `window ${after.index} comes before the last (${before.index})`);
    assert.equal(after.cached, 'false');
    assert.equal(await panel(page).locator('#explain-window').inputValue(), after.index);
    await panel(page).locator('#explain-previous').click();
    const previous = await waitUntil(page, 'the window before', () => explainData(page), (data) => data.state === 'ready' && data.index === String(Number(after.index) - 1), EXPLAIN_TIMEOUT_MS);
    // Back to the picked window: from the host's cache, without a process.
    await panel(page).locator('#explain-next').click();
    const again = await waitUntil(page, 'the picked window again', () => explainData(page), (data) => data.state === 'ready' && data.index === after.index, 10_000);
    assert.equal(again.cached, 'true');
    figures.co2WindowMs = Number(previous.requestMs);
    figures.co2CachedWindowMs = Number(again.requestMs);
    // Hidden, VS Code unloads the page; shown again, it asks for the same window, which the host still has.
    await runPaletteCommand(page, 'View: Show Explorer');
    await page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${EXPLAIN_CONFIGS.co2}.seqlab.json"]`).dblclick();
    await page.locator('.tabs-container .tab', { hasText: `${EXPLAIN_CONFIGS.co2}.seqlab.json` }).waitFor({ timeout: 10_000 });
    await page.locator('.tabs-container .tab', { hasText: `SeqLab: ${EXPLAIN_CONFIGS.co2}` }).click();
    const shown = await waitUntil(page, 'the same window after the panel was hidden', () => explainData(page),
      (data) => data.state === 'ready' && data.index === after.index, 30_000);
    assert.equal(shown.cached, 'true');
    await runPaletteCommand(page, 'View: Close Editors in Other Groups');
  });

  it('reads in light, high-contrast and dark themes (screenshots of the Explain view saved)', async () => {
    const { page, artifacts } = session();
    const backgrounds: string[] = [];
    for (const [theme, file] of [['Light Modern', 'explain-light'], ['Dark High Contrast', 'explain-high-contrast'], ['Dark Modern', 'explain-dark']] as const) {
      await pickColorTheme(page, theme);
      const background = await waitUntil(page, `the ${theme} background`, () => bodyData(page, 'chart-background'),
        (value) => value !== null && !backgrounds.includes(value), 10_000);
      backgrounds.push(background ?? '');
      await scrollTo(page, '#explain-heading');
      await saveScreenshot(page, artifacts, file);
      await scrollTo(page, '#explain-layer-heading');
      await saveScreenshot(page, artifacts, `${file}-gates`);
      await scrollTo(page, '#diagnostics-heading');
      await saveScreenshot(page, artifacts, `${file}-diagnostics`);
    }
  });

  it('Moby Dick: the window’s characters on the time axis, and every state of 128 units', async function () {
    this.timeout(150_000);
    const { page, artifacts } = session();
    await openPanelAlone(page, EXPLAIN_CONFIGS.text);
    const data = await openInspector(page);
    Object.assign(figures, { textOpenMs: Number(data.openMs), textCliSeconds: Number(data.seconds), textJsonBytes: Number(data.bytes), textDrawMs: Number(data.drawMs) });
    const input = panel(page).locator('#explain-input');
    assert.equal(await input.getAttribute('data-kind'), 'tokens');
    const steps = Number(await input.getAttribute('data-steps'));
    assert.equal((await input.getAttribute('data-tokens'))?.length, steps);
    const cell = panel(page).locator('#explain-map-cell');
    assert.deepEqual([await cell.getAttribute('data-rows'), await cell.getAttribute('data-steps')], ['128', String(steps)]);
    assert.match(await panel(page).locator('#explain-target').textContent() ?? '', /^Next character ".+": probability/);
    await scrollTo(page, '#explain-heading');
    await saveScreenshot(page, artifacts, 'explain-text');
  });

  it('the random walk raises the lag trap in the panel and in the Runs view; the sine wave does not', async function () {
    this.timeout(120_000);
    const { page, artifacts } = session();
    const lagTrap = async (config: string) => {
      await openPanelAlone(page, config);
      const diagnostics = panel(page).locator('#diagnostics');
      await waitUntil(page, `${config}'s diagnostics`, () => diagnostics.getAttribute('data-state'), (state) => state === 'ready', EXPLAIN_TIMEOUT_MS);
      return panel(page).locator('#diagnostics-list li[data-id="lag-trap"]');
    };
    const walk = await lagTrap(EXPLAIN_CONFIGS.walk);
    assert.equal(await walk.getAttribute('data-status'), 'raised');
    assert.match(await walk.locator('summary').textContent() ?? '', /Lag trap.*it repeats the last value/);
    assert.match(await walk.locator('.fix').textContent() ?? '', /^Fix: .*naive/);
    // Its evidence, plotted: the forecast against the truth and naive, and the correlation at each shift.
    const evidence = await walk.locator('figure.evidence').evaluateAll((figures) => figures.map((figure) => figure.getAttribute('data-kind')));
    assert.deepEqual(evidence, ['series', 'bars']);
    assert.ok(Number(await walk.locator('figure.series canvas').getAttribute('data-points')) > 10);
    await scrollTo(page, '#diagnostics-heading');
    await saveScreenshot(page, artifacts, 'diagnostics-random-walk');
    const wave = await lagTrap(EXPLAIN_CONFIGS.wave);
    assert.equal(await wave.getAttribute('data-status'), 'clear');

    // The Runs view: a warning on the random walk's run, naming the lag trap; none of it on the sine wave's.
    await runPaletteCommand(page, 'View: Close All Editors');
    await runPaletteCommand(page, 'SeqLab: Focus on Runs View');
    const row = (config: string) => page.locator(`.pane-body .monaco-list-row[aria-label*="-${config},"]`).first();
    const walkLabel = await waitUntil(page, 'the lag trap in the Runs view', () => row(EXPLAIN_CONFIGS.walk).getAttribute('aria-label'),
      (label) => /warnings?: [^,]*Lag trap/.test(label ?? ''), EXPLAIN_TIMEOUT_MS);
    assert.match(await row(EXPLAIN_CONFIGS.walk).locator('.label-description').textContent() ?? '', /⚠ (Lag trap|.+ \+\d)/);
    assert.ok(await row(EXPLAIN_CONFIGS.walk).locator('.codicon-warning').count() > 0, `a warning icon (${walkLabel})`);
    // Under the run, collapsed: each problem with its one-line summary (and the fix in its tooltip).
    await row(EXPLAIN_CONFIGS.walk).locator('.monaco-tl-twistie').click();
    const problem = page.locator('.pane-body .monaco-list-row[aria-label^="Lag trap: "]').first();
    await problem.waitFor({ timeout: 10_000 });
    assert.match(await problem.locator('.label-description').textContent() ?? '', /one step ahead on validation: .*it repeats the last value/);
    assert.match(await problem.getAttribute('aria-label') ?? '', /Fix: .*naive/);
    const waveLabel = await waitUntil(page, 'the sine wave’s diagnostics in the Runs view', () => row(EXPLAIN_CONFIGS.wave).getAttribute('aria-label'),
      (label) => label !== null, 30_000);
    assert.doesNotMatch(waveLabel ?? '', /Lag trap/);
    await saveScreenshot(page, artifacts, 'runs-view-diagnostics');
    await runPaletteCommand(page, 'View: Show Explorer');
  });

  it('logged no Content Security Policy violation', () => {
    const violations = session().console
      .filter(({ text, url }) => /Content Security Policy/i.test(text) && /\/webview\/|vscode-resource|vscode-cdn/.test(url))
      .map(({ text, url }) => `${text} (${url})`);
    assert.deepEqual(violations, []);
  });
});

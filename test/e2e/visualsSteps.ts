import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { panel, waitUntil } from './panelPage';
import { explorerRow, runPaletteCommand } from './workbench';

// Workbench steps of the panel's e2e spec: typing in an editor, the colour theme, the save dialog,
// and checking an exported PNG.

/** What the page code below uses of the browser (test code is typed for Node, without the DOM). */
declare const getComputedStyle: (element: unknown) => { readonly backgroundColor: string };

/** The tab of a config's panel, or of an editor, by its title. */
export function tab(page: Page, title: string): Locator {
  return page.locator('.tabs-container .tab', { hasText: title }).first();
}

/** Closes every editor, opens `<config>.seqlab.json`, then its panel (SeqLab: Open Panel): one panel on screen. */
export async function openPanelOf(page: Page, config: string): Promise<void> {
  await openConfig(page, config);
  await runPaletteCommand(page, 'SeqLab: Open Panel');
  await tab(page, `SeqLab: ${config}`).click({ timeout: 20_000 });
  // The page has drawn the host's snapshot (data-runs appears with the first frame, before it).
  await panel(page).locator('body[data-snapshots]:not([data-snapshots="0"])').waitFor({ timeout: 20_000 });
}

/**
 * Closes every editor and opens `<config>.seqlab.json` (at the workspace's top) from the Explorer.
 * The Explorer renders only the rows in view (a revealed model.onnx leaves `.seqlab` open above the
 * configs) and sees files written from outside once its watcher notices: until the row shows, it
 * collapses the folders and refreshes.
 */
export async function openConfig(page: Page, config: string): Promise<void> {
  const file = `${config}.seqlab.json`;
  await runPaletteCommand(page, 'View: Close All Editors');
  const row = explorerRow(page, file);
  const deadline = Date.now() + 30_000;
  while (!(await row.isVisible())) {
    if (Date.now() > deadline) throw new Error(`the Explorer never showed ${file}`);
    await runPaletteCommand(page, 'View: Show Explorer');
    await runPaletteEntry(page, 'Collapse Folders in Explorer');
    await refreshExplorer(page);
    await row.waitFor({ timeout: 3_000 }).catch(() => undefined);
  }
  await row.click();
  await tab(page, file).waitFor({ timeout: 10_000 });
}

/** Runs the palette entry whose row shows `text` (commands whose category prefix varies). */
async function runPaletteEntry(page: Page, text: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill(`>${text}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().click({ timeout: 10_000 });
}

/** Refreshes the Explorer (files written from outside VS Code show up once its watcher notices). */
export async function refreshExplorer(page: Page): Promise<void> {
  await runPaletteEntry(page, 'Refresh Explorer');
}


/** Preferences: Color Theme → `theme`. */
export async function pickColorTheme(page: Page, theme: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>Preferences: Color Theme');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click({ timeout: 10_000 });
  await input.fill(theme);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label^="${theme}"]`).first().click({ timeout: 10_000 });
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * Accepts VS Code's save dialog as it opens (code-server's own dialog: a path box filled with the
 * default name beside the config) and waits for the file SeqLab writes there.
 */
export async function saveWithDefaultName(page: Page, expected: string): Promise<string> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await waitUntil(page, 'the save dialog’s default path', () => input.inputValue(), (value) => value.endsWith(expected.split('/').pop() ?? ''), 10_000);
  await page.keyboard.press('Enter');
  await waitUntil(page, `${expected} to be written`, async () => fs.existsSync(expected) && fs.statSync(expected).size > 0, (done) => done, 15_000);
  return expected;
}

/** The exported PNG is a PNG, and its corner pixel is the theme's editor background, fully opaque. */
export async function checkPngExport(page: Page, file: string): Promise<void> {
  const bytes = fs.readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const corner = firstPixel(bytes);
  assert.equal(corner[3], 255, 'the background is opaque');
  const background = await panel(page).locator('body').evaluate((body) => getComputedStyle(body).backgroundColor);
  const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
  assert.deepEqual(corner.slice(0, 3), [r, g, b], `the corner is the editor background ${background}`);
}

/** The RGBA of a PNG's top-left pixel (8-bit RGBA, as canvas.toDataURL writes): the first scanline's
 *  filters all reduce to "raw" for its first pixel, so no unfiltering is needed. */
function firstPixel(png: Buffer): number[] {
  const chunks: Buffer[] = [];
  let colourType = -1;
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') colourType = data[9];
    if (type === 'IDAT') chunks.push(data);
    at += 12 + length;
  }
  assert.equal(colourType, 6, 'an RGBA PNG');
  const pixels = zlib.inflateSync(Buffer.concat(chunks));
  return [...pixels.subarray(1, 5)];
}

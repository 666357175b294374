import type { FrameLocator, Locator, Page } from 'playwright-core';

// Helpers that drive VS Code's workbench the way a person does, through its DOM. The selectors are
// the workbench's own classes (stable across VS Code releases for years); each helper waits for
// what it needs instead of sleeping.

const WORKBENCH_TIMEOUT_MS = 60_000;

/** Waits until the workbench shows the Explorer with the workspace's files. */
export async function waitForExplorer(page: Page, someFile: string): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_TIMEOUT_MS });
  await explorerRow(page, someFile).waitFor({ timeout: WORKBENCH_TIMEOUT_MS });
}

/** The Explorer row of `fileName` (exact name: `data.csv` must not match `DATA.CSV`). */
export function explorerRow(page: Page, fileName: string): Locator {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${fileName}"]`);
}

/**
 * Right-clicks `target` after moving the mouse off the Explorer: a mouse resting on a row shows
 * that row's path tooltip after a moment, and the tooltip covers the row below it.
 */
async function rightClick(page: Page, target: Locator): Promise<void> {
  await page.mouse.move(900, 600); // the empty editor area
  await target.click({ button: 'right', timeout: 10_000 });
}

/** The labels of the open context menu, without separators. The menu lives in a shadow root,
 *  which Playwright's CSS selectors pierce. */
async function openMenuLabels(page: Page): Promise<string[]> {
  const labels = await page.locator('.monaco-menu .action-item .action-label').evaluateAll(
    (elements) => elements.map((element) => element.getAttribute('aria-label') ?? element.textContent ?? ''));
  return labels.map((label) => label.trim()).filter((label) => label.length > 0);
}

async function closeMenus(page: Page): Promise<void> {
  // Escape closes the context menu or the palette, whichever is open; the second one is harmless.
  await page.keyboard.press('Escape');
  await page.locator('.monaco-menu').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
}

/**
 * Right-clicks `fileName` in the Explorer and returns the menu's labels, then closes the menu.
 * Extension menu items appear only once the extension host has read the extension's manifest,
 * a few seconds after the Explorer: with `untilLabel`, the right-click is retried until that
 * item is there (or `timeoutMs` passes, and the last labels are returned).
 */
export async function explorerContextMenu(
  page: Page, fileName: string, untilLabel?: string, timeoutMs = 30_000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await rightClick(page, explorerRow(page, fileName));
    await page.locator('.monaco-menu .action-item').first().waitFor({ timeout: 5_000 });
    const labels = await openMenuLabels(page);
    const done = !untilLabel || labels.includes(untilLabel) || Date.now() > deadline;
    await closeMenus(page);
    if (done) return labels;
    await page.waitForTimeout(500);
  }
}

/** Right-clicks `fileName` in the Explorer and picks `label` (retrying until the entry exists). */
export async function pickExplorerMenuEntry(page: Page, fileName: string, label: string): Promise<void> {
  const labels = await explorerContextMenu(page, fileName, label);
  if (!labels.includes(label)) throw new Error(`The context menu of ${fileName} has no "${label}": ${labels.join(' | ')}`);
  await pickContextMenuEntry(page, explorerRow(page, fileName), label);
}

/** Right-clicks `target` (a row of the Explorer, the Runs view, …) and picks the menu entry `label`. */
export async function pickContextMenuEntry(page: Page, target: Locator, label: string): Promise<void> {
  await rightClick(page, target);
  const entry = page.locator(`.monaco-menu .action-item .action-label:is([aria-label="${label}"], :text-is("${label}"))`).first();
  const menu = page.locator('.monaco-menu');
  // The menu ignores a click that lands too soon after the right-click opened it (so that the
  // right button's own release never picks an entry): click until the menu closes.
  for (let attempt = 1; ; attempt++) {
    await entry.click();
    try {
      await menu.waitFor({ state: 'detached', timeout: 1_000 });
      return;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

/** Opens the command palette on `query` and returns the labels of the commands it lists. */
export async function paletteCommands(page: Page, query: string): Promise<string[]> {
  await openPalette(page, query);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor({ timeout: 10_000 });
  const labels = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''));
  await closeMenus(page);
  return labels;
}

/**
 * Runs the palette command labelled exactly `label` (e.g. `SeqLab: Show Log`). An extension's commands
 * and views are listed once the extension host has read its manifest: until then it opens the palette again.
 */
export async function runPaletteCommand(page: Page, label: string, timeoutMs = 30_000): Promise<void> {
  // A row's aria-label is the command's label, followed by `, <keybinding>` or `, <group>` when it has one.
  const row = page.locator(`.quick-input-list .monaco-list-row:is([aria-label="${label}"], [aria-label^="${label}, "])`).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await openPalette(page, label);
    try {
      await row.waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await closeMenus(page);
    }
  }
  await row.click({ timeout: 10_000 });
}

async function openPalette(page: Page, query: string): Promise<void> {
  await closeMenus(page); // a menu left open would swallow F1
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${query}`);
}

/** The label of the active editor tab. */
export async function activeTabLabel(page: Page): Promise<string | null> {
  const tab = page.locator('.tabs-container .tab.active');
  await tab.first().waitFor({ timeout: 10_000 });
  return tab.first().getAttribute('aria-label');
}

/**
 * The content of the visible webview: VS Code hosts each webview in an outer iframe (its own
 * message relay) around an inner one (`#active-frame`) that holds the extension's page.
 */
export function visibleWebview(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready').filter({ visible: true }).contentFrame().frameLocator('iframe#active-frame');
}

/** The row of the SeqLab Runs view whose label (a run's change label, or a config's name) is `label`. */
export function runsViewRow(page: Page, label: string): Locator {
  // A row's accessible name: a run's is `<label>, <state>, <metric>, <duration>`; a config's `<name> <folder>`.
  const name = JSON.stringify(label);
  return page.locator(`.pane-body .monaco-list-row:is([aria-label=${name}], [aria-label^=${JSON.stringify(`${label}, `)}], [aria-label^=${JSON.stringify(`${label} `)}])`);
}

/** Clicks the button `label` of the modal dialog VS Code shows (e.g. a confirmation). */
export async function answerDialog(page: Page, label: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 10_000 });
  await dialog.locator('.monaco-button', { hasText: label }).first().click();
  await dialog.waitFor({ state: 'detached', timeout: 10_000 });
}

export async function closeAllEditors(page: Page): Promise<void> {
  await runPaletteCommand(page, 'View: Close All Editors');
}

export async function focusTab(page: Page, label: string): Promise<void> {
  await page.locator('.tabs-container .tab', { hasText: label }).first().click();
}

/** Replaces every `text` by `replacement` in the active editor with Find/Replace (unsaved), as a user would. */
export async function replaceInActiveEditor(page: Page, text: string, replacement: string): Promise<void> {
  await page.keyboard.press('Control+H');
  const find = page.locator('.find-widget textarea[aria-label="Find"], .find-widget .input[aria-label="Find"]').first();
  await find.waitFor({ timeout: 10_000 });
  await find.fill(text);
  await page.locator('.find-widget textarea[aria-label="Replace"], .find-widget .input[aria-label="Replace"]').first().fill(replacement);
  await page.keyboard.press('Control+Alt+Enter');
  await page.keyboard.press('Escape');
}

/** Replaces text in the editor of tab `label` with Find/Replace and saves, as a user would. */
export async function replaceInEditor(page: Page, label: string, text: string, replacement: string): Promise<void> {
  await focusTab(page, label);
  await replaceInActiveEditor(page, text, replacement);
  await page.keyboard.press('Control+S');
}

/** Waits until `target`'s text matches `pattern` (e.g. a Runs view row's state). */
export async function waitForText(target: Locator, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await target.first().textContent({ timeout: 1_000 }).catch(() => '');
    if (text && pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in: ${text}`);
    await target.page().waitForTimeout(200);
  }
}

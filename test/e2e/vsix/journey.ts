import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { saveScreenshot } from '../../tools/artifacts';
import type { CodeServer } from '../../tools/codeServer';
import { repoRoot } from '../../tools/paths';
import { explorerRow, pickExplorerMenuEntry, runPaletteCommand, visibleWebview, waitForExplorer } from '../workbench';
import { extensionHosts, onnxruntimeMappedInto } from './hostProcess';

// The journey of a new user on the installed VSIX, one step after the other (each needs the last).
// What the user sees is read from the workbench's DOM; what SeqLab wrote is read from disk.

export interface JourneyContext {
  readonly page: Page;
  readonly server: CodeServer;
  /** The workspace copy (holding co2-concentration.csv at first). */
  readonly folder: string;
  readonly artifacts: string;
  /** Where code-server unpacked the VSIX. */
  readonly extensionDir: string;
}

interface Step {
  readonly name: string;
  run(context: JourneyContext): Promise<void>;
}

const DATA = 'co2-concentration.csv';
const CONFIG = 'co2-concentration.seqlab.json';
const PREDICTIONS = 'co2-concentration.predictions.csv';
const state: { host?: number; firstRun?: string; secondRun?: string; label?: string } = {};

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const readJson = <T>(file: string): T | undefined => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
};

function runs(folder: string): string[] {
  const dir = path.join(folder, '.seqlab', 'runs');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort().map((name) => path.join(dir, name)) : [];
}

/**
 * In the active config editor: goes to the line matching `pattern` (the first after a line matching
 * `after`, if given), selects it from its first character, types `replacement` (keeping a trailing
 * comma) and saves, as a person edits. Returns the number the line held.
 */
async function editLine(page: Page, folder: string, pattern: RegExp, replacement: string, after?: RegExp): Promise<string> {
  const lines = fs.readFileSync(path.join(folder, CONFIG), 'utf8').split('\n');
  const from = after ? lines.findIndex((text) => after.test(text)) : 0;
  assert.ok(from >= 0, `the config has a line like ${after}`);
  const line = lines.findIndex((text, index) => index > from && pattern.test(text));
  assert.ok(line >= 0, `the config has a line like ${pattern}`);
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(line + 1));
  await page.keyboard.press('Enter');
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.press('Delete'); // typing `"` over a selection would surround it with quotes
  await page.keyboard.type(`${replacement}${lines[line].trimEnd().endsWith(',') ? ',' : ''}`);
  await page.keyboard.press('Control+S');
  return /\d+/.exec(lines[line])![0];
}

async function activeTab(page: Page, label: string): Promise<void> {
  await page.locator(`.tabs-container .tab.active[aria-label^="${label}"]`).first().waitFor({ timeout: 30_000 });
}

/** Opens `file` of the Explorer in an editor, as a click does. */
async function openFromExplorer(page: Page, file: string): Promise<void> {
  await explorerRow(page, file).click();
  await activeTab(page, file);
}

/** SeqLab: Predict from the palette, then Enter on the model picker's first (newest) model once it is listed. */
async function predictFromPalette(page: Page, expectedDetail: string): Promise<string> {
  await runPaletteCommand(page, 'SeqLab: Predict');
  const first = page.locator('.quick-input-list .monaco-list-row').first();
  await first.filter({ hasText: expectedDetail }).waitFor({ timeout: 30_000 });
  const text = (await first.textContent()) ?? '';
  await page.keyboard.press('Enter');
  return text;
}

/** Welcome: Open Walkthrough… → Get started with SeqLab (opened, or brought back to the front). */
async function openWalkthrough(page: Page): Promise<void> {
  await runPaletteCommand(page, 'Welcome: Open Walkthrough...');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with SeqLab' }).first().click({ timeout: 20_000 });
  await page.locator('.getting-started-step', { hasText: 'Predict with the trained model' }).first().waitFor({ timeout: 20_000 });
}

function checkedSteps(page: Page) {
  return page.locator('.getting-started-step .codicon-getting-started-step-checked');
}

export const journey: readonly Step[] = [
  {
    name: 'the workbench opens the workspace with SeqLab installed from the VSIX (no development host)',
    async run({ page, server }) {
      await waitForExplorer(page, DATA);
      assert.ok(!(await page.title()).includes('Extension Development Host'), await page.title());
      const [host] = await until('the extension host', () => {
        const found = extensionHosts(server.processGroup);
        return found.length > 0 ? found : undefined;
      });
      state.host = host;
      // A user opens the walkthrough first (VS Code offers it when the extension is installed): nothing is done yet.
      await openWalkthrough(page);
      assert.equal(await checkedSteps(page).count(), 0);
    },
  },
  {
    name: `right-click ${DATA} → Train: a config beside it, the panel, and a run training`,
    async run({ page, folder, artifacts }) {
      await pickExplorerMenuEntry(page, DATA, 'Train');
      const opened = Date.now();
      await until('the proposed config', () => fs.existsSync(path.join(folder, CONFIG)));
      await page.locator('.tabs-container .tab[aria-label^="SeqLab: co2-concentration"]').first().waitFor({ timeout: 30_000 });
      state.firstRun = await until('the first run', () => runs(folder).find((run) => fs.existsSync(path.join(run, 'metrics.jsonl'))), 60_000);
      // What the user sees: the panel drawn, with the run listed (its first webview loads with the workbench's
      // service worker, a few seconds in a fresh code-server).
      await visibleWebview(page).locator('body[data-runs]:not([data-runs="0"])').waitFor({ timeout: 60_000 });
      console.log(`    the panel showed the run ${((Date.now() - opened) / 1000).toFixed(1)} s after Train`);
      await saveScreenshot(page, artifacts, '1-training');
    },
  },
  {
    name: 'edit training.epochs in the config and save: the run stops and a second, labelled run trains to the end',
    async run({ page, folder, artifacts }) {
      await page.locator(`.tabs-container .tab[aria-label^="${CONFIG}"]`).first().click();
      await activeTab(page, CONFIG);
      // On a quiet machine the proposal's first run may stop early within seconds, before this edit is
      // saved: then early stopping goes off first (a run of all its epochs) and the edit lands on that run.
      let training = state.firstRun!;
      if (fs.existsSync(path.join(training, 'summary.json'))) {
        await editLine(page, folder, /^\s*"patience": \d+,?$/, '"patience": 0', /"earlyStopping": \{/);
        training = await until('a run without early stopping', () => runs(folder).find((run) => run !== state.firstRun && fs.existsSync(path.join(run, 'metrics.jsonl'))), 60_000);
      }
      const before = await editLine(page, folder, /^\s*"epochs": \d+,?$/, '"epochs": 3');
      state.label = `training.epochs ${before}→3`;
      state.secondRun = await until('a second run', () => runs(folder).find((run) => run !== state.firstRun && run !== training && fs.existsSync(path.join(run, 'run.json'))));
      assert.equal(readJson<{ label?: string }>(path.join(state.secondRun, 'run.json'))?.label, state.label);
      const summary = await until('the second run to finish', () => readJson<{ status: string; epochs: number }>(path.join(state.secondRun!, 'summary.json')), 120_000);
      assert.ok(['completed', 'early-stopped'].includes(summary.status), summary.status);
      assert.ok(summary.epochs <= 3, `${summary.epochs} epochs`);
      assert.ok(fs.existsSync(path.join(state.secondRun, 'model.onnx')), 'the second run exported its model');
      assert.equal(readJson<{ status: string }>(path.join(training, 'summary.json'))?.status, 'stopped', 'the run that trained was stopped by the edit');
      // The Runs view lists both, the second with its change label.
      await page.locator('.activitybar .action-item a[aria-label^="SeqLab"]').first().click();
      await page.locator(`.monaco-list-row[aria-label*="${state.label}"]`).first().waitFor({ timeout: 30_000 });
      await saveScreenshot(page, artifacts, '2-retrained');
    },
  },
  {
    name: `SeqLab: Predict from the palette on ${DATA}: the new model first in the picker, predictions beside the CSV equal to the CLI's`,
    async run({ page, folder, artifacts }) {
      await page.locator('.activitybar .action-item a[aria-label^="Explorer"]').first().click();
      await openFromExplorer(page, DATA);
      const row = await predictFromPalette(page, state.label!);
      assert.match(row, /forecast adjusted CO2/);
      assert.match(row, /val MAE \d/);
      await activeTab(page, PREDICTIONS);
      const written = fs.readFileSync(path.join(folder, PREDICTIONS), 'utf8');
      const cli = execFileSync(process.execPath, [path.join(repoRoot, 'bin', 'seqlab.js'), 'predict', path.join(state.secondRun!, 'model.onnx'), path.join(folder, DATA), '--rolling'], { encoding: 'utf8' });
      assert.equal(written, cli, 'the same CSV as seqlab predict --rolling');
      // The run's panel draws them against the input's own values.
      const rows = written.trim().split('\n').length - 1;
      const section = visibleWebview(page).locator(`#predictions[data-task="forecast"][data-rows="${rows}"]`);
      await section.waitFor({ timeout: 30_000 });
      assert.equal(await section.getAttribute('data-shown'), String(Math.min(rows, 500)));
      assert.match((await section.locator('#predictions-summary').textContent()) ?? '', /Mean absolute error against the input over these 500 rows: \d/);
      await section.scrollIntoViewIfNeeded();
      await saveScreenshot(page, artifacts, '3-predictions');
    },
  },
  {
    name: "Predict again from the CSV editor's title bar asks before overwriting the predictions; Replace writes them anew",
    async run({ page, folder }) {
      const file = path.join(folder, PREDICTIONS);
      const before = fs.statSync(file).mtimeMs;
      await openFromExplorer(page, DATA);
      await page.locator('.editor-group-container.active .editor-actions .action-label[aria-label^="Predict"]').first().click({ timeout: 20_000 });
      const first = page.locator('.quick-input-list .monaco-list-row').first();
      await first.filter({ hasText: state.label! }).waitFor({ timeout: 30_000 });
      await page.keyboard.press('Enter');
      const replace = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Replace' });
      await replace.waitFor({ timeout: 30_000 });
      assert.match((await page.locator('.monaco-dialog-box').textContent()) ?? '', /co2-concentration\.predictions\.csv already exists/);
      await replace.click();
      await until('the predictions to be written again', () => fs.statSync(file).mtimeMs > before, 30_000);
    },
  },
  {
    name: 'seqlab works in the integrated terminal, from the installed extension',
    async run({ page, folder, extensionDir }) {
      await openFromExplorer(page, DATA); // the keyboard back in the workbench, not in the panel's page
      await runPaletteCommand(page, 'Terminal: Create New Terminal');
      await page.locator('.terminal-wrapper.active .xterm').first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1000); // the shell's first prompt
      await page.keyboard.type('seqlab --version > seqlab-version.txt; command -v seqlab > seqlab-path.txt\n');
      const version = await until('seqlab --version in the terminal', () => {
        const file = path.join(folder, 'seqlab-version.txt');
        return (fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim()) || undefined; // the shell creates it empty first
      }, 30_000);
      assert.equal(version, readJson<{ version: string }>(path.join(repoRoot, 'package.json'))!.version);
      assert.equal(fs.readFileSync(path.join(folder, 'seqlab-path.txt'), 'utf8').trim(), path.join(extensionDir, 'bin', 'seqlab'));
    },
  },
  {
    name: 'the walkthrough, Get started with SeqLab, has its three steps checked off by what the user did',
    async run({ page, artifacts }) {
      await openWalkthrough(page);
      const checked = checkedSteps(page);
      await checked.nth(2).waitFor({ timeout: 10_000 });
      assert.equal(await checked.count(), 3);
      await saveScreenshot(page, artifacts, '4-walkthrough');
    },
  },
  {
    name: 'the extension host never restarted and never loaded onnxruntime',
    async run({ server }) {
      assert.deepEqual(extensionHosts(server.processGroup), [state.host]);
      assert.deepEqual(onnxruntimeMappedInto(state.host!), []);
    },
  },
];

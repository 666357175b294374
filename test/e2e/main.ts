import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import type { Browser } from 'playwright-core';
import { resetArtifacts, saveLogs, saveScreenshot } from '../tools/artifacts';
import { startCodeServer, type CodeServer } from '../tools/codeServer';
import { artifactsDir, repoRoot } from '../tools/paths';
import { copyWorkspace } from '../tools/workspaceCopy';
import { launchChromium, newWorkbenchPage, workbenchUrl, type ConsoleRecord } from '../tools/workbenchPage';
import { session, setSession } from './session';
import { waitForExplorer } from './workbench';

// `npm run test:e2e`: SeqLab in a real VS Code (code-server on 127.0.0.1) in Debian's chromium,
// driven like a person would: Explorer menus, the command palette, the panel's webview. One
// workbench for all specs (*.e2e.ts, run in name order). A failed test leaves a screenshot, and a
// failed run leaves the logs, in test/artifacts/e2e. Exit status: 0 only if every test passed.
// Last line: `N passed, N failed`.

async function main(): Promise<{ passed: number; failed: number }> {
  const artifacts = artifactsDir('e2e');
  resetArtifacts(artifacts);
  const consoleRecords: ConsoleRecord[] = [];
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let counts = { passed: 0, failed: 1 };
  // A temporary copy: training writes a config and run folders beside the data. It holds only the
  // data file the journey trains on (the Explorer-menu spec adds its own files later).
  const workspace = copyWorkspace('e2e-workspace', { 'seattle-weather.csv': 'samples/seattle-weather.csv' });
  try {
    // Runs long enough to edit the config while one trains, short enough for CI. At 60 epochs the
    // journey's run without early stopping (seattle-weather, LSTM 64) ended in 8 s on a quiet machine,
    // before the next edit was saved; 150 take about 20 s. Only runs without early stopping reach it.
    server = await startCodeServer({ env: { SEQLAB_TEST_EPOCHS: '150' }, settings: { 'workbench.editor.enablePreview': false } });
    browser = await launchChromium();
    const page = await newWorkbenchPage(browser, consoleRecords);
    const url = workbenchUrl(server, { folder: workspace.folder, extensionDevelopmentPath: repoRoot });
    setSession({ server, page, console: consoleRecords, artifacts, workspace: workspace.folder, url });
    await page.goto(url);
    try {
      await waitForExplorer(page, 'seattle-weather.csv');
    } catch (error) {
      await saveScreenshot(page, artifacts, 'workbench-did-not-start');
      throw error;
    }
    counts = await runSpecs(path.join(__dirname));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  } finally {
    await browser?.close().catch(() => undefined);
    const survivors = (await server?.stop()) ?? [];
    if (survivors.length > 0) console.error(`processes that outlived code-server: ${survivors.join(', ')}`);
    if (server && counts.failed > 0) console.error(`Logs saved to ${saveLogs(server, consoleRecords, artifacts)}`);
    server?.removeRunDirectory();
    workspace.remove();
    setSession(undefined);
  }
  return counts;
}

function runSpecs(directory: string): Promise<{ passed: number; failed: number }> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 90_000,
    color: false,
    // SEQLAB_E2E_GREP=<text>: only the tests whose full title contains it (e.g. "The panel").
    ...(process.env.SEQLAB_E2E_GREP ? { grep: process.env.SEQLAB_E2E_GREP } : {}),
    rootHooks: {
      async afterEach(this: Mocha.Context) {
        const test = this.currentTest;
        if (test?.state !== 'failed') return;
        const file = await saveScreenshot(session().page, session().artifacts, test.fullTitle());
        if (file) console.error(`    screenshot: ${path.relative(repoRoot, file)}`);
      },
    },
  });
  for (const file of fs.readdirSync(directory).filter((name) => name.endsWith('.e2e.js')).sort()) {
    mocha.addFile(path.join(directory, file));
  }
  return new Promise((resolve) => {
    const runner = mocha.run((failures) => {
      resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? failures });
    });
  });
}

main().then(({ passed, failed }) => {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}, (error: unknown) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});

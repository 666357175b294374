import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { resetArtifacts, saveLogs, saveScreenshot } from '../../tools/artifacts';
import { startCodeServer, type CodeServer } from '../../tools/codeServer';
import { artifactsDir, repoRoot } from '../../tools/paths';
import { copyWorkspace } from '../../tools/workspaceCopy';
import { launchChromium, newWorkbenchPage, type ConsoleRecord } from '../../tools/workbenchPage';
import { journey, type JourneyContext } from './journey';

// `npm run test:vsix`: SeqLab as users install it. `npm run package` builds the VSIX (timed here),
// a fresh code-server installs it exactly as Extensions: Install from VSIX… does (no development
// path, no test hooks: the extension runs in Production mode with its full epochs), and one journey
// runs in Debian's chromium on a copy of a sample: right-click → Train, edit the config and see it
// retrain, SeqLab: Predict from the palette, `seqlab` in the integrated terminal
// (test/e2e/vsix/journey.ts). Screenshots go to test/artifacts/vsix; a failure leaves the logs too.
// Last line: `N passed, N failed` (the journey's steps).

async function main(): Promise<{ passed: number; failed: number }> {
  const artifacts = artifactsDir('vsix');
  resetArtifacts(artifacts);
  const started = Date.now();
  // As a user (or CI) packages it: the production bundles, staged, through vsce.
  const output = execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'package.mjs')], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const vsix = path.join(repoRoot, 'vsix', `seqlab-linux-x64-${version}.vsix`);
  const sizes = /compressed [\d.]+ MB, installed [\d.]+ MB/.exec(output)?.[0] ?? 'sizes not printed';
  console.log(`packaged ${path.basename(vsix)} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${sizes}`);
  // The native part: this platform's binding and CPU library, nothing else.
  const native = [...(/native files: (.*)/.exec(output)?.[1] ?? '').matchAll(/(\S+) \(/g)].map((match) => match[1]);
  const expected = ['onnxruntime_binding.node', 'libonnxruntime.so.1'].map((name) => `dist/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/${name}`);
  if (native.join() !== expected.join()) throw new Error(`the VSIX's native files are ${native.join(', ')}; expected ${expected.join(', ')}`);

  const workspace = copyWorkspace('samples', { 'co2-concentration.csv': 'samples/co2-concentration.csv' });
  const consoleRecords: ConsoleRecord[] = [];
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const steps = { passed: 0, failed: 0 };
  try {
    const installing = Date.now();
    server = await startCodeServer({ vsix, developmentPayload: false });
    console.log(`installed the VSIX and started code-server in ${((Date.now() - installing) / 1000).toFixed(1)} s`);
    const installed = fs.readdirSync(path.join(path.dirname(server.userDataDir), 'extensions')).filter((name) => name.startsWith('seqlab.'));
    if (installed.length !== 1) throw new Error(`the extensions folder holds ${installed.join(', ') || 'no SeqLab'}`);
    browser = await launchChromium();
    page = await newWorkbenchPage(browser, consoleRecords);
    await page.goto(`${server.origin}/?${new URLSearchParams({ folder: workspace.folder })}`);
    const context: JourneyContext = { page, server, folder: workspace.folder, artifacts, extensionDir: path.join(path.dirname(server.userDataDir), 'extensions', installed[0]) };
    for (const step of journey) {
      const stepStarted = Date.now();
      try {
        await step.run(context);
        steps.passed++;
        console.log(`  ✔ ${step.name} (${((Date.now() - stepStarted) / 1000).toFixed(1)} s)`);
      } catch (error) {
        steps.failed++;
        console.error(`  ✘ ${step.name}: ${error instanceof Error ? error.message : String(error)}`);
        await saveScreenshot(page, artifacts, `failed-${step.name}`);
        break; // each step needs the one before it
      }
    }
  } catch (error) {
    steps.failed++;
    console.error(error instanceof Error ? error.message : error);
    await saveScreenshot(page, artifacts, 'failed');
  } finally {
    await browser?.close().catch(() => undefined);
    const survivors = (await server?.stop()) ?? [];
    if (survivors.length > 0) console.error(`processes that outlived code-server: ${survivors.join(', ')}`);
    if (server && steps.failed > 0) console.error(`Logs saved to ${saveLogs(server, consoleRecords, artifacts)}`);
    server?.removeRunDirectory();
    workspace.remove();
  }
  console.log(`journey: ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  return { passed: steps.passed, failed: steps.failed + (steps.passed + steps.failed < journey.length && steps.failed === 0 ? 1 : 0) };
}

main().then(({ passed, failed }) => {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}, (error: unknown) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});

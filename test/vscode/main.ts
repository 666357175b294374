import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { resetArtifacts, saveLogs, saveScreenshot } from '../tools/artifacts';
import { startCodeServer, type CodeServer } from '../tools/codeServer';
import { artifactsDir, fixtureWorkspace, repoRoot } from '../tools/paths';
import { launchChromium, newWorkbenchPage, workbenchUrl, type ConsoleRecord } from '../tools/workbenchPage';

// `npm run test:vscode`: runs test/vscode/suite inside the extension host of a real VS Code
// (code-server), the way @vscode/test-electron runs it inside desktop VS Code. The workbench
// reports the host's console through window.codeAutomationLog and the result of the suite's run()
// through window.codeAutomationExit; playwright exposes both to this process.
// Exit status: the suite's. Last line: `N passed, N failed`.

const SUITE_TIMEOUT_MS = 5 * 60_000;
const SUMMARY = /^(\d+) passed, (\d+) failed$/;
/**
 * The workbench logs through the same channel as the extension host's console. These entries are
 * its routine start-up chatter and the expected offline failures (../shared/vscode-e2e.md,
 * "harmless noise"): they go to the transcript saved with a failed run's logs, not to the screen.
 */
const WORKBENCH_NOISE = [
  /^\[Service Worker\]/, /^Creating a socket/, /^Resolv(ing|ed) connection token/, /^\[reconnection-grace-time\]/,
  /^Creation of workbench contribution/, /^Updating additional builtin extensions cache/, /^\[AgentHost/,
  /^\[AccountPolicyGate\]/, /authentication provider 'github'/, /ECONNREFUSED 127\.0\.0\.1:9\b/,
];

async function main(): Promise<number> {
  const artifacts = artifactsDir('vscode');
  resetArtifacts(artifacts);
  const consoleRecords: ConsoleRecord[] = [];
  const transcript: string[] = []; // everything the workbench and the extension host logged
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const result: { summary?: RegExpExecArray } = {};
  let exitCode = 1;
  try {
    server = await startCodeServer();
    browser = await launchChromium();
    page = await newWorkbenchPage(browser, consoleRecords);
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown[]) => {
      const entry = util.format(...args);
      transcript.push(`[${level}] ${entry}`);
      const isSummary = SUMMARY.exec(entry.trim());
      if (isSummary) result.summary = isSummary; // printed last, after teardown
      else if (WORKBENCH_NOISE.some((pattern) => pattern.test(entry))) return;
      else if (level === 'error') console.error(entry);
      else console.log(entry);
    });
    const exited = new Promise<number>((resolve) => void page?.exposeFunction('codeAutomationExit', resolve));
    await page.goto(workbenchUrl(server, {
      folder: fixtureWorkspace,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'vscode', 'suite', 'index.js'),
    }));
    exitCode = await withTimeout(exited, SUITE_TIMEOUT_MS, 'the extension-host tests did not finish');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  } finally {
    if (exitCode !== 0) await saveScreenshot(page, artifacts, 'workbench');
    await browser?.close().catch(() => undefined);
    const survivors = (await server?.stop()) ?? [];
    if (survivors.length > 0) console.error(`processes that outlived code-server: ${survivors.join(', ')}`);
    if (server && exitCode !== 0) {
      const logs = saveLogs(server, consoleRecords, artifacts);
      fs.writeFileSync(path.join(logs, 'workbench-and-extension-host.log'), `${transcript.join('\n')}\n`);
      console.error(`Logs saved to ${logs}`);
    }
    server?.removeRunDirectory();
  }
  const { summary } = result;
  const [passed, failed] = summary ? [Number(summary[1]), Number(summary[2])] : [0, 0];
  // A non-zero exit with no failure counted (the host crashed, a file did not load) still fails.
  console.log(`${passed} passed, ${exitCode !== 0 && failed === 0 ? 1 : failed} failed`);
  return exitCode;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms)));
  // The timer is cleared either way: a pending timer would keep this process alive.
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { saveLogs, saveScreenshot } from './artifacts';
import { startCodeServer, type CodeServer } from './codeServer';
import { repoRoot } from './paths';
import { copyWorkspace, type WorkspaceFiles } from './workspaceCopy';
import { launchChromium, newWorkbenchPage, workbenchUrl, type ConsoleRecord } from './workbenchPage';

// Runs a folder of test/vscode/suite inside the extension host of a real VS Code (code-server), the
// way @vscode/test-electron runs a suite inside desktop VS Code: the workbench reports the host's
// console through window.codeAutomationLog and the result of the suite's run() through
// window.codeAutomationExit, which playwright exposes to this process. One boot per call, on a
// temporary copy of its workspace.

export const SUITE_TIMEOUT_MS = 5 * 60_000;
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

/** One boot of VS Code: a workspace copy, trust on or off, and the suite folder its host runs. */
export interface Boot {
  /** test/vscode/suite/<name>/*.test.ts */
  readonly name: string;
  readonly trusted: boolean;
  readonly workspace: WorkspaceFiles;
  /** Prepares the copy before VS Code opens it (e.g. a run trained by the CLI). */
  readonly prepare?: (folder: string) => void;
  /** Environment of the extension host (SEQLAB_SUITE is set to `name`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Reads the copy after the suite ran, before it is removed. */
  readonly inspect?: (folder: string) => void;
}

export async function runBoot(boot: Boot, artifacts: string): Promise<{ passed: number; failed: number; exitCode: number }> {
  const consoleRecords: ConsoleRecord[] = [];
  const transcript: string[] = []; // everything the workbench and the extension host logged
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const result: { summary?: RegExpExecArray } = {};
  let exitCode = 1;
  const workspace = copyWorkspace(`${boot.name}-workspace`, boot.workspace);
  try {
    boot.prepare?.(workspace.folder);
    server = await startCodeServer({ trusted: boot.trusted, env: { ...boot.env, SEQLAB_SUITE: boot.name } });
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
      folder: workspace.folder,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'vscode', 'suite', 'index.js'),
    }));
    exitCode = await withTimeout(exited, SUITE_TIMEOUT_MS, 'the extension-host tests did not finish');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  } finally {
    if (exitCode !== 0) await saveScreenshot(page, artifacts, `${boot.name}-workbench`);
    await browser?.close().catch(() => undefined);
    const survivors = (await server?.stop()) ?? [];
    if (survivors.length > 0) console.error(`processes that outlived code-server: ${survivors.join(', ')}`);
    if (server && exitCode !== 0) {
      const logs = saveLogs(server, consoleRecords, path.join(artifacts, boot.name));
      fs.writeFileSync(path.join(logs, 'workbench-and-extension-host.log'), `${transcript.join('\n')}\n`);
      console.error(`Logs saved to ${logs}`);
    }
    server?.removeRunDirectory();
    if (exitCode === 0) boot.inspect?.(workspace.folder);
    workspace.remove();
  }
  const { summary } = result;
  const [passed, failed] = summary ? [Number(summary[1]), Number(summary[2])] : [0, 0];
  // A non-zero exit with no failure counted (the host crashed, a file did not load) still fails.
  return { passed, failed: exitCode !== 0 && failed === 0 ? 1 : failed, exitCode };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms)));
  // The timer is cleared either way: a pending timer would keep this process alive.
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}


import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { resetArtifacts, saveLogs, saveScreenshot } from '../tools/artifacts';
import { startCodeServer, type CodeServer } from '../tools/codeServer';
import { artifactsDir, repoRoot } from '../tools/paths';
import { copyWorkspace, type WorkspaceFiles } from '../tools/workspaceCopy';
import { PREDICT_WORKSPACE, preparePredictWorkspace } from './predictWorkspace';
import { launchChromium, newWorkbenchPage, workbenchUrl, type ConsoleRecord } from '../tools/workbenchPage';

// `npm run test:vscode`: runs test/vscode/suite inside the extension host of a real VS Code
// (code-server), the way @vscode/test-electron runs it inside desktop VS Code. The workbench
// reports the host's console through window.codeAutomationLog and the result of the suite's run()
// through window.codeAutomationExit; playwright exposes both to this process.
// It boots VS Code once per workspace (trusted, then Restricted Mode), each on a temporary copy.
// Exit status: the suites'. Last line: `N passed, N failed`, summed over the boots.

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

/** One boot of VS Code: a workspace copy, trust on or off, and the suite folder its host runs. */
interface Boot {
  /** test/vscode/suite/<name>/*.test.ts */
  readonly name: string;
  readonly trusted: boolean;
  readonly workspace: WorkspaceFiles;
  /** Prepares the copy before VS Code opens it (e.g. a run trained by the CLI). */
  readonly prepare?: (folder: string) => void;
}

const BOOTS: readonly Boot[] = [
  {
    name: 'trusted',
    trusted: true,
    workspace: {
      'data.csv': 'test/fixtures/vscode/workspace/data.csv',
      'EXPORT.CSV': 'test/fixtures/vscode/workspace/EXPORT.CSV',
      'notes.txt': 'test/fixtures/vscode/workspace/notes.txt',
      'model.json': 'test/fixtures/vscode/workspace/model.json',
      'seattle-weather.csv': 'samples/seattle-weather.csv',
    },
  },
  {
    // Restricted Mode needs its own boot: trust is decided when the window opens.
    name: 'restricted',
    trusted: false,
    workspace: { 'seattle-weather.csv': 'samples/seattle-weather.csv' },
    prepare: (folder) => trainWithCli(folder, 'seattle-weather.csv', 2),
  },
  {
    // Runs trained by the CLI, other .onnx files and long CSVs for SeqLab: Predict.
    name: 'predict',
    trusted: true,
    workspace: PREDICT_WORKSPACE,
    prepare: preparePredictWorkspace,
  },
];

/** A real run in the workspace, trained by the CLI (Node 20) before VS Code opens it. */
function trainWithCli(folder: string, dataFile: string, epochs: number): void {
  const cli = path.join(repoRoot, 'bin', 'seqlab.js');
  execFileSync(process.execPath, [cli, 'init', dataFile], { cwd: folder, stdio: 'ignore' });
  execFileSync(process.execPath, [cli, 'train', dataFile.replace(/\.[^.]+$/, '.seqlab.json'), '--epochs', String(epochs)], { cwd: folder, stdio: 'ignore' });
}

async function main(): Promise<number> {
  const artifacts = artifactsDir('vscode');
  resetArtifacts(artifacts);
  const totals = { passed: 0, failed: 0 };
  let exitCode = 0;
  // SEQLAB_VSCODE_BOOTS=predict,trusted runs only those boots (while working on one suite).
  const only = process.env.SEQLAB_VSCODE_BOOTS?.split(',');
  for (const boot of BOOTS.filter(({ name }) => !only || only.includes(name))) {
    console.log(`\n--- ${boot.name} workspace ---`);
    const result = await runBoot(boot, artifacts);
    totals.passed += result.passed;
    totals.failed += result.failed;
    if (result.exitCode !== 0) exitCode = result.exitCode;
  }
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  return exitCode;
}

async function runBoot(boot: Boot, artifacts: string): Promise<{ passed: number; failed: number; exitCode: number }> {
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
    server = await startCodeServer({ trusted: boot.trusted, env: { SEQLAB_SUITE: boot.name, SEQLAB_TEST_EPOCHS: '20' } });
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

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});

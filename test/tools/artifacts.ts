import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { CodeServer } from './codeServer';
import { formatConsole, type ConsoleRecord } from './workbenchPage';

// What a failed run leaves in test/artifacts/<suite>/ for the person who has to understand it:
// screenshots, code-server's log, the VS Code server's logs (extension host, SeqLab's own log
// channel) and the browser console.

export function resetArtifacts(directory: string): void {
  fs.rmSync(directory, { recursive: true, force: true });
  fs.mkdirSync(directory, { recursive: true });
}

/** Saves `name`.png; never throws, because it runs while something else has already failed. */
export async function saveScreenshot(page: Page | undefined, directory: string, name: string): Promise<string | undefined> {
  if (!page || page.isClosed()) return undefined;
  const file = path.join(directory, `${name.replace(/[^\w.-]+/g, '-').slice(0, 100)}.png`);
  try {
    await page.screenshot({ path: file, timeout: 10_000 });
    return file;
  } catch (error) {
    console.error(`(no screenshot: ${(error as Error).message.split('\n')[0]})`);
    return undefined;
  }
}

/** Copies code-server's and VS Code's logs and the browser console into `directory`/logs. */
export function saveLogs(server: CodeServer, consoleRecords: readonly ConsoleRecord[], directory: string): string {
  const logs = path.join(directory, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  copyIfPresent(server.logFile, path.join(logs, 'code-server.log'));
  // <user-data>/logs/<session>/: remoteagent.log, exthost*/remoteexthost.log, exthost*/seqlab.seqlab/SeqLab.log, …
  copyIfPresent(path.join(server.userDataDir, 'logs'), path.join(logs, 'vscode'));
  fs.writeFileSync(path.join(logs, 'browser-console.log'), `${formatConsole(consoleRecords)}\n`);
  return logs;
}

function copyIfPresent(from: string, to: string): void {
  if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
}

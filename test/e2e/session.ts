import type { Page } from 'playwright-core';
import type { CodeServer } from '../tools/codeServer';
import type { ConsoleRecord } from '../tools/workbenchPage';

// The one workbench every e2e spec drives: booting VS Code takes 6-9 s, so main.ts boots it once
// and the specs share it (each leaves no menu, palette or editor open behind it).

export interface Session {
  readonly server: CodeServer;
  readonly page: Page;
  /** The console of the workbench and of every webview, since the page loaded. */
  readonly console: ConsoleRecord[];
  /** test/artifacts/e2e */
  readonly artifacts: string;
  /** The workspace copy VS Code has open. */
  readonly workspace: string;
  /** The workbench URL (a reload goes back to it). */
  readonly url: string;
}

let current: Session | undefined;

export function setSession(session: Session | undefined): void {
  current = session;
}

export function session(): Session {
  if (!current) throw new Error('No workbench session: run the e2e specs through test/e2e/main.ts');
  return current;
}

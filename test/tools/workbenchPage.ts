import { chromium, type Browser, type Page } from 'playwright-core';
import type { CodeServer } from './codeServer';
import { chromiumBinary } from './paths';

// Debian's chromium, driven by playwright-core, shows code-server's workbench. A browser is needed
// even for the extension-host tests: code-server starts an extension host only for a connected
// workbench.

/** Chromium without its background traffic: this machine reaches no network but the loopback. */
const CHROMIUM_ARGS = [
  '--no-sandbox', // runs as root in CI
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  // launch() uses a fresh temporary profile each time and never downloads a browser.
  return chromium.launch({ executablePath: chromiumBinary, headless: true, args: CHROMIUM_ARGS });
}

export interface WorkbenchTarget {
  /** The workspace folder to open (a path on the server, i.e. this machine). */
  readonly folder: string;
  /** The extension under development, as VS Code's `--extensionDevelopmentPath`. */
  readonly extensionDevelopmentPath: string;
  /** A module exporting mocha's `run()`, as VS Code's `--extensionTestsPath`. */
  readonly extensionTestsPath?: string;
}

/**
 * The workbench URL. code-server refuses `--extensionDevelopmentPath`; the workbench takes the same
 * options from the URL's `payload`, which it reads only under `enable-smoke-test-driver`.
 */
export function workbenchUrl(server: CodeServer, target: WorkbenchTarget): string {
  const payload: [string, string][] = [['extensionDevelopmentPath', server.remoteUri(target.extensionDevelopmentPath)]];
  if (target.extensionTestsPath) payload.push(['extensionTestsPath', server.remoteUri(target.extensionTestsPath)]);
  const query = new URLSearchParams({ folder: target.folder, payload: JSON.stringify(payload) });
  return `${server.origin}/?${query}`;
}

/** Everything the page's frames (the workbench and its webviews) printed to their consoles. */
export interface ConsoleRecord {
  readonly type: string;
  readonly text: string;
  readonly url: string;
}

/** A 1280×800 page that records its console and uncaught errors into `records`. */
export async function newWorkbenchPage(browser: Browser, records: ConsoleRecord[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (message) => records.push({ type: message.type(), text: message.text(), url: message.location().url }));
  page.on('pageerror', (error) => records.push({ type: 'pageerror', text: String(error), url: '' }));
  return page;
}

export function formatConsole(records: readonly ConsoleRecord[]): string {
  return records.map(({ type, text, url }) => `[${type}] ${text}${url ? `  (${url})` : ''}`).join('\n');
}

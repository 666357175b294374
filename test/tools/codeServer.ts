import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeServerEntry, nodeBinary } from './paths';
import { signalGroup, stopGroup } from './processGroup';

// Starts code-server (a real VS Code 1.139 server) on 127.0.0.1 for one test run, offline:
// fresh user-data and extensions directories, no telemetry, no update check, no marketplace,
// nothing written to $HOME. See ../shared/vscode-e2e.md for why each setting is there.

export interface CodeServer {
  /** `127.0.0.1:PORT`, the authority of the server's `vscode-remote://` URIs. */
  readonly authority: string;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly userDataDir: string;
  /** The process group of code-server and everything it started (the extension host among them). */
  readonly processGroup: number;
  /** code-server's own stdout and stderr. */
  readonly logFile: string;
  /** `vscode-remote://127.0.0.1:PORT/abs/path`: how the browser's workbench names a server path. */
  remoteUri(absolutePath: string): string;
  /** Stops code-server and every process it started; resolves to the ids of any that survived. */
  stop(): Promise<number[]>;
  /** Deletes the run's directories (after stop, and after the logs were saved). */
  removeRunDirectory(): void;
}

/** User settings of every run: quiet, offline, and no UI that would cover the Explorer or editors. */
const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  // The fixture workspace lies inside SeqLab's own repository; scanning it would only add noise.
  'git.enabled': false,
  // Desktop VS Code's default. The web workbench saves a second after typing stops, which would turn
  // every unsaved edit a test makes into a save.
  'files.autoSave': 'off',
};

/** Nothing listens on port 9 (discard): gallery requests fail at once instead of waiting for DNS. */
const OFFLINE_GALLERY = JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item' });

/** Running servers: process group → run directory. */
const live = new Map<number, string>();
// Last resort when the harness itself exits early (an uncaught error, Ctrl+C): no code-server may
// outlive it, and no run directory may be left in /tmp.
process.on('exit', () => live.forEach((runDirectory, groupId) => {
  signalGroup(groupId, 'SIGKILL');
  fs.rmSync(runDirectory, { recursive: true, force: true });
}));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping code-server`);
    process.exit(130);
  });
}

export interface CodeServerOptions {
  /** Reaches the extension host too (e.g. SEQLAB_TEST_EPOCHS). */
  readonly env?: Readonly<Record<string, string>>;
  /** User settings on top of the quiet defaults. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** False: Workspace Trust is on and the folder opens in Restricted Mode (no prompt). */
  readonly trusted?: boolean;
  /** A VSIX to install into the run's fresh extensions directory before the server starts, as a user would. */
  readonly vsix?: string;
  /** Where to listen; default 127.0.0.1:0 (a free port). */
  readonly bindAddress?: string;
  /** Accept the URL `payload` that loads a development path and runs tests (default true; a user's server has it off). */
  readonly developmentPayload?: boolean;
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const trusted = options.trusted ?? true;
  for (const file of [nodeBinary, codeServerEntry]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run bash test/tools/install-vscode-test-tools.sh`);
  }
  const runDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-code-server-'));
  const userDataDir = path.join(runDirectory, 'user-data');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const trust = trusted ? {} : { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...trust, ...options.settings }, null, 2));
  const logFile = path.join(runDirectory, 'code-server.log');
  const extensionsDir = path.join(runDirectory, 'extensions');
  if (options.vsix) installVsix(options.vsix, extensionsDir, userDataDir, runDirectory);

  const child = spawn(nodeBinary, [
    codeServerEntry,
    '--auth', 'none',
    '--bind-addr', options.bindAddress ?? '127.0.0.1:0', // by default the system picks a free port; code-server prints which
    '--disable-telemetry',
    '--disable-update-check',
    ...(trusted ? ['--disable-workspace-trust'] : []),
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    // Lets the page's `payload` load the extension under development and run its tests.
    ...(options.developmentPayload ?? true ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ], {
    detached: true, // its own process group, so that stop() reaches the extension host too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...options.env,
      CODE_SERVER_CONFIG: path.join(runDirectory, 'config.yaml'),
      XDG_DATA_HOME: path.join(runDirectory, 'xdg-data'),
      EXTENSIONS_GALLERY: OFFLINE_GALLERY,
    },
  });
  const groupId = child.pid;
  if (groupId === undefined) throw new Error(`Could not start ${nodeBinary}`);
  live.set(groupId, runDirectory);
  const log = fs.createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  let stopped: Promise<number[]> | undefined;
  const stop = (): Promise<number[]> => {
    stopped ??= stopGroup(groupId, 5000).then((survivors) => {
      live.delete(groupId);
      return survivors;
    });
    return stopped;
  };
  try {
    const origin = await waitForListening(child, 60_000);
    const authority = new URL(origin).host;
    return {
      authority,
      origin,
      userDataDir,
      processGroup: groupId,
      logFile,
      remoteUri: (absolutePath) => `vscode-remote://${authority}${absolutePath}`,
      stop,
      removeRunDirectory: () => fs.rmSync(runDirectory, { recursive: true, force: true }),
    };
  } catch (error) {
    await stop();
    const output = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    fs.rmSync(runDirectory, { recursive: true, force: true });
    throw new Error(`code-server did not start: ${(error as Error).message}\n${output}`, { cause: error });
  }
}

/** `code-server --install-extension`: unpacks a VSIX into `extensionsDir` exactly as the Extensions view does. */
function installVsix(vsix: string, extensionsDir: string, userDataDir: string, runDirectory: string): void {
  try {
    execFileSync(nodeBinary, [codeServerEntry, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir], {
      stdio: 'pipe',
      timeout: 60_000,
      env: { ...process.env, CODE_SERVER_CONFIG: path.join(runDirectory, 'config.yaml'), XDG_DATA_HOME: path.join(runDirectory, 'xdg-data'), EXTENSIONS_GALLERY: OFFLINE_GALLERY },
    });
  } catch (error) {
    fs.rmSync(runDirectory, { recursive: true, force: true });
    const output = (error as { stdout?: Buffer; stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`code-server could not install ${vsix}: ${(error as Error).message}\n${output}`, { cause: error });
  }
}

/** Resolves to `http://127.0.0.1:PORT` once code-server says it listens. */
function waitForListening(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => finish(new Error(`not listening after ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) finish(undefined, match[1]);
    };
    const onExit = (code: number | null): void => finish(new Error(`exited with code ${code}`));
    function finish(error: Error | undefined, origin?: string): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error || !origin) reject(error ?? new Error('no address'));
      else resolve(origin);
    }
    child.stdout?.on('data', onData);
    child.on('exit', onExit);
  });
}

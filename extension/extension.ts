import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { ConfigCodeLens } from './config/codeLens';
import { ConfigDiagnostics } from './config/diagnostics';
import { ConfigWorkerClient } from './config/configWorkerClient';
import { loggedRunner, lowPriorityCli } from './explain/explainCli';
import { RunDiagnostics } from './explain/runDiagnostics';
import { LiveRetrain } from './config/liveRetrain';
import { Trainer } from './config/trainer';
import { PanelRegistry } from './panel/panelRegistry';
import { registerPredictCommand } from './predict/predictCommand';
import { RunCatalog } from './runs/runCatalog';
import { RunsTree } from './runs/runsTree';
import { testEpochsCap } from './settings';
import { TrainingStatusBar } from './statusBar';
import { contributeCliToTerminal } from './terminalCli';
import { Walkthrough } from './walkthrough';
import { RunManager } from './training/runManager';

// SeqLab's entry point. Everything activate() creates goes into context.subscriptions, so that
// VS Code disposes it when the extension is deactivated or reloaded.

let manager: RunManager | undefined;

/** What the integration tests reach (only under test): the host's own objects, nothing the engine owns. */
export interface TestingApi {
  readonly manager: RunManager;
  readonly catalog: RunCatalog;
  readonly diagnostics: ConfigDiagnostics;
  readonly panels: PanelRegistry;
  readonly runDiagnostics: RunDiagnostics;
  readonly runsTree: RunsTree;
  readonly activationMs: number;
  /** The folder of SeqLab's log (SeqLab.log). */
  readonly logUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): { testing: TestingApi } | undefined {
  const started = performance.now();
  // A LogOutputChannel: timestamps, levels, and "Developer: Set Log Level" for free.
  const log = vscode.window.createOutputChannel('SeqLab', { log: true });
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  manager = new RunManager(vscode.Uri.joinPath(dist, 'trainWorker.js').fsPath, log);
  const catalog = new RunCatalog(manager);
  // Explanations and diagnostics run the bundled CLI in low-priority child processes, never on this thread.
  const explainRunner = loggedRunner(lowPriorityCli(vscode.Uri.joinPath(context.extensionUri, 'bin', 'seqlab.js').fsPath), log);
  const runDiagnostics = new RunDiagnostics(explainRunner);
  const panels = new PanelRegistry(context.extensionUri, catalog, manager, log, { runner: explainRunner, diagnostics: runDiagnostics });
  const configs = new ConfigWorkerClient(vscode.Uri.joinPath(dist, 'configWorker.js').fsPath);
  // Before LiveRetrain: on save, the check it makes is the one Train then reads.
  const diagnostics = new ConfigDiagnostics(configs);
  const trainer = new Trainer(manager, catalog, panels, configs, diagnostics, log, testEpochsCap(context.extensionMode));
  const codeLens = new ConfigCodeLens(catalog);
  const runsTree = new RunsTree(catalog, runDiagnostics);
  context.subscriptions.push(
    log, manager, catalog, runDiagnostics, panels, configs, diagnostics, codeLens, runsTree,
    vscode.window.registerTreeDataProvider('seqlab.runs', runsTree),
    new LiveRetrain(trainer, catalog),
    new TrainingStatusBar(manager),
    vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/*.seqlab.json' }, codeLens),
    ...registerCommands({ extensionUri: context.extensionUri, trainer, manager, catalog, panels, log }),
    registerPredictCommand({ extensionUri: context.extensionUri, log, catalog, panels }),
    new Walkthrough(context, catalog, log),
  );
  contributeCliToTerminal(context);
  const activationMs = performance.now() - started;
  const version = String(context.extension.packageJSON.version);
  const ui = vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop';
  log.info(`SeqLab ${version} activated in ${activationMs.toFixed(1)} ms: VS Code ${vscode.version} (${ui}), Node ${process.version}`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return { testing: { manager, catalog, diagnostics, panels, runDiagnostics, runsTree, activationMs, logUri: context.logUri } };
}

/** Runs still training stop at their next batch and stay interrupted and resumable (their checkpoints are kept). */
export async function deactivate(): Promise<void> {
  await manager?.interruptAll();
}

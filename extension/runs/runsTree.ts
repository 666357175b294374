import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TaskMetrics } from '../../engine/index';
import { configStem } from '../config/configFinder';
import { Disposable } from '../dispose';
import type { RunDiagnostics } from '../explain/runDiagnostics';
import { runWarnings } from '../explain/runWarnings';
import { headline } from './headline';
import type { CatalogRun, RunCatalog } from './runCatalog';

// The Runs view: the workspace's runs grouped by config, newest first. Each run shows its change
// label, state, headline metric against the better baseline and duration; its context value carries
// the flags the view's menus test (`run`, `active`, `resumable`, `hasModel`). An ended run whose
// diagnostics found a problem gets a warning icon and the problem's name, and under it (collapsed) one
// item per problem with its one-line summary, and its fix in the tooltip.
//
// A change refreshes only the rows it touches, on node objects that stay the same: a whole-tree
// refresh drops the view's handles for a moment, and a menu command picked in that moment (Resume,
// Delete Run) would reach the extension without its run. The whole tree is refreshed only when
// configs or runs come or go.

export type RunsNode =
  | { readonly kind: 'config'; readonly configFile: string }
  | { readonly kind: 'run'; readonly runDir: string }
  | { readonly kind: 'problem'; readonly runDir: string; readonly id: string; readonly title: string; readonly summary: string; readonly fix: string };

type ConfigNode = Extract<RunsNode, { kind: 'config' }>;
type RunNode = Extract<RunsNode, { kind: 'run' }>;

export class RunsTree extends Disposable implements vscode.TreeDataProvider<RunsNode> {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<RunsNode | RunsNode[] | undefined>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** The nodes handed to the view, by config file and run folder (the view knows rows by these objects). */
  private readonly configNodes = new Map<string, ConfigNode>();
  private readonly runNodes = new Map<string, RunNode>();
  /** The configs and their runs, in order, as the view last listed them. */
  private shape = '';

  constructor(private readonly catalog: RunCatalog, private readonly diagnostics?: RunDiagnostics) {
    super();
    this.register(catalog.onDidChange(() => this.refresh()));
    if (diagnostics) this.register(diagnostics.onDidChange((runDir) => this.refreshRun(runDir)));
  }

  getChildren(node?: RunsNode): RunsNode[] {
    if (!node) {
      this.shape = this.currentShape();
      const configs = [...new Set(this.catalog.runs().map((run) => run.configFile))];
      forgetAbsent(this.configNodes, new Set(configs));
      forgetAbsent(this.runNodes, new Set(this.catalog.runs().map((run) => run.runDir)));
      return configs.map((configFile) => cached(this.configNodes, configFile, () => ({ kind: 'config', configFile })));
    }
    if (node.kind === 'config') {
      return this.catalog.runsOf(node.configFile).map((run) => cached(this.runNodes, run.runDir, () => ({ kind: 'run', runDir: run.runDir })));
    }
    if (node.kind === 'run') return this.problemsOf(node.runDir).map((problem) => ({ kind: 'problem', runDir: node.runDir, ...problem }));
    return [];
  }

  /** A catalog change: the rows of the runs listed, or the whole tree when runs or configs came or went. */
  private refresh(): void {
    if (this.currentShape() !== this.shape) {
      this.changeEmitter.fire(undefined);
      return;
    }
    const rows = [...this.runNodes.values()];
    if (rows.length > 0) this.changeEmitter.fire(rows);
  }

  /** New diagnostics for a run: its row and the problems under it. */
  private refreshRun(runDir: string): void {
    const row = this.runNodes.get(runDir);
    if (row) this.changeEmitter.fire(row);
  }

  private currentShape(): string {
    const runs = this.catalog.runs();
    const configs = [...new Set(runs.map((run) => run.configFile))];
    return JSON.stringify(configs.map((configFile) => [configFile, this.catalog.runsOf(configFile).map((run) => run.runDir)]));
  }

  private problemsOf(runDir: string): NonNullable<ReturnType<typeof runWarnings>>['problems'] {
    const run = this.catalog.get(runDir);
    return (run && this.diagnostics ? runWarnings(this.diagnostics.ofRun(run))?.problems : undefined) ?? [];
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'config') {
      const item = new vscode.TreeItem(configStem(node.configFile), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `config:${node.configFile}`;
      const folder = vscode.workspace.asRelativePath(path.dirname(node.configFile), false);
      item.description = path.isAbsolute(folder) ? '' : folder; // empty at the workspace's top level
      item.resourceUri = vscode.Uri.file(node.configFile);
      item.iconPath = new vscode.ThemeIcon('settings');
      item.contextValue = 'config';
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Config'), arguments: [vscode.Uri.file(node.configFile)] };
      return item;
    }
    if (node.kind === 'problem') return problemItem(node);
    const run = this.catalog.get(node.runDir);
    const item = new vscode.TreeItem(run?.label || (run?.id ?? path.basename(node.runDir)), vscode.TreeItemCollapsibleState.None);
    item.id = `run:${node.runDir}`;
    if (!run) return item;
    const metric = runHeadline(run);
    const diagnosed = this.diagnostics?.ofRun(run);
    const warnings = runWarnings(diagnosed);
    const parts = [stateText(run), metric, formatDuration(run.durationSeconds)].filter((part) => part.length > 0);
    item.description = [...parts, warnings?.marker ?? ''].filter(Boolean).join(' · ');
    const tooltip = new vscode.MarkdownString([`**${run.label || run.id}**`, `${run.id}`, parts.join(' · '), run.reason ?? ''].filter(Boolean).join('\n\n'), true);
    for (const problem of warnings?.problems ?? []) {
      tooltip.appendMarkdown(`\n\n$(warning) **${problem.title}**: `).appendText(problem.summary).appendMarkdown('\n\n*Fix:* ').appendText(problem.fix);
    }
    // e.g. the data file changed since the run: say why there is no verdict.
    if (diagnosed?.status === 'failed') tooltip.appendMarkdown('\n\n*Diagnostics:* ').appendText(diagnosed.message);
    item.tooltip = tooltip;
    item.iconPath = warnings ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')) : stateIcon(run);
    if (warnings) item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    item.contextValue = contextValue(run);
    item.accessibilityInformation = { label: [`${run.label || run.id}`, ...parts, warnings?.spoken ?? ''].filter(Boolean).join(', ') };
    item.command = { command: 'seqlab.openPanel', title: vscode.l10n.t('Open Panel'), arguments: [node] };
    return item;
  }
}

function cached<T>(nodes: Map<string, T>, key: string, create: () => T): T {
  let node = nodes.get(key);
  if (!node) nodes.set(key, (node = create()));
  return node;
}

function forgetAbsent<T>(nodes: Map<string, T>, present: ReadonlySet<string>): void {
  for (const key of nodes.keys()) if (!present.has(key)) nodes.delete(key);
}

/** One problem the diagnostics found in a run: its name, its one-line summary, and the fix in the tooltip. */
function problemItem(node: Extract<RunsNode, { kind: 'problem' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.title, vscode.TreeItemCollapsibleState.None);
  item.id = `problem:${node.runDir}:${node.id}`;
  item.description = node.summary;
  item.tooltip = new vscode.MarkdownString(`$(warning) **${node.title}**\n\n`, true).appendText(node.summary).appendMarkdown('\n\n*Fix:* ').appendText(node.fix);
  item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  item.contextValue = 'problem';
  item.accessibilityInformation = { label: `${node.title}: ${node.summary}. Fix: ${node.fix}` };
  // Its run's panel, where the diagnostics show their evidence.
  item.command = { command: 'seqlab.openPanel', title: vscode.l10n.t('Open Panel'), arguments: [{ kind: 'run', runDir: node.runDir }] };
  return item;
}

function runHeadline(run: CatalogRun): string {
  if (!run.task) return '';
  const store = run.live?.store;
  const bestEpoch = store ? [...store.epochs].reverse().find((epoch) => epoch.best) : undefined;
  const model: TaskMetrics | null = run.summary?.metrics.val ?? bestEpoch?.val ?? null;
  const baselines: Record<string, TaskMetrics> = {};
  for (const [name, value] of Object.entries(run.summary?.baselines ?? {})) baselines[name] = value.val;
  const started = store?.start?.baselines;
  if (Object.keys(baselines).length === 0 && started) Object.assign(baselines, started);
  return headline(run.task, model, baselines).text;
}

function stateText(run: CatalogRun): string {
  const epoch = run.live?.store.epochs.at(-1);
  switch (run.state) {
    case 'running':
      return epoch ? vscode.l10n.t('epoch {0}/{1}', epoch.epoch, run.live?.store.start?.epochs ?? '?') : vscode.l10n.t('starting');
    case 'running-elsewhere':
      return vscode.l10n.t('running elsewhere');
    case 'queued':
      return vscode.l10n.t('queued');
    case 'interrupted':
      return vscode.l10n.t('interrupted');
    default:
      return run.state;
  }
}

function stateIcon(run: CatalogRun): vscode.ThemeIcon {
  switch (run.state) {
    case 'running':
    case 'running-elsewhere':
      return new vscode.ThemeIcon('sync~spin');
    case 'queued':
      return new vscode.ThemeIcon('clock');
    case 'interrupted':
    case 'stopped':
      return new vscode.ThemeIcon('debug-pause');
    case 'completed':
    case 'early-stopped':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    default:
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  }
}

function contextValue(run: CatalogRun): string {
  const flags = ['run'];
  if (run.state === 'running' || run.state === 'queued') flags.push('active');
  if (run.state === 'interrupted' || run.state === 'stopped') flags.push('resumable');
  if (run.hasModel) flags.push('hasModel');
  return flags.join(' ');
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

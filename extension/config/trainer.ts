import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RUN_FILES } from '../../engine/index';
import { showErrorWithLog } from '../notify';
import { requireTrust } from '../trust';
import type { PanelRegistry } from '../panel/panelRegistry';
import type { RunCatalog } from '../runs/runCatalog';
import type { LiveRun, RunManager } from '../training/runManager';
import { changeLabel, type ConfigVersion } from './changeLabel';
import { configsForDataFile, freshConfigPath } from './configFinder';
import type { ConfigWorkerClient } from './configWorkerClient';
import { describeProblem, type ConfigDiagnostics } from './diagnostics';

// Train: from a data file (pick or propose its config, open it, then train it) or from a config
// (its text as the editor holds it). A config's running run is stopped and the new run starts at
// once, labelled with what changed against the config's previous run. A config with errors (the
// engine's diagnoseConfig: also a column the data lacks, a window longer than the series, a config
// that would not fit in memory) starts nothing and stops nothing.

export type TrainSource = 'command' | 'save' | 'type';

export class Trainer {
  /** The config each run of this window started from (its text as written, and with its defaults), for the next run's label. */
  private readonly versions = new Map<string, ConfigVersion>();
  /** The latest Train of each config: an older one still checking its config gives way to it. */
  private readonly latestRequest = new Map<string, number>();
  private requests = 0;

  constructor(
    private readonly manager: RunManager,
    private readonly catalog: RunCatalog,
    private readonly panels: PanelRegistry,
    private readonly configs: ConfigWorkerClient,
    private readonly diagnostics: ConfigDiagnostics,
    private readonly log: vscode.LogOutputChannel,
    private readonly epochsCap: number | undefined,
  ) {}

  async trainDataFile(dataFile: vscode.Uri): Promise<LiveRun | undefined> {
    if (!requireTrust(vscode.l10n.t('train'))) return undefined;
    const configFile = await this.chooseConfig(dataFile.fsPath);
    if (!configFile) return undefined;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(configFile));
    await vscode.window.showTextDocument(document, { preview: false });
    return this.trainConfig(document, 'command');
  }

  /** Starts a run of the config in `document` (its current text); undefined if it cannot start. */
  async trainConfig(document: vscode.TextDocument, source: TrainSource): Promise<LiveRun | undefined> {
    if (!requireTrust(vscode.l10n.t('train'))) return undefined;
    const configFile = document.uri.fsPath;
    const request = ++this.requests;
    this.latestRequest.set(configFile, request);
    const text = document.getText();
    // The engine's check of the text, off the host's thread: JSON, schema and semantics, and what only
    // the data can tell (its columns, windows longer than the series, the memory training needs: the
    // estimate assertMemoryFits refuses with, from the data file's head). The same check of the same
    // text feeds the Problems view. An invalid config never starts a run, nor stops one.
    const { problems, config, failure } = await this.diagnostics.check(document);
    if (this.latestRequest.get(configFile) !== request) return undefined; // a newer Train of this config goes on
    const errors = problems.filter((problem) => problem.severity === 'error');
    if (errors.length > 0 || !config) {
      const more = errors.length > 1 ? ` ${vscode.l10n.t('({0} more in the Problems view)', errors.length - 1)}` : '';
      const why = errors.length > 0 ? describeProblem(errors[0]) + more : vscode.l10n.t('SeqLab could not check it ({0})', failure ?? '');
      this.refuse(source, vscode.l10n.t('{0} cannot be trained: {1}', path.basename(configFile), why));
      return undefined;
    }
    const label = changeLabel(this.previousVersion(configFile), { text, config });
    for (const run of this.catalog.runsOf(configFile)) {
      if (!run.live || !this.manager.isActive(run.runDir)) continue;
      const superseded = source === 'type' && run.live.store.epochs.length === 0;
      this.manager.stop(run.runDir);
      if (superseded) this.deleteWhenEnded(run.live);
    }
    this.panels.show(document.uri);
    const run = this.manager.start({
      configFile,
      config: document.isDirty ? JSON.parse(text.replace(/^\uFEFF/, '')) : undefined,
      label,
      epochs: this.epochsCap,
    });
    this.versions.set(run.runDir, { text, config });
    this.log.info(`${run.id}: ${label} (${source === 'command' ? 'Train' : source === 'save' ? 'saved config' : 'edited config'})`);
    return run;
  }

  /** The config's newest run as a ConfigVersion, or null for its first run. */
  private previousVersion(configFile: string): ConfigVersion | null {
    const previous = this.catalog.runsOf(configFile)[0];
    if (!previous) return null;
    const known = this.versions.get(previous.runDir);
    if (known) return known;
    try {
      // config.json is the run's config with its defaults applied, as the engine wrote it.
      const text = fs.readFileSync(path.join(previous.runDir, RUN_FILES.config), 'utf8');
      return { text, config: JSON.parse(text) as unknown };
    } catch {
      return null; // unreadable: label against nothing
    }
  }

  private async chooseConfig(dataFile: string): Promise<string | undefined> {
    const found = await configsForDataFile(dataFile);
    if (found.length === 1) return found[0];
    if (found.length > 1) {
      const newConfig = vscode.l10n.t('New config…');
      const items: (vscode.QuickPickItem & { file?: string })[] = [
        ...found.map((file) => ({ label: path.basename(file), description: vscode.workspace.asRelativePath(path.dirname(file)), file })),
        { label: newConfig, description: vscode.l10n.t('propose another config for {0}', path.basename(dataFile)) },
      ];
      const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Which config trains on {0}?', path.basename(dataFile)) });
      if (!picked) return undefined;
      if (picked.file) return picked.file;
    }
    return this.propose(dataFile);
  }

  /** The engine proposes a config (in the config worker) and writes it atomically; bad data writes nothing. */
  private async propose(dataFile: string): Promise<string | undefined> {
    const configFile = await freshConfigPath(dataFile);
    const answer = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Proposing a config for {0}…', path.basename(dataFile)) },
      () => this.configs.request({ kind: 'propose', dataFile, configFile }));
    if (!answer.ok) {
      this.showError(vscode.l10n.t('SeqLab cannot train on {0}: {1}', path.basename(dataFile), answer.message));
      return undefined;
    }
    this.log.info(`Proposed ${configFile}: ${answer.kind === 'propose' ? answer.summary : ''}`);
    return configFile;
  }

  private deleteWhenEnded(run: LiveRun): void {
    const listener = this.manager.onDidChangeRun((changed) => {
      if (changed !== run || changed.phase !== 'ended') return;
      listener.dispose();
      void vscode.workspace.fs.delete(vscode.Uri.file(run.runDir), { recursive: true, useTrash: false }).then(() => {
        this.catalog.refresh([run.runDir]);
        this.log.info(`${run.id}: deleted (superseded by an edit before its first epoch)`);
      }, () => undefined);
    });
  }

  /**
   * Says why a config starts nothing: a notification when Train asked; when retraining live only the log,
   * since the diagnostics already mark what is wrong (and a browser's auto-save saves half-typed text).
   */
  private refuse(source: TrainSource, message: string): void {
    if (source === 'command') this.showError(message);
    else this.log.info(`${message} (${source === 'save' ? 'saved' : 'edited, not saved'}: not retrained)`);
  }

  private showError(message: string): void {
    showErrorWithLog(this.log, message);
  }
}


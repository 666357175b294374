import * as vscode from 'vscode';
import { configStem } from './config/configFinder';
import { Disposable } from './dispose';
import type { RunManager } from './training/runManager';

// The status bar while runs train: a Stop button, then the newest training run (config, epoch,
// validation loss; clicking reveals its panel). Hidden when nothing trains.

export class TrainingStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('seqlab.training', vscode.StatusBarAlignment.Left, 50));
  // Left of the progress, whose text changes width with every update: the button stays where it is clicked.
  private readonly stopItem = this.register(vscode.window.createStatusBarItem('seqlab.stop', vscode.StatusBarAlignment.Left, 51));
  private timer: NodeJS.Timeout | undefined;
  /** The run the items' commands act on. */
  private shownRunDir: string | undefined;

  constructor(private readonly manager: RunManager) {
    super();
    this.item.name = vscode.l10n.t('SeqLab Training');
    this.stopItem.name = vscode.l10n.t('SeqLab Stop');
    this.register(manager.onDidChangeRun(() => this.schedule()));
    this.register(manager.onDidReceiveEvents(() => this.schedule()));
  }

  /** At most a few updates a second, however fast batches arrive. */
  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, 250);
  }

  private update(): void {
    const active = this.manager.all().filter((run) => run.phase !== 'ended');
    const run = active.filter((candidate) => candidate.phase !== 'queued').at(-1) ?? active.at(-1);
    if (!run) {
      this.item.hide();
      this.stopItem.hide();
      this.shownRunDir = undefined;
      return;
    }
    const epoch = run.store.epochs.at(-1);
    const batch = run.store.lastBatch;
    const total = run.store.start?.epochs;
    // The last epoch's validation loss; before the first epoch ends, how far it has got.
    const progress = run.phase === 'queued' ? vscode.l10n.t('queued')
      : epoch ? vscode.l10n.t('epoch {0}/{1} · val {2}', epoch.epoch, total ?? '?', epoch.valLoss.toPrecision(4))
        : batch ? vscode.l10n.t('epoch {0}/{1}: batch {2}/{3}', batch.epoch, total ?? '?', batch.batch, batch.batches)
          : vscode.l10n.t('starting');
    const more = active.length > 1 ? ` (+${active.length - 1})` : '';
    this.item.text = `$(sync~spin) ${configStem(run.configFile)}: ${progress}${more}`;
    this.item.show();
    this.stopItem.show();
    if (run.runDir === this.shownRunDir) return;
    // Commands only when the run shown changes: VS Code registers a command's arguments anew each time
    // one is set and drops the old registration, so a click racing a progress update would be lost.
    this.shownRunDir = run.runDir;
    this.item.tooltip = vscode.l10n.t('{0} — {1}. Click to show its panel.', run.label, run.id);
    this.item.command = { command: 'seqlab.openPanel', title: vscode.l10n.t('Open Panel'), arguments: [vscode.Uri.file(run.configFile)] };
    this.stopItem.text = '$(debug-stop)';
    this.stopItem.tooltip = vscode.l10n.t('Stop {0}', run.id);
    this.stopItem.accessibilityInformation = { label: vscode.l10n.t('Stop {0}', run.id) };
    this.stopItem.command = { command: 'seqlab.stop', title: vscode.l10n.t('Stop'), arguments: [run.runDir] };
  }

  override dispose(): void {
    clearTimeout(this.timer);
    super.dispose();
  }
}

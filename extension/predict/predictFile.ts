import * as path from 'node:path';
import * as vscode from 'vscode';
import { removeTempFilesOf, type PredictionPreview } from '../../engine/index';
import type { ModelChoice } from './modelPicker';
import { predictionsFileFor } from './predictInput';
import { parsePredictOutput } from './predictOutput';
import type { SeqlabCli } from './seqlabCli';

// A forecast or classify model on a CSV: `seqlab predict --rolling` in a child process (onnxruntime
// never loads into the extension host), with progress and Cancel, writing <input stem>.predictions.csv
// beside the input atomically (the CLI writes a temp file and renames it).

export interface PredictionFile {
  readonly output: vscode.Uri;
  readonly rows: number;
  /** What the panel draws (undefined if the CLI's summary could not be read; the file stands anyway). */
  readonly preview: PredictionPreview | undefined;
}

/** Resolves undefined when the user declines to overwrite or cancels; throws CliFailed with the CLI's message. */
export async function predictToFile(cli: SeqlabCli, log: vscode.LogOutputChannel, model: ModelChoice, input: vscode.Uri): Promise<PredictionFile | undefined> {
  const output = predictionsFileFor(input);
  const name = path.posix.basename(output.path);
  if (await exists(output)) {
    const replace = vscode.l10n.t('Replace');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists. Replace it with new predictions?', name), { modal: true }, replace);
    if (answer !== replace) return undefined;
  }
  let child: number | undefined;
  const title = vscode.l10n.t('SeqLab: predicting {0} with {1}', path.posix.basename(input.path), model.run ?? path.posix.basename(model.uri.path));
  try {
    // A classifier over whole sequences predicts one row per sequence: --rolling is for windows over one series.
    const rolling = model.metadata.task === 'classify' && model.metadata.sequenceId ? [] : ['--rolling'];
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) =>
      cli.runOk(['predict', model.uri.fsPath, input.fsPath, ...rolling, '--out', output.fsPath, '--json'], token, (pid) => (child = pid)));
    const summary = parsePredictOutput(result.stdout);
    if (!summary) log.warn(`Predict: seqlab predict printed no summary for the panel: ${result.stdout.slice(0, 200)}`);
    const rows = summary?.rows ?? Number(/wrote (\d+) prediction row/.exec(result.stderr)?.[1] ?? NaN);
    log.info(`Predict: ${rows} row(s) from ${input.fsPath} with ${model.uri.fsPath} → ${output.fsPath}`);
    return { output, rows, preview: summary?.preview };
  } catch (error) {
    // A child killed while saving may leave its temp file (never a torn output): remove it.
    if (child !== undefined) removeTempFilesOf(output.fsPath, child);
    if (error instanceof vscode.CancellationError) return undefined;
    throw error;
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false);
}

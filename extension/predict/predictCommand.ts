import * as path from 'node:path';
import * as vscode from 'vscode';
import { generateText, type TextSettings } from './generateText';
import type { PanelRegistry } from '../panel/panelRegistry';
import type { RunCatalog } from '../runs/runCatalog';
import { inspectModel, pickModel, type ModelChoice } from './modelPicker';
import { predictToFile, type PredictionFile } from './predictFile';
import { chooseInput, isPredictInput } from './predictInput';
import { CliFailed, SeqlabCli } from './seqlabCli';
import { setWalkthroughContext } from '../walkthrough';

// SeqLab: Predict, from the palette, the runs view (a run) and the editor title of a .csv/.tsv/.onnx.
//   a .onnx      that model (read in a child process; refused with the CLI's message if unusable)
//   a run        its model.onnx
//   a .csv/.tsv  that input, and a model from the picker
//   nothing      a model from the picker, and the active CSV editor or a picked file as input
// Forecast and classify models write <input stem>.predictions.csv and open it; text models generate
// into an untitled editor. Everything that touches the model runs in a `seqlab` child process.

export const PREDICT_COMMAND = 'seqlab.predict';

/** What the command resolves to (for tests and other commands); undefined if the user cancelled. */
export type PredictResult =
  | { readonly kind: 'file'; readonly model: string; readonly input: string; readonly output: string; readonly rows: number; readonly milliseconds: number }
  | { readonly kind: 'text'; readonly model: string; readonly text: string; readonly milliseconds: number }
  | { readonly kind: 'failed'; readonly message: string; readonly milliseconds: number };

/** Arguments besides the menus' resource: skip the pickers and boxes (used by tests and the walkthrough). */
export interface PredictOptions {
  readonly model?: vscode.Uri;
  readonly input?: vscode.Uri;
  readonly text?: Partial<TextSettings>;
}

export interface PredictContext {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  readonly catalog: RunCatalog;
  readonly panels: PanelRegistry;
}

export function registerPredictCommand(context: PredictContext): vscode.Disposable {
  const cli = new SeqlabCli(context.extensionUri, context.log);
  return vscode.commands.registerCommand(PREDICT_COMMAND, (resource?: unknown, options?: PredictOptions) => predict(cli, context, resource, options));
}

async function predict(cli: SeqlabCli, context: PredictContext, resource: unknown, options: PredictOptions = {}): Promise<PredictResult | undefined> {
  const { log } = context;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('SeqLab does not run models in Restricted Mode. Trust this workspace to predict.'));
    return undefined;
  }
  const started = performance.now();
  const given = resourceUri(resource);
  try {
    const modelUri = options.model ?? (given && isModelFile(given) ? given : given && isRunFolder(given) ? vscode.Uri.joinPath(given, 'model.onnx') : undefined);
    const model = modelUri ? await inspectModel(cli, modelUri) : await pickModel(cli);
    if (!model) return undefined;
    if (model.metadata.task === 'text') {
      const generated = await generateText(cli, log, model, options.text);
      if (!generated) return undefined;
      return finished(log, started, { kind: 'text', model: model.uri.fsPath, text: generated.text });
    }
    const input = await chooseInput(options.input ?? (given && isPredictInput(given) ? given : undefined));
    if (!input) return undefined;
    const predicted = await predictToFile(cli, log, model, input);
    if (!predicted) return undefined;
    await vscode.window.showTextDocument(predicted.output, { preview: false });
    showInPanel(context, model, input, predicted);
    return finished(log, started, { kind: 'file', model: model.uri.fsPath, input: input.fsPath, output: predicted.output.fsPath, rows: predicted.rows });
  } catch (error) {
    if (error instanceof vscode.CancellationError) return undefined;
    const message = error instanceof CliFailed ? error.message : vscode.l10n.t('Predict failed: {0}', (error as Error).message);
    log.error(`Predict: ${message}`);
    void vscode.window.showErrorMessage(message, vscode.l10n.t('Show Log')).then((choice) => choice && log.show());
    return { kind: 'failed', message, milliseconds: Math.round(performance.now() - started) };
  }
}

type Untimed<T> = T extends unknown ? Omit<T, 'milliseconds'> : never;

function finished(log: vscode.LogOutputChannel, started: number, result: Untimed<PredictResult>): PredictResult {
  const milliseconds = Math.round(performance.now() - started);
  log.info(`Predict: done in ${milliseconds} ms from the command to the editor`);
  setWalkthroughContext('predicted', log);
  return { ...result, milliseconds };
}

/** A run's predictions go to its config's panel too (opened beside, without taking the focus). */
function showInPanel({ catalog, panels }: PredictContext, model: ModelChoice, input: vscode.Uri, predicted: PredictionFile): void {
  const run = model.run ? catalog.get(path.dirname(model.uri.fsPath)) : undefined;
  if (!run || !predicted.preview) return;
  panels.show(vscode.Uri.file(run.configFile)).showPredictions({
    runId: run.id,
    runLabel: run.label,
    input: path.posix.basename(input.path),
    output: path.posix.basename(predicted.output.path),
    preview: predicted.preview,
  });
}

/** The resource a menu passes: a Uri (Explorer, editor title) or a run of the runs view (its folder). */
function resourceUri(resource: unknown): vscode.Uri | undefined {
  if (resource instanceof vscode.Uri) return resource;
  const node = resource as { kind?: unknown; runDir?: unknown } | undefined;
  return node?.kind === 'run' && typeof node.runDir === 'string' ? vscode.Uri.file(node.runDir) : undefined;
}

const isModelFile = (uri: vscode.Uri): boolean => path.posix.extname(uri.path).toLowerCase() === '.onnx';
const isRunFolder = (uri: vscode.Uri): boolean => /\/\.seqlab\/runs\/[^/]+\/?$/.test(uri.path);


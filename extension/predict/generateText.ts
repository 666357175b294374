import * as vscode from 'vscode';
import { samplingOf } from '../../engine/index';
import type { ModelChoice } from './modelPicker';
import type { SeqlabCli } from './seqlabCli';

// A text model: prompt, length and temperature in input boxes (prefilled with the model's recorded
// defaults), `seqlab sample` in a child process, and the text in a new untitled editor.

export interface GeneratedText {
  readonly document: vscode.TextDocument;
  readonly text: string;
}

export interface TextSettings {
  readonly prompt: string;
  readonly length: number;
  readonly temperature: number;
}

/** Resolves undefined when the user dismisses an input box or cancels; throws CliFailed with the CLI's message. */
export async function generateText(cli: SeqlabCli, log: vscode.LogOutputChannel, model: ModelChoice, given?: Partial<TextSettings>): Promise<GeneratedText | undefined> {
  const settings = given && isComplete(given) ? given : await askSettings(model, given);
  if (!settings) return undefined;
  const title = vscode.l10n.t('SeqLab: generating {0} characters', settings.length);
  try {
    const args = ['sample', model.uri.fsPath, '--prompt', settings.prompt, '--length', String(settings.length), '--temperature', String(settings.temperature)];
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => cli.runOk(args, token));
    const text = result.stdout.replace(/\n$/, ''); // the CLI ends its output with a line break
    log.info(`Predict: ${settings.length} characters from ${model.uri.fsPath} at temperature ${settings.temperature}`);
    const document = await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' });
    await vscode.window.showTextDocument(document, { preview: false });
    return { document, text };
  } catch (error) {
    if (error instanceof vscode.CancellationError) return undefined;
    throw error;
  }
}

function isComplete(settings: Partial<TextSettings>): settings is TextSettings {
  return settings.prompt !== undefined && settings.length !== undefined && settings.temperature !== undefined;
}

async function askSettings(model: ModelChoice, given: Partial<TextSettings> = {}): Promise<TextSettings | undefined> {
  const defaults = { ...samplingOf(model.metadata), ...given };
  // The prompt box shows line breaks as \n, so the default prompt (a line break) is visible and editable.
  const prompt = await vscode.window.showInputBox({
    title: vscode.l10n.t('SeqLab: generate text (1/3)'),
    prompt: vscode.l10n.t('Prompt: the text to start from (\\n for a line break)'),
    value: defaults.prompt.replace(/\n/g, '\\n'),
    validateInput: (value) => (value.length === 0 ? vscode.l10n.t('The prompt must not be empty') : undefined),
  });
  if (prompt === undefined) return undefined;
  const length = await askNumber(vscode.l10n.t('SeqLab: generate text (2/3)'), vscode.l10n.t('Characters to generate (1 to 100000)'), defaults.length, (n) => Number.isInteger(n) && n >= 1 && n <= 100_000);
  if (length === undefined) return undefined;
  const temperature = await askNumber(vscode.l10n.t('SeqLab: generate text (3/3)'), vscode.l10n.t('Temperature (0 to 100): lower is more conservative, 1 samples the model as trained'), defaults.temperature, (n) => n >= 0 && n <= 100);
  if (temperature === undefined) return undefined;
  return { prompt: prompt.replace(/\\n/g, '\n'), length, temperature };
}

async function askNumber(title: string, prompt: string, value: number, valid: (n: number) => boolean): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt,
    value: String(value),
    validateInput: (input) => (input.trim() !== '' && valid(Number(input)) ? undefined : prompt),
  });
  return text === undefined ? undefined : Number(text);
}

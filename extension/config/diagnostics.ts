import * as vscode from 'vscode';
import type { ConfigProblem, SeqLabConfig } from '../../engine/index';
import { Disposable } from '../dispose';
import { liveRetrainSetting } from '../settings';
import { isConfigFile } from './configFinder';
import type { ConfigWorkerClient } from './configWorkerClient';

// The problems of every open `*.seqlab.json`, from the engine's diagnoseConfig in the config worker
// (off the host's thread): JSON syntax and schema, and what only the data can tell (a target column
// that is not in the data, a window longer than the series, a config too large for memory), each on
// the text range the engine names. Checked on open and on save, and while typing when
// `seqlab.liveRetrain` is `onType`. Train asks here too: a config with errors never starts a run.

/** How long typing pauses before an unsaved config is checked (onType only). */
const TYPING_PAUSE_MS = 300;

/** What the engine says of a config's text: its problems, and the config with its defaults if it has no errors. */
export interface ConfigCheck {
  readonly problems: readonly ConfigProblem[];
  readonly config: SeqLabConfig | null;
  /** Set when the config worker itself failed (then there are no problems and no config). */
  readonly failure?: string;
}

interface Checked {
  readonly version: number;
  readonly result: Promise<ConfigCheck>;
}

export class ConfigDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('seqlab'));
  /** The latest check of each document: one per text version, shared by the diagnostics and Train. */
  private readonly latest = new Map<string, Checked>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly configs: ConfigWorkerClient) {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((document) => void this.check(document)));
    // A save re-reads the data file too (it may have changed since the text last did).
    this.register(vscode.workspace.onDidSaveTextDocument((document) => void this.check(document, true)));
    this.register(vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
      if (contentChanges.length === 0 || !isConfig(document) || liveRetrainSetting(document.uri) !== 'onType') return;
      const key = document.uri.toString();
      clearTimeout(this.timers.get(key));
      this.timers.set(key, setTimeout(() => {
        this.timers.delete(key);
        if (!document.isClosed) void this.check(document);
      }, TYPING_PAUSE_MS));
    }));
    this.register(vscode.workspace.onDidCloseTextDocument((document) => {
      this.collection.delete(document.uri);
      this.latest.delete(document.uri.toString());
    }));
    for (const document of vscode.workspace.textDocuments) void this.check(document);
  }

  /**
   * The problems of `document` as it is now, and its diagnostics set from them (an empty list for a file
   * that is not a config). A text version is checked once, unless `fresh` asks to read the data again.
   */
  check(document: vscode.TextDocument, fresh = false): Promise<ConfigCheck> {
    if (!isConfig(document)) return Promise.resolve({ problems: [], config: null });
    const key = document.uri.toString();
    const cached = this.latest.get(key);
    if (cached && cached.version === document.version && !fresh) return cached.result;
    const text = document.getText();
    const result = this.configs.request({ kind: 'diagnose', text, configFile: document.uri.fsPath })
      .then((answer): ConfigCheck => (answer.ok && answer.kind === 'diagnose'
        ? { problems: answer.problems, config: answer.config }
        : { problems: [], config: null, failure: answer.ok ? 'unexpected answer' : answer.message }));
    const checked: Checked = { version: document.version, result };
    this.latest.set(key, checked);
    void result.then(({ problems }) => {
      // A later check of this document owns its diagnostics; so does closing it.
      if (this.latest.get(key) !== checked || document.isClosed) return;
      this.collection.set(document.uri, problems.map((problem) => toDiagnostic(text, problem)));
    });
    return result;
  }

  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  override dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    super.dispose();
  }
}

function isConfig(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && isConfigFile(document.uri.path);
}

/** One line for a notification: `at /data/columns/targets/0: no column "x" in data.csv; … (hint: …)`. */
export function describeProblem(problem: ConfigProblem): string {
  const at = problem.path ? `at ${problem.path}: ` : '';
  return `${at}${problem.message}${problem.hint ? ` (hint: ${problem.hint})` : ''}`;
}

function toDiagnostic(text: string, problem: ConfigProblem): vscode.Diagnostic {
  // The engine's offsets exclude a leading BOM; positions are in the text that was checked.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const start = problem.offset === undefined ? 0 : problem.offset + bom;
  const end = problem.offset === undefined ? Math.min(1, text.length) : start + Math.max(problem.length ?? 1, 1);
  const range = new vscode.Range(positionAt(text, start), positionAt(text, end));
  const message = problem.hint ? `${problem.message}\nhint: ${problem.hint}` : problem.message;
  const diagnostic = new vscode.Diagnostic(range, message, problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'SeqLab';
  if (problem.path) diagnostic.code = problem.path;
  return diagnostic;
}

/** Line and character of `offset` in `text` (which the document may no longer hold exactly). */
function positionAt(text: string, offset: number): vscode.Position {
  const clamped = Math.max(0, Math.min(offset, text.length));
  const lineStart = text.lastIndexOf('\n', clamped - 1) + 1;
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < clamped; i = text.indexOf('\n', i + 1)) line++;
  return new vscode.Position(line, clamped - lineStart);
}

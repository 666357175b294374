import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import { isConfigFile } from './configFinder';
import type { ConfigWorkerClient } from './configWorkerClient';
import type { ConfigProblemMessage } from './configWorkerProtocol';
import { nodeAt } from './jsonPointer';

// Problems in a `*.seqlab.json` that its JSON Schema cannot see (a target column missing from the
// data, a window longer than the series, a config too large for memory), from the engine's
// validator, run in the config worker on open and on save, each on the JSON range it names.

export class ConfigDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('seqlab'));
  /** The latest request per document: an older answer arriving late is dropped. */
  private readonly latest = new Map<string, number>();
  private requests = 0;

  constructor(private readonly configs: ConfigWorkerClient) {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((document) => void this.check(document)));
    this.register(vscode.workspace.onDidSaveTextDocument((document) => void this.check(document)));
    this.register(vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)));
    for (const document of vscode.workspace.textDocuments) void this.check(document);
  }

  /** Diagnoses `document` if it is a config; resolves once its diagnostics are set. */
  async check(document: vscode.TextDocument): Promise<void> {
    if (document.uri.scheme !== 'file' || !isConfigFile(document.uri.path)) return;
    const key = document.uri.toString();
    const request = ++this.requests;
    this.latest.set(key, request);
    const text = document.getText();
    const answer = await this.configs.request({ kind: 'diagnose', text, configFile: document.uri.fsPath });
    if (this.latest.get(key) !== request || document.isClosed) return;
    const problems = answer.ok && answer.kind === 'diagnose' ? answer.problems : [];
    this.collection.set(document.uri, problems.map((problem) => toDiagnostic(document, text, problem)));
  }

  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }
}

function toDiagnostic(document: vscode.TextDocument, text: string, problem: ConfigProblemMessage): vscode.Diagnostic {
  const node = nodeAt(text, problem.path);
  const range = node
    ? new vscode.Range(document.positionAt(node.offset), document.positionAt(node.offset + node.length))
    : new vscode.Range(0, 0, 0, 1);
  const message = problem.hint ? `${problem.message}\n${problem.hint}` : problem.message;
  const diagnostic = new vscode.Diagnostic(range, message, severityOf(problem.severity));
  diagnostic.source = 'SeqLab';
  return diagnostic;
}

function severityOf(severity: string): vscode.DiagnosticSeverity {
  return severity === 'warning' ? vscode.DiagnosticSeverity.Warning : severity === 'info' ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Error;
}

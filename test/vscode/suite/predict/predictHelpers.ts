import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PredictResult } from '../../../../extension/predict/predictCommand';
import { waitFor, workspaceFile } from '../helpers';

// What the Predict tests share: the runs the workspace was prepared with, running Predict as each
// menu does while answering its pickers and boxes, the CSV it wrote, and the processes around it.

/** The repository (out/test/vscode/suite/predict → ../../../../..). */
const repoRoot = path.resolve(__dirname, '../../../../..');

export function runOf(configStem: string): string {
  const runs = workspaceFile('.seqlab/runs').fsPath;
  const name = fs.readdirSync(runs).find((entry) => entry.endsWith(`-${configStem}`));
  assert.ok(name, `a run of ${configStem}`);
  return path.join(runs, name);
}

/**
 * Runs SeqLab: Predict with `args` (what a menu passes) and answers whatever quick input it opens (the
 * model picker, the text boxes) with Enter, as a user accepting the first choice and the defaults.
 * `select` moves down the picker first (workbench.action.quickOpenSelectNext) that many times;
 * `enterEveryMs` is how long the user waits between presses of Enter.
 */
export async function predictAccepting(args: unknown[], select = 0, enterEveryMs = 300): Promise<PredictResult | undefined> {
  let settled = false;
  const running = Promise.resolve(vscode.commands.executeCommand<PredictResult | undefined>('seqlab.predict', ...args)).finally(() => (settled = true));
  if (select > 0) {
    // Moving down needs the list: the picker fills it when its `seqlab inspect` child has exited.
    await waitFor('the model picker to read the models', () => childProcesses(' inspect ').length > 0, 20_000);
    await waitFor('the model picker to list them', () => childProcesses(' inspect ').length === 0, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let moved = 0; moved < select; moved++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
  }
  while (!settled) {
    await new Promise((resolve) => setTimeout(resolve, enterEveryMs));
    // The picker ignores Enter while it is still reading the models.
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  return running;
}

export function expectFile(result: PredictResult | undefined): Extract<PredictResult, { kind: 'file' }> {
  assert.ok(result && result.kind === 'file', `Predict wrote a file: ${JSON.stringify(result)}`);
  return result;
}

export interface Csv {
  header: string[];
  rows: string[][];
}

/** The CSVs of these tests have no quoted fields. */
export function readCsv(file: string): Csv {
  const [header, ...rows] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/).map((line) => line.split(','));
  return { header, rows };
}

/** The engine's forward pass on a run's best weights (test/tools/engineForward.ts). */
export function engineForward<T>(runDir: string, windows = 5): T[] {
  const script = path.join(repoRoot, 'out', 'test', 'tools', 'engineForward.js');
  return JSON.parse(execFileSync(process.execPath, [script, runDir, String(windows)], { encoding: 'utf8', cwd: repoRoot })) as T[];
}

/** `seqlab <args>` of this repository, in a child process (stdout). */
export function seqlabCli(args: string[]): string {
  return execFileSync(process.execPath, [path.join(repoRoot, 'bin', 'seqlab.js'), ...args], { encoding: 'utf8', cwd: repoRoot });
}

/** Child processes of this extension host whose command line (arguments joined by spaces) contains `needle`. */
export function childProcesses(needle: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === process.pid && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').includes(needle)) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** The shared objects mapped into this process (the extension host) that look like onnxruntime. */
export function onnxruntimeMappedHere(): string[] {
  return [...new Set(fs.readFileSync('/proc/self/maps', 'utf8').split('\n').filter((line) => /onnxruntime/i.test(line)).map((line) => line.trim().split(/\s+/).pop() ?? ''))];
}

/** Closes every editor; generated text (untitled) is reverted first, so no "Save?" dialog opens. */
export async function closeAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isUntitled)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export async function openInEditor(name: string): Promise<vscode.Uri> {
  const uri = workspaceFile(name);
  await vscode.window.showTextDocument(uri, { preview: false });
  await waitFor(`${name} in the active editor`, () => vscode.window.activeTextEditor?.document.uri.fsPath === uri.fsPath);
  return uri;
}

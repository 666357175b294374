import * as vscode from 'vscode';
import { CliCancelled, cliMessage, runSeqlab, type CliResult } from './cliProcess';

/** A `seqlab` command that failed; the message is the CLI's own (file, row, column, hint). */
export class CliFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliFailed';
  }
}

/**
 * The extension's own `seqlab` (bin/seqlab.js, which loads dist/cli.js), run in child processes with
 * the extension host's runtime. Cancelling a command kills its child; the promise then rejects with
 * vscode.CancellationError once the child has exited.
 */
export class SeqlabCli {
  private readonly script: string;

  constructor(extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel) {
    this.script = vscode.Uri.joinPath(extensionUri, 'bin', 'seqlab.js').fsPath;
  }

  async run(args: readonly string[], token?: vscode.CancellationToken, onSpawn?: (pid: number) => void): Promise<CliResult> {
    const controller = new AbortController();
    const subscription = token?.onCancellationRequested(() => controller.abort());
    const started = performance.now();
    const elapsed = () => `${Math.round(performance.now() - started)} ms`;
    try {
      const result = await runSeqlab(this.script, args, { signal: controller.signal, onSpawn });
      this.log.info(`seqlab ${args[0]}: exit ${result.code} after ${elapsed()}`);
      return result;
    } catch (error) {
      if (error instanceof CliCancelled) {
        this.log.info(`seqlab ${args[0]}: cancelled after ${elapsed()}; the process was killed`);
        throw new vscode.CancellationError();
      }
      this.log.error(`seqlab ${args[0]}: ${(error as Error).message}`);
      throw error;
    } finally {
      subscription?.dispose();
    }
  }

  /** Runs the command and returns its result if it succeeded; throws CliFailed with its message if not. */
  async runOk(args: readonly string[], token?: vscode.CancellationToken, onSpawn?: (pid: number) => void): Promise<CliResult> {
    const result = await this.run(args, token, onSpawn);
    if (result.code !== 0) throw new CliFailed(cliMessage(result, args[0]));
    return result;
  }
}

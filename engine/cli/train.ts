// `seqlab train <config>` and `seqlab resume <run-dir>`: run the training loop with a progress view,
// stop cleanly on Ctrl-C (saying where the checkpoint is), leave the run interrupted on SIGTERM, end
// with metrics against the baselines.
import { SeqLabError } from '../errors';
import * as path from 'node:path';
import { RunFolder } from '../runs/runFolder';
import { describeRunState, runState } from '../runs/runState';
import { resumeRun, startRun, type RunHandlers, type RunResult } from '../runs/session';
import { EXIT, type Command, type CommandContext, type ParsedArgs } from './command';
import { progressView, type ProgressMode } from './progress';
import { resultsTable } from './results';

export const trainCommand: Command = {
  usage: 'train <config.seqlab.json> [--run-dir DIR] [--epochs N] [--threads N] [--json]',
  help: [
    '--run-dir DIR  the run folder (default: <config folder>/.seqlab/runs/<date-time>-<name>/)',
    '--epochs N     at most N epochs (early stopping still applies)',
    '--threads N    1, or 2: up to two threads for the SIMD kernels, one while a second does not make',
    '               batches faster (another process busy on the other core); default 2 where there are two cores',
    '--json         print every training event as one JSON line on stdout',
  ],
  options: { 'run-dir': { type: 'string' }, epochs: { type: 'string' }, threads: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(args, context) {
    const epochs = args.values.epochs === undefined ? undefined : positiveInteger(String(args.values.epochs), '--epochs');
    const threads = args.values.threads === undefined ? undefined : positiveInteger(String(args.values.threads), '--threads');
    if (threads !== undefined && threads > 2) throw new SeqLabError('BAD_ARGUMENT', `--threads is 1 or 2, got ${threads}`);
    const runDir = args.values['run-dir'] as string | undefined;
    return runWithView(args, context, (handlers) => startRun({ configFile: args.positionals[0], runDir, epochs, threads }, handlers));
  },
};

export const resumeCommand: Command = {
  usage: 'resume <run-dir> [--json]',
  help: ['--json  print every training event as one JSON line on stdout'],
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(args, context) {
    const runDir = path.resolve(args.positionals[0]);
    RunFolder.check(runDir);
    const state = runState(runDir);
    // A running run is refused by its lock (naming the holder), a finished one by the session (naming its
    // status); what is resumed is worth a line.
    if (!['running', 'completed', 'early-stopped'].includes(state.kind)) context.err(`resuming ${runDir}: ${describeRunState(state)}`);
    return runWithView(args, context, (handlers) => resumeRun(runDir, handlers));
  },
};

async function runWithView(args: ParsedArgs, context: CommandContext, start: (handlers: RunHandlers) => Promise<RunResult>): Promise<number> {
  const mode: ProgressMode = args.values.json ? 'json' : context.isTTY ? 'bar' : 'lines';
  const view = progressView(mode, context);
  let result: RunResult;
  // Listening for SIGTERM keeps the process alive until the run is interrupted at its next batch; the
  // session then rejects (STOPPED: exit 130) saying how to resume.
  let shuttingDown = false;
  const onShutdown = (): void => {
    shuttingDown = true;
  };
  context.shutdown?.addEventListener('abort', onShutdown);
  try {
    result = await start({
      onEvent: view.onEvent,
      shouldStop: () => context.interrupted.aborted,
      shouldInterrupt: () => shuttingDown,
      onWarning: (text) => context.err(`warning: ${text}`),
    });
  } finally {
    context.shutdown?.removeEventListener('abort', onShutdown);
    view.close();
  }
  const { summary, runDir } = result;
  if (mode !== 'json') {
    const finished = summary.status === 'completed' || summary.status === 'early-stopped';
    context.err(`\n${summary.status} after ${summary.epochs} epoch(s); best epoch ${summary.bestEpoch}${summary.message ? ` (${summary.message})` : ''}`);
    if (finished) context.out(resultsTable(summary).join('\n'));
    context.out(`run: ${runDir}${summary.model ? `\nmodel: ${summary.model}` : ''}`);
    if (summary.status === 'stopped') context.out(`resume with: seqlab resume ${runDir}`);
  }
  if (summary.status === 'stopped') return EXIT.interrupted;
  if (summary.status === 'diverged') return EXIT.diverged;
  if (summary.status === 'failed') return EXIT.internal;
  return EXIT.ok;
}

export function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new SeqLabError('BAD_ARGUMENT', `${flag} expects a positive whole number, got '${text}'`);
  }
  return value;
}

// `seqlab explain <run-dir> [--split val|test] [--index N] [--horizon H] [--steps N] [--json]`: one window
// of a run explained with its best weights (gates and states per layer, input attribution) and the run's
// diagnostics (leakage, under/overfit, lag trap, collapse). `--diagnostics` prints the diagnostics alone
// (what the editor's Runs view shows, without the cost of a window). The run folder is not modified.
import { SeqLabError } from '../errors';
import { formatDiagnostics, formatReport } from '../explain/format';
import { diagnoseRun, explainRun } from '../explain/run';
import type { DiagnosticsReport, ExplainSplit } from '../explain/types';
import { EXIT, type Command } from './command';

export const explainCommand: Command = {
  usage: 'explain <run-dir> [--split val|test] [--index N] [--horizon H] [--steps N] [--diagnostics] [--json]',
  help: [
    '--split val|test  the split the window comes from (default val)',
    "--index N         the window, 0-based (default: the split's last)",
    '--horizon H       forecast: attribute the forecast H steps ahead (default 1)',
    '--steps N         integrated-gradients steps (default 32)',
    '--diagnostics     only the diagnostics, with no window explained (quicker)',
    '--json            print everything as one JSON object (the shape of engine/explain/types.ts)',
  ],
  options: {
    split: { type: 'string' }, index: { type: 'string' }, horizon: { type: 'string' }, steps: { type: 'string' },
    diagnostics: { type: 'boolean' }, json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(args, context) {
    if (args.values.diagnostics) {
      const windowFlag = ['index', 'horizon', 'steps'].find((flag) => args.values[flag] !== undefined);
      if (windowFlag) throw new SeqLabError('BAD_ARGUMENT', `--${windowFlag} is about a window, and --diagnostics explains none`, {}, `Leave out --${windowFlag} or --diagnostics.`);
      const split = splitOf(args.values.split) ?? 'validation';
      const report: DiagnosticsReport = { format: 'seqlab-diagnostics/1', split, diagnostics: await diagnoseRun(args.positionals[0], { split }) };
      context.out(args.values.json ? JSON.stringify(report) : formatDiagnostics(report));
      return EXIT.ok;
    }
    const report = await explainRun(args.positionals[0], {
      split: splitOf(args.values.split),
      index: wholeNumber(args.values.index, '--index', 0),
      horizon: wholeNumber(args.values.horizon, '--horizon', 1),
      steps: wholeNumber(args.values.steps, '--steps', 1, 4096),
    });
    context.out(args.values.json ? JSON.stringify(report) : formatReport(report));
    return EXIT.ok;
  },
};

function splitOf(value: unknown): ExplainSplit | undefined {
  if (value === undefined) return undefined;
  if (value === 'val' || value === 'validation') return 'validation';
  if (value === 'test') return 'test';
  throw new SeqLabError('BAD_ARGUMENT', `--split must be val or test, got ${JSON.stringify(value)}`);
}

function wholeNumber(value: unknown, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new SeqLabError('BAD_ARGUMENT', `${flag} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got ${JSON.stringify(value)}`);
  }
  return n;
}

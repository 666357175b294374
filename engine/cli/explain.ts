// `seqlab explain <run-dir> [--split val|test] [--index N] [--horizon H] [--steps N] [--json]`: one window
// of a run explained with its best weights (gates and states per layer, input attribution) and the run's
// diagnostics (leakage, under/overfit, lag trap, collapse). The run folder is not modified.
import { SeqLabError } from '../errors';
import { formatReport } from '../explain/format';
import { explainRun } from '../explain/run';
import type { ExplainSplit } from '../explain/types';
import { EXIT, type Command } from './command';

export const explainCommand: Command = {
  name: 'explain',
  summary: "Look inside a run's model on one window: gates, which inputs mattered, and diagnostics with fixes.",
  usage: 'explain <run-dir> [--split val|test] [--index N] [--horizon H] [--steps N] [--json]',
  help: [
    '--split val|test  the split the window comes from (default val)',
    "--index N         the window, 0-based (default: the split's last)",
    '--horizon H       forecast: attribute the forecast H steps ahead (default 1)',
    '--steps N         integrated-gradients steps (default 32)',
    '--json            print everything as one JSON object (the shape of engine/explain/types.ts)',
  ],
  options: { split: { type: 'string' }, index: { type: 'string' }, horizon: { type: 'string' }, steps: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(args, context) {
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

// `seqlab import-pytorch <export-dir> [--run-dir RUN]`: turns what train.py wrote in an export folder into
// an ordinary run folder, scored by the engine's own evaluation (engine/pytorch/importRun.ts).
import * as path from 'node:path';
import { SeqLabError } from '../errors';
import { importFromPytorch } from '../pytorch/importRun';
import { EXIT, type Command } from './command';
import { fmt } from './progress';
import { resultsTable } from './results';
import { positiveInteger } from './train';

export const importPytorchCommand: Command = {
  usage: 'import-pytorch <export-dir> [--run-dir DIR] [--threads N]',
  help: [
    '<export-dir>   the folder seqlab export-pytorch wrote, with train.py\'s result/ in it',
    '--run-dir DIR  the run folder to create (default: <original config folder>/.seqlab/runs/<date-time>-<name>-pytorch/)',
    '--threads N    1 or 2 threads for the evaluation (default: 2 where there are two cores)',
  ],
  options: { 'run-dir': { type: 'string' }, threads: { type: 'string' } },
  positionals: [1, 1],
  async run(args, context) {
    const threads = args.values.threads === undefined ? undefined : positiveInteger(String(args.values.threads), '--threads');
    if (threads !== undefined && threads > 2) throw new SeqLabError('BAD_ARGUMENT', `--threads is 1 or 2, got ${threads}`);
    const { runDir, summary, result, validationLoss } = await importFromPytorch(args.positionals[0], { runDir: args.values['run-dir'] as string | undefined, threads });
    context.err(`trained with PyTorch ${result.torch} on ${result.processes} ${result.device} process(es) in ${result.seconds.toFixed(1)} s: ${result.status} after ${result.epochs} epoch(s), best epoch ${result.bestEpoch}`);
    const { engine, pytorch } = validationLoss;
    context.err(`validation loss: SeqLab's evaluation ${fmt(engine)}, train.py's ${pytorch === null ? 'none' : fmt(pytorch)}`);
    if (pytorch !== null && Math.abs(engine - pytorch) > 1e-3 * Math.max(Math.abs(pytorch), 1e-12)) {
      context.err('warning: the two differ by more than 0.1 %: the weights may not be the ones train.py chose, or PyTorch computed differently on this device');
    }
    context.out(resultsTable(summary).join('\n'));
    context.out(`run: ${path.relative(process.cwd(), runDir) || runDir}${summary.model ? `\nmodel: ${summary.model}` : ''}`);
    return EXIT.ok;
  },
};

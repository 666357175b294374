// `seqlab export-pytorch <config | run-dir> --out DIR`: a folder that trains the same model with PyTorch
// (one GPU, or many with torchrun): the prepared data, SeqLab's initial weights and batch order, train.py
// and a README (engine/pytorch/).
import * as path from 'node:path';
import { SeqLabError } from '../errors';
import { exportForPytorch } from '../pytorch/exportFolder';
import { EXIT, type Command } from './command';
import { positiveInteger } from './train';

export const exportPytorchCommand: Command = {
  usage: 'export-pytorch <config.seqlab.json | run-dir> --out DIR [--order-epochs N] [--force]',
  help: [
    '--out DIR          the folder to write (refused if it exists, unless --force)',
    '--order-epochs N   include SeqLab\'s batch order for the first N epochs (default: all, up to 4M window indices)',
    '--force            replace an existing folder at --out',
  ],
  options: { out: { type: 'string' }, 'order-epochs': { type: 'string' }, force: { type: 'boolean' } },
  positionals: [1, 1],
  async run(args, context) {
    if (typeof args.values.out !== 'string') throw new SeqLabError('BAD_ARGUMENT', '--out DIR is required: the folder to write');
    const orderEpochs = args.values['order-epochs'] === undefined ? undefined : positiveInteger(String(args.values['order-epochs']), '--order-epochs');
    const { dir, manifest } = await exportForPytorch({ source: args.positionals[0], out: args.values.out, force: Boolean(args.values.force), orderEpochs });
    const shown = path.relative(process.cwd(), dir) || '.';
    context.out(`wrote ${shown}: ${manifest.task}, ${manifest.parameters.toLocaleString('en-US')} parameters, ${manifest.splits.train.windows} training windows, SeqLab's batch order for ${manifest.orderEpochs} epoch(s)`);
    context.out(`train:  cd ${shown} && python3 train.py     (or: torchrun --standalone --nproc_per_node=N train.py)`);
    context.out(`import: seqlab import-pytorch ${shown}`);
    return EXIT.ok;
  },
};

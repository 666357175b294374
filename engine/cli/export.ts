// `seqlab export <run-dir> [--out FILE]`: a run's best weights as ONNX (by default <run-dir>/model.onnx).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunFolder } from '../runs/runFolder';
import { metricsOf, writeRunModel } from '../runs/exportModel';
import { openRunData } from '../runs/runData';
import type { RunSummary } from '../runs/summary';
import { decodeTrainingState } from '../train/state';
import { EXIT, type Command } from './command';

export const exportCommand: Command = {
  usage: 'export <run-dir> [--out FILE]',
  help: ['--out FILE  where to write the model (default: <run-dir>/model.onnx)'],
  options: { out: { type: 'string' } },
  positionals: [1, 1],
  async run(args, context) {
    const run = RunFolder.open(path.resolve(args.positionals[0]));
    const { data } = await openRunData(run);
    const { state, configHash } = decodeTrainingState(run.readCheckpoint(), run.file('checkpoint'));
    const summary = fs.existsSync(run.file('summary')) ? run.readJson<RunSummary>('summary') : null;
    const file = path.resolve(typeof args.values.out === 'string' ? args.values.out : run.file('model'));
    writeRunModel(file, {
      spec: state.setup.spec, layout: state.model.layout, params: state.best.params, data, configHash,
      metrics: summary ? metricsOf(summary) : undefined,
    });
    context.out(`wrote ${file} (best epoch ${state.best.epoch})`);
    return EXIT.ok;
  },
};

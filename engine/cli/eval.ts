// `seqlab eval <run-dir>`: scores a run's best weights on validation and test against the baselines,
// from the run's own config, data and checkpoint (the run folder is not modified).
import { scoreModel } from '../eval/baselines';
import { RunFolder } from '../runs/runFolder';
import { describeRunState, runState, type RunState } from '../runs/runState';
import { openRunData } from '../runs/runData';
import { buildSummary } from '../runs/summary';
import { setupFromConfig } from '../train/setup';
import type { SeqLabConfig } from '../config/schema.generated';
import type { PreparedData } from '../data/types';
import { installRunKernels } from '../runs/kernels';
import { kernelsOf, readTrainingCheckpoint, restoreTrainingState } from '../train/state';
import { EXIT, type Command, type CommandContext } from './command';
import { resultsTable } from './results';

export const evalCommand: Command = {
  usage: 'eval <run-dir> [--json]',
  help: ['--json  print the metrics as JSON (the shape of summary.json)'],
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(args, context) {
    const run = RunFolder.open(args.positionals[0]);
    const state = runState(run.dir);
    const { config, data } = await openRunData(run);
    const checkpoint = readTrainingCheckpoint(run.readCheckpoint(), run.file('checkpoint'));
    // The run's own kernels: another build would score the same weights differently in the last bits.
    const kernels = installRunKernels(kernelsOf(checkpoint));
    try {
      return report(restoreTrainingState(checkpoint, kernels.allocator), state, config, data, Boolean(args.values.json), context);
    } finally {
      kernels.dispose();
    }
  },
};

function report({ state, configHash }: ReturnType<typeof restoreTrainingState>, run: RunState, config: SeqLabConfig, data: PreparedData, json: boolean, context: CommandContext): number {
  const setup = setupFromConfig(config, data);
  state.model.params.set(state.best.params);
  const scores = scoreModel(state.model, data, setup.loss, setup.batchSize);
  const summary = buildSummary(data.task, { status: 'completed', message: '', epochs: state.progress.epoch, bestEpoch: state.best.epoch }, scores, configHash, null);
  if (json) context.out(JSON.stringify({ ...summary, status: undefined, message: undefined, state: run.kind }));
  else context.out([`run: ${describeRunState(run)}`, `best epoch ${state.best.epoch} of ${state.progress.epoch}`, ...resultsTable(summary)].join('\n'));
  return EXIT.ok;
}

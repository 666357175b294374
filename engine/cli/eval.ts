// `seqlab eval <run-dir>`: scores a run's best weights on validation and test against the baselines,
// from the run's own config, data and checkpoint (the run folder is not modified).
import { baselineMetrics } from '../eval/baselines';
import { evaluateSplit } from '../eval/evaluate';
import { RunFolder } from '../runs/runFolder';
import { openRunData } from '../runs/session';
import { buildSummary } from '../runs/summary';
import { setupFromConfig } from '../train/setup';
import { decodeTrainingState } from '../train/state';
import { EXIT, type Command } from './command';
import { resultsTable } from './results';

export const evalCommand: Command = {
  name: 'eval',
  summary: "Score a run's best weights on validation and test against the baselines.",
  usage: 'eval <run-dir> [--json]',
  help: ['--json  print the metrics as JSON (the shape of summary.json)'],
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(args, context) {
    const run = RunFolder.open(args.positionals[0]);
    const { config, data } = await openRunData(run);
    const { state, configHash } = decodeTrainingState(run.readCheckpoint(), run.file('checkpoint'));
    const setup = setupFromConfig(config, data);
    state.model.params.set(state.best.params);
    const validation = evaluateSplit(state.model, data, setup.loss, 'validation', setup.batchSize);
    const test = evaluateSplit(state.model, data, setup.loss, 'test', setup.batchSize);
    const val = baselineMetrics(data, 'validation');
    const testBaselines = baselineMetrics(data, 'test');
    const baselines = Object.fromEntries(Object.keys(val).map((name) => [name, { val: val[name as keyof typeof val]!, test: testBaselines[name as keyof typeof val]! }]));
    const summary = buildSummary(data.task, {
      status: 'completed', message: '', epochs: state.progress.epoch, bestEpoch: state.best.epoch, validation, test, baselines,
    }, configHash, null);
    if (args.values.json) context.out(JSON.stringify({ ...summary, status: undefined, message: undefined }));
    else context.out([`best epoch ${state.best.epoch} of ${state.progress.epoch}`, ...resultsTable(summary)].join('\n'));
    return EXIT.ok;
  },
};

// Explaining a run folder: its config, data (refused if changed since the run), best weights and epoch
// events → an ExplainReport. Nothing in the folder is written. `seqlab explain` prints it; the editor runs
// that command in a low-priority child process, only when asked (none of it is on the training path).
import * as path from 'node:path';
import type { SeqLabConfig } from '../config/schema.generated';
import type { PreparedData, SplitName } from '../data/types';
import { SeqLabError } from '../errors';
import { allocateModel, type Model } from '../model';
import { installRunKernels } from '../runs/kernels';
import { readRunEvents } from '../runs/readRun';
import { openRunData } from '../runs/runData';
import { RunFolder } from '../runs/runFolder';
import { runState } from '../runs/runState';
import type { TrainingEvent } from '../train/events';
import { setupFromConfig } from '../train/setup';
import { kernelsOf, readTrainingCheckpoint, restoreTrainingState, type TrainingState } from '../train/state';
import { diagnose } from './diagnose';
import type { EpochRecord } from './diagnostics/fit';
import { explainSequence, type SequenceOptions } from './explainSequence';
import { splitSaturation } from './inspect';
import { checkWindow, windowLabels } from './sequence';
import type { Diagnostic, ExplainReport, ExplainSplit, GradientNormHistory } from './types';

export interface ExplainOptions extends SequenceOptions {
  split?: ExplainSplit;
  /** The window to explain; the split's last (most recent) when absent. */
  index?: number;
  /** 'run' (default): install the run's own kernels for the split-wide passes, and remove them after.
   *  'installed': leave the process's kernels as they are (a worker that trains with its own) and run on
   *  models in the JS heap. */
  kernels?: 'run' | 'installed';
}

export async function explainRun(runDir: string, options: ExplainOptions = {}): Promise<ExplainReport> {
  const split: ExplainSplit = options.split ?? 'validation';
  return withRun(runDir, options, (opened) => {
    const { data, state, model } = opened;
    const index = options.index ?? data.splits[split].windows - 1;
    checkWindow(data, split, index);
    // The explained sequence on a float64 copy of the same weights.
    const model64 = allocateModel(state.setup.spec, { dtype: 'f64' });
    model64.params.set(state.best.params);
    const sequence = explainSequence(model64, data, split, index, options);
    return {
      format: 'seqlab-explain/1',
      run: {
        dir: opened.dir, task: data.task, cell: state.setup.spec.cell, layers: state.setup.spec.layers, hiddenSize: state.setup.spec.hiddenSize,
        bestEpoch: state.best.epoch, epochs: state.progress.epoch,
      },
      split,
      index,
      windowLabels: windowLabels(data, split),
      ...sequence,
      saturation: splitSaturation(model, data, split),
      diagnostics: runDiagnostics(opened, split),
      gradientNorms: opened.events.gradientNorms,
    };
  });
}

/** The diagnostics alone (for the runs view): no sequence is explained. */
export async function diagnoseRun(runDir: string, options: Pick<ExplainOptions, 'split' | 'kernels'> = {}): Promise<Diagnostic[]> {
  return withRun(runDir, options, (opened) => runDiagnostics(opened, options.split ?? 'validation'));
}

interface OpenedExplain {
  dir: string;
  config: SeqLabConfig;
  data: PreparedData;
  state: TrainingState;
  /** The best weights, on the run's kernels (or the JS heap with kernels: 'installed'). */
  model: Model;
  events: ReturnType<typeof epochEvents>;
  earlyStopped: boolean;
}

/** Opens the run (config, unchanged data, best weights, events), runs `use`, and removes the kernels it installed. */
async function withRun<T>(runDir: string, options: Pick<ExplainOptions, 'kernels'>, use: (opened: OpenedExplain) => T): Promise<T> {
  const run = RunFolder.open(path.resolve(runDir));
  const { config, data } = await openRunData(run);
  const checkpoint = readTrainingCheckpoint(run.readCheckpoint(), run.file('checkpoint'));
  // The run's own kernels for the split-wide passes (the predictions it was scored with).
  const kernels = options.kernels === 'installed' ? null : installRunKernels(kernelsOf(checkpoint));
  try {
    const { state } = restoreTrainingState(checkpoint, kernels?.allocator);
    if (state.best.epoch === 0) {
      throw new SeqLabError('BAD_ARGUMENT', 'the run has no best weights yet: no epoch finished with a finite validation loss', { file: run.dir }, "Resume it with 'seqlab resume', or train again.");
    }
    state.model.params.set(state.best.params);
    return use({
      dir: run.dir, config, data, state, model: state.model,
      events: epochEvents(readRunEvents(run.dir)),
      earlyStopped: runState(run.dir).summary?.status === 'early-stopped',
    });
  } finally {
    kernels?.dispose();
  }
}

function runDiagnostics(opened: OpenedExplain, split: SplitName): Diagnostic[] {
  const { model, data, config, events, earlyStopped } = opened;
  return diagnose({ model, data, split, batchSize: setupFromConfig(config, data).batchSize, epochs: events.epochs, earlyStopped });
}

/** From a run's events: the epoch losses for the fit diagnostics, and the gate-block gradient norms when recorded. */
export function epochEvents(events: TrainingEvent[]): { epochs: EpochRecord[]; gradientNorms: GradientNormHistory | null } {
  const epochs: EpochRecord[] = [];
  const norms = new Map<number, number[][]>();
  let gates: string[] | null = null;
  for (const event of events) {
    if (event.type !== 'epoch') continue;
    epochs.push({ epoch: event.epoch, trainLoss: event.trainLoss, valLoss: event.valLoss ?? NaN });
    if (event.gateGradNorms) {
      gates = event.gateGradNorms.gates;
      norms.set(event.epoch, event.gateGradNorms.norms);
    }
  }
  const sorted = [...norms.keys()].sort((a, b) => a - b);
  return { epochs, gradientNorms: gates ? { gates, epochs: sorted, norms: sorted.map((e) => norms.get(e)!) } : null };
}

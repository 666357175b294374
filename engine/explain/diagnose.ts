// Every diagnostic of a run, in the order a reader checks them: is the data sound (leakage), did the
// model learn (under/overfit), and is what it outputs any good (lag trap, collapse).
import type { PreparedData, SplitName } from '../data/types';
import type { Model } from '../model';
import { duplicateWindows } from './diagnostics/duplicates';
import { epochHistory, overfit, underfit, type EpochRecord } from './diagnostics/fit';
import { featureLeakage } from './diagnostics/leakage';
import { forecastCollapse, labelCollapse, lagTrap } from './diagnostics/outputs';
import { splitPredictions } from './predictions';
import type { Diagnostic } from './types';

export interface DiagnoseInput {
  /** The run's best weights (any dtype and kernels: only forwards run). */
  model: Model;
  data: PreparedData;
  split: SplitName;
  batchSize: number;
  /** The run's epoch events (trainLoss, valLoss), and whether early stopping ended it. */
  epochs: EpochRecord[];
  earlyStopped: boolean;
}

export function diagnose(input: DiagnoseInput): Diagnostic[] {
  const { model, data, split } = input;
  const history = epochHistory(input.epochs);
  const diagnostics = [featureLeakage(data), duplicateWindows(data), underfit(history, input.earlyStopped), overfit(history)];
  const predictions = splitPredictions(model, data, split, input.batchSize);
  if (predictions.task === 'forecast' && data.task === 'forecast') {
    const K = data.targetNames.length;
    const context = {
      targetAt: (row: number) => data.rawTargets[row * K],
      timeAt: (row: number) => data.timeLabel(row),
      targetName: data.targetNames[0],
      split,
      formulation: data.normalisation.formulation,
    };
    diagnostics.push(lagTrap(predictions, context), forecastCollapse(predictions, context));
  } else if (predictions.task !== 'forecast') {
    diagnostics.push(
      {
        id: 'lag-trap', title: 'Lag trap', status: 'not-applicable', measures: {}, evidence: [],
        summary: `a ${data.task} model does not forecast a value, so it cannot repeat the last one`,
        fix: 'Nothing to do.',
      },
      labelCollapse(predictions),
    );
  }
  return diagnostics;
}

// Under- and overfitting, read from a run's epoch events (metrics.jsonl). Losses jitter from epoch to epoch,
// so both read trends (least-squares slopes over several epochs), not single steps.
//   Underfit: a run not stopped early whose training loss still falls, over its last (up to) 5 epochs, by
//     more than 1 % of its value per epoch, while the validation loss is not rising over them: more
//     epochs, or a larger model, would still help.
//   Overfit: after the epoch with the lowest validation loss at least three more epochs ran; over them the
//     validation loss trends up (a least-squares slope at least twice its standard error, so a noisy
//     plateau does not count) by at least 5 % of its lowest, and ends (mean of the last three) at least
//     5 % above it, while the training loss trends down. It began at the epoch after the lowest
//     validation loss.
import type { Diagnostic, SeriesEvidence } from '../types';
import { mean, round, slope, slopeT } from './stats';

export const UNDERFIT_DROP = 0.01;
export const UNDERFIT_EPOCHS = 5;
export const OVERFIT_RISE = 0.05;
export const OVERFIT_EPOCHS = 3;
export const OVERFIT_T = 2;

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  valLoss: number;
}

/** The last record of every epoch number, in epoch order (a resumed run may repeat an epoch's event). */
export function epochHistory(records: EpochRecord[]): EpochRecord[] {
  const byEpoch = new Map<number, EpochRecord>();
  for (const record of records) byEpoch.set(record.epoch, record);
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

export function underfit(history: EpochRecord[], earlyStopped: boolean): Diagnostic {
  const base = { id: 'underfit' as const, title: 'Underfit', fix: 'Raise training.epochs (the loss is still falling), or give the model more capacity (model.hiddenSize, model.layers).' };
  const n = history.length;
  if (n < 2) return { ...base, status: 'not-applicable', summary: `the run has ${n} epoch(s); a trend needs two`, measures: {}, evidence: [] };
  const tail = history.slice(-UNDERFIT_EPOCHS);
  const last = history[n - 1];
  const perEpoch = -slope(tail.map((r) => r.trainLoss)) / Math.abs(last.trainLoss); // > 0: falling
  const valRising = slope(tail.map((r) => r.valLoss)) > 0;
  const falling = perEpoch > UNDERFIT_DROP;
  const raised = !earlyStopped && falling && !valRising;
  const trend = `over the last ${tail.length} epochs the training loss ${perEpoch > 0 ? 'fell' : 'rose'} ${pct(Math.abs(perEpoch))} per epoch and the validation loss ${valRising ? 'rose' : 'did not rise'}`;
  return {
    ...base,
    status: raised ? 'raised' : 'clear',
    summary: earlyStopped ? `early stopping ended the run (validation stopped improving); ${trend}` : `${trend}${raised ? ': still learning when the run ended' : ''}`,
    measures: { lastEpoch: last.epoch, trainLossDropPerEpoch: round(perEpoch), validationRising: valRising ? 1 : 0 },
    evidence: [lossSeries(history, [])],
  };
}

export function overfit(history: EpochRecord[]): Diagnostic {
  const base = { id: 'overfit' as const, title: 'Overfit', fix: "Keep the best epoch's weights (SeqLab does) and regularise: model.dropout, weight decay, a smaller model, or more data." };
  const n = history.length;
  let best = 0;
  for (let e = 1; e < n; e++) if (history[e].valLoss < history[best].valLoss) best = e;
  const after = history.slice(best + 1);
  if (after.length < OVERFIT_EPOCHS) {
    const why = n === 0 ? 'the run has no epochs' : `the validation loss was lowest at epoch ${history[best].epoch}, with ${after.length} epoch(s) after it; a trend needs ${OVERFIT_EPOCHS}`;
    return { ...base, status: n < OVERFIT_EPOCHS + 1 ? 'not-applicable' : 'clear', summary: why, measures: n ? { bestValEpoch: history[best].epoch } : {}, evidence: n ? [lossSeries(history, [])] : [] };
  }
  const lowest = history[best];
  const scale = Math.abs(lowest.valLoss);
  const valTrend = (slope(after.map((r) => r.valLoss)) * (after.length - 1)) / scale; // fitted rise over the span
  const valEnd = (mean(after.slice(-OVERFIT_EPOCHS).map((r) => r.valLoss)) - lowest.valLoss) / scale;
  const trainFalls = slope(after.map((r) => r.trainLoss)) < 0;
  const significant = slopeT(after.map((r) => r.valLoss)) >= OVERFIT_T;
  const raised = significant && valTrend >= OVERFIT_RISE && valEnd >= OVERFIT_RISE && trainFalls;
  const began = lowest.epoch + 1;
  const measures: Record<string, number> = { bestValEpoch: lowest.epoch, valLossTrend: round(valTrend), valLossEndRise: round(valEnd), trainLossFalls: trainFalls ? 1 : 0 };
  if (raised) measures.beganEpoch = began;
  return {
    ...base,
    status: raised ? 'raised' : 'clear',
    summary: raised
      ? `from epoch ${began} the validation loss rose (trend +${pct(valTrend)} over ${after.length} epochs, ending ${pct(valEnd)} above its lowest at epoch ${lowest.epoch}) while the training loss kept falling`
      : `after its lowest (epoch ${lowest.epoch}) the validation loss trended ${valTrend >= 0 ? '+' : ''}${pct(valTrend)} over ${after.length} epochs${significant ? '' : ' (within its noise)'}${trainFalls ? '' : ' and the training loss did not keep falling'}: no sustained rise`,
    measures,
    evidence: [lossSeries(history, raised ? [{ x: began, label: `overfitting from epoch ${began}` }] : [])],
  };
}

function lossSeries(history: EpochRecord[], markers: SeriesEvidence['markers']): SeriesEvidence {
  return {
    kind: 'series',
    title: 'Loss per epoch',
    x: { name: 'epoch', values: history.map((r) => r.epoch), labels: null },
    series: [
      { name: 'training loss', role: 'train', values: history.map((r) => round(r.trainLoss, 6)) },
      { name: 'validation loss', role: 'validation', values: history.map((r) => (Number.isFinite(r.valLoss) ? round(r.valLoss, 6) : null)) },
    ],
    markers,
  };
}

function pct(share: number): string {
  return `${Number((share * 100).toPrecision(3))} %`;
}

// Honest baselines, scored with the model's metric functions on the model's windows:
//   forecast  naive (each target's last value, held for every step) and seasonal-naive (the value one
//             season earlier than each future step)
//   classify  majority class of the training split
//   text      unigram token frequencies of the training split (add-one smoothed, so no token gets
//             probability zero); its accuracy is that of always predicting the most frequent token
import type { PreparedData, SplitName } from '../data/types';
import type { LossSpec } from '../losses';
import type { Model } from '../model';
import { evaluateSplit, windowRange, type SplitEvaluation } from './evaluate';
import { classifyMetrics, forecastMetrics, tokenMetrics, type TaskMetrics } from './metrics';

export type BaselineName = 'naive' | 'seasonalNaive' | 'majority' | 'unigram';

export function baselineNames(data: PreparedData): BaselineName[] {
  return data.task === 'forecast' ? ['naive', 'seasonalNaive'] : data.task === 'classify' ? ['majority'] : ['unigram'];
}

export function baselineMetrics(data: PreparedData, split: SplitName): Partial<Record<BaselineName, TaskMetrics>> {
  const W = data.splits[split].windows;
  const windows = windowRange(0, W);
  if (data.task === 'forecast') {
    const K = data.targetNames.length;
    const S = data.horizon;
    const O = data.outputSize;
    const truth = new Float64Array(W * O);
    data.truth(split, windows, truth);
    const last = new Float64Array(W * K);
    data.lastValues(split, windows, last);
    const naive = new Float64Array(W * O);
    for (let w = 0; w < W; w++) for (let s = 0; s < S; s++) for (let k = 0; k < K; k++) naive[(w * S + s) * K + k] = last[w * K + k];
    const seasonal = new Float64Array(W * O);
    data.seasonalNaive(split, windows, seasonal);
    const scale = data.inSampleNaiveMae(1);
    return { naive: forecastMetrics(naive, truth, W, S, K, scale), seasonalNaive: forecastMetrics(seasonal, truth, W, S, K, scale) };
  }
  if (data.task === 'classify') {
    const C = data.outputSize;
    const counts = new Array<number>(C).fill(0);
    for (const label of data.labels('train')) counts[label]++;
    const majority = counts.indexOf(Math.max(...counts));
    const truth = data.labels(split);
    return { majority: classifyMetrics(new Int32Array(truth.length).fill(majority), truth, C) };
  }
  const V = data.outputSize;
  const counts = new Float64Array(V).fill(1);
  const train = data.tokens('train');
  for (const token of train) counts[token]++;
  const total = train.length + V;
  const T = data.window;
  const x = new Int32Array(W * T);
  const y = new Int32Array(W * T);
  data.fillBatch(split, windows, x, y);
  const likeliest = counts.indexOf(Math.max(...counts));
  let nats = 0;
  let correct = 0;
  for (const token of y) {
    nats -= Math.log(counts[token] / total);
    if (token === likeliest) correct++;
  }
  const tokens = Math.max(y.length, 1);
  return { unigram: tokenMetrics(data.tokenizer.type, nats / tokens, correct / tokens) };
}

/** The model's validation and test evaluations beside every baseline's metrics on the same windows. */
export function scoreModel(model: Model, data: PreparedData, loss: LossSpec, batchSize: number): ModelScores {
  const validation = evaluateSplit(model, data, loss, 'validation', batchSize);
  const test = evaluateSplit(model, data, loss, 'test', batchSize);
  const val = baselineMetrics(data, 'validation');
  const testMetrics = baselineMetrics(data, 'test');
  const baselines: ModelScores['baselines'] = {};
  for (const name of Object.keys(val) as BaselineName[]) baselines[name] = { val: val[name]!, test: testMetrics[name]! };
  return { validation, test, baselines };
}

export interface ModelScores {
  validation: SplitEvaluation;
  test: SplitEvaluation;
  baselines: Partial<Record<BaselineName, { val: TaskMetrics; test: TaskMetrics }>>;
}

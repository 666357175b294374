import type { EpochEvent, ForecastSample, SampleEvent } from '../../../webview/model/engineEvents';
import type { RunMeta } from '../../../webview/protocol';

// Small, typed events and run metas for the webview's unit tests.

export function epochEvent(epoch: number, step: number, fields: Partial<EpochEvent> = {}): EpochEvent {
  return {
    type: 'epoch', epoch, step, trainLoss: 1 / epoch, valLoss: 1.5 / epoch, lr: 0.001, best: true, seconds: 2,
    val: { mae: 1 / epoch, rmse: 1.2 / epoch, smape: 10, mase: 0.9, perStep: { mae: [1 / epoch], rmse: [1], smape: [10], mase: [0.9] } },
    ...fields,
  };
}

export function forecastSample(epoch: number): SampleEvent {
  const sample: ForecastSample = {
    task: 'forecast', targets: ['co2'], times: null, truth: [[1, 2, 3]], prediction: [[1.1, 2.1, 2.9]], naive: [[0, 1, 2]],
    seasonalNaive: [[1, 1, 1]], season: 12,
  };
  return { type: 'sample', epoch, sample };
}

export function textSample(epoch: number): SampleEvent {
  return { type: 'sample', epoch, sample: { task: 'text', prompt: 'Call me ', text: `text of epoch ${epoch}`, temperature: 0.8 } };
}

export function runMeta(index: number, fields: Partial<RunMeta> = {}): RunMeta {
  return {
    id: `run-${index}`, index, label: index === 0 ? '' : `model.hiddenSize 64→${64 * (index + 1)}`, created: '2026-01-01T00:00:00Z',
    state: 'running', task: 'forecast', parameters: 1000, epochs: 10, bestEpoch: null, seconds: null, baselines: {}, summary: null,
    message: null, ...fields,
  };
}

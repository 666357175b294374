import { describe, expect, it } from 'vitest';
import { Column, lowerBound, upperBound } from '../../../webview/model/column';
import { numbers, SeriesStore } from '../../../webview/model/seriesStore';
import type { RunSeries } from '../../../webview/protocol';
import { epochEvent, forecastSample, textSample } from './events';

function batches(steps: number[], stepsPerEpoch = 10, lossAt = (step: number) => 1 / step): RunSeries['batches'] {
  return {
    step: Float64Array.from(steps),
    epoch: Float64Array.from(steps, (step) => Math.ceil(step / stepsPerEpoch)),
    loss: Float64Array.from(steps, lossAt),
  };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('Column', () => {
  it('grows past its capacity and keeps every value', () => {
    const column = new Column(2);
    for (let i = 0; i < 1000; i++) column.push(i * 0.5);
    expect(column.length).toBe(1000);
    expect(Array.from(column.view())).toEqual(range(0, 999).map((i) => i * 0.5));
    expect(column.last()).toBe(499.5);
    column.truncate(3);
    expect(Array.from(column.view())).toEqual([0, 0.5, 1]);
    expect(column.at(3)).toBeNaN();
  });

  it('finds bounds in sorted values', () => {
    const values = [1, 2, 2, 2, 5];
    expect([lowerBound(values, 2), upperBound(values, 2)]).toEqual([1, 4]);
    expect([lowerBound(values, 0), upperBound(values, 9)]).toEqual([0, 5]);
    expect(lowerBound(values, 3)).toBe(4);
  });
});

describe('SeriesStore', () => {
  it('keeps every point of a long run, across snapshot and appends', () => {
    const store = new SeriesStore();
    store.replace('a', { batches: batches(range(1, 60_000)), epochs: [], samples: [] });
    for (let from = 60_001; from <= 100_000; from += 10_000) {
      store.append('a', { batches: batches(range(from, from + 9_999)), epochs: [], samples: [] });
    }
    const curves = store.get('a')!;
    expect(curves.steps.length).toBe(100_000);
    expect(curves.steps.at(99_999)).toBe(100_000);
    expect(curves.losses.at(49_999)).toBe(1 / 50_000);
    expect(curves.batchEpochs.at(99_999)).toBe(10_000);
  });

  it('reports what changed since the last frame, merged over several appends', () => {
    const store = new SeriesStore();
    store.replace('a', { batches: batches(range(1, 5)), epochs: [], samples: [] });
    expect(store.takeChanges().get('a')).toEqual({ batchesFrom: 0, epochs: true, samples: true });
    expect(store.takeChanges().size).toBe(0);
    store.append('a', { batches: batches([6, 7]), epochs: [], samples: [] });
    store.append('a', { batches: batches([8]), epochs: [epochEvent(1, 8)], samples: [] });
    expect(store.takeChanges().get('a')).toEqual({ batchesFrom: 5, epochs: true, samples: false });
  });

  it('continues a resumed run: repeated steps and epochs replace the stored ones', () => {
    const store = new SeriesStore();
    store.replace('a', { batches: batches(range(1, 25)), epochs: [epochEvent(1, 10), epochEvent(2, 20)], samples: [] });
    store.takeChanges();
    // Resumed from the checkpoint after step 20: steps 21-25 and epoch 3 come again, with other values.
    store.append('a', { batches: batches(range(21, 30), 10, () => 7), epochs: [epochEvent(2, 20), epochEvent(3, 30)], samples: [] });
    const curves = store.get('a')!;
    expect(Array.from(curves.steps.view())).toEqual(range(1, 30));
    expect(curves.losses.at(19)).toBe(1 / 20);
    expect(Array.from(curves.losses.view().subarray(20))).toEqual(new Array(10).fill(7));
    expect(curves.epochs.map((event) => event.epoch)).toEqual([1, 2, 3]);
    expect(store.takeChanges().get('a')?.batchesFrom).toBe(20);
  });

  it('keeps every text sample but only the latest forecast sample', () => {
    const store = new SeriesStore();
    store.replace('text', { batches: batches([]), epochs: [], samples: [textSample(1), textSample(2)] });
    store.append('text', { batches: batches([]), epochs: [], samples: [textSample(3)] });
    expect(store.get('text')!.samples.map((event) => event.epoch)).toEqual([1, 2, 3]);
    store.replace('forecast', { batches: batches([]), epochs: [], samples: [forecastSample(1)] });
    store.append('forecast', { batches: batches([]), epochs: [], samples: [forecastSample(2)] });
    expect(store.get('forecast')!.samples.map((event) => event.epoch)).toEqual([2]);
  });

  it('starts a run it has not seen from its first append, and forgets deleted runs', () => {
    const store = new SeriesStore();
    store.append('new', { batches: batches([1, 2]), epochs: [], samples: [] });
    store.replace('old', { batches: batches([1]), epochs: [], samples: [] });
    expect(store.retain(new Set(['new']))).toEqual(['old']);
    expect(store.ids()).toEqual(['new']);
    expect([...store.takeChanges().keys()]).toEqual(['new']);
  });

  it('reads columns that arrive as arrays or as index-keyed objects', () => {
    expect(Array.from(numbers([1, 2]))).toEqual([1, 2]);
    expect(Array.from(numbers({ 0: 3, 1: 4 }))).toEqual([3, 4]);
    expect(Array.from(numbers(undefined))).toEqual([]);
    const store = new SeriesStore();
    store.replace('a', { batches: { step: [1, 2], epoch: { 0: 1, 1: 1 }, loss: [0.5, 0.25] } as unknown as RunSeries['batches'], epochs: [], samples: [] });
    expect(Array.from(store.get('a')!.losses.view())).toEqual([0.5, 0.25]);
  });
});

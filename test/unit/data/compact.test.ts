// The compact form of prepared data (what export-pytorch writes): rebuilding every window of every split
// from the one series and the window starts, as types.ts documents it, gives exactly what fillBatch gives.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareData, type PreparedData } from '../../../engine/data/prepare';
import { SPLIT_NAMES, type CompactData, type SplitName } from '../../../engine/data/types';
import { config, fixture, samples } from './helpers';

/** The windows of a split from compact arrays alone (the rule train.py follows). */
function rebuild(data: PreparedData, compact: CompactData, split: SplitName): { x: number[]; y: number[] } {
  const { series, width: F } = compact;
  const { start, length, label } = compact.windows[split];
  const T = data.window;
  const x: number[] = [];
  const y: number[] = [];
  for (let w = 0; w < start.length; w++) {
    const s = start[w];
    if (data.task === 'text') {
      for (let t = 0; t < T; t++) x.push(series[s + t]);
      for (let t = 0; t < T; t++) y.push(series[s + t + 1]);
    } else if (data.task === 'classify') {
      for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) x.push(t < (length?.[w] ?? T) ? series[(s + t) * F + f] : 0);
      y.push(label![w]);
    } else {
      const last = s + T - 1;
      const relative = data.normalisation.formulation === 'relative';
      const base = (f: number) => (relative && data.normalisation.features.relative[f] ? series[last * F + f] : 0);
      for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) x.push(series[(s + t) * F + f] - base(f));
      for (let h = 0; h < data.horizon; h++) for (const f of data.normalisation.targets.featureIndex) y.push(series[(last + 1 + h) * F + f] - base(f));
    }
  }
  return { x, y };
}

function filled(data: PreparedData, split: SplitName): { x: number[]; y: number[] } {
  const W = data.splits[split].windows;
  const windows = Int32Array.from({ length: W }, (_, i) => i);
  if (data.task === 'text') {
    const x = new Int32Array(W * data.window);
    const y = new Int32Array(W * data.window);
    data.fillBatch(split, windows, x, y);
    return { x: Array.from(x), y: Array.from(y) };
  }
  const x = new Float64Array(W * data.window * data.input.size);
  if (data.task === 'classify') {
    const y = new Int32Array(W);
    data.fillBatch(split, windows, x, y, new Int32Array(W));
    return { x: Array.from(x), y: Array.from(y) };
  }
  const y = new Float64Array(W * data.outputSize);
  data.fillBatch(split, windows, x, y);
  return { x: Array.from(x), y: Array.from(y) };
}

/** Index of the first value that differs (or of the length mismatch), -1 when the two are identical. */
function firstDifference(a: number[], b: number[]): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

const CASES: { name: string; dir: string; data: Record<string, unknown> }[] = [
  { name: 'forecast, relative (co2)', dir: samples, data: { file: 'co2-concentration.csv', window: 24, horizon: 2 } },
  { name: 'forecast, absolute, a one-hot input, horizon 3', dir: samples, data: { file: 'seattle-weather.csv', window: 7, horizon: 3, formulation: 'absolute', columns: { targets: ['temp_max', 'temp_min'] } } },
  { name: 'classify over one series', dir: samples, data: { file: 'seattle-weather.csv', task: 'classify', window: 7, columns: { targets: ['weather'] } } },
  { name: 'classify over padded sequences', dir: path.dirname(fixture('x')), data: { file: 'sequences.csv', task: 'classify', window: 6, columns: { sequenceId: 'sensor', targets: ['activity'] } } },
  { name: 'text, characters', dir: samples, data: { file: 'moby-dick.txt', task: 'text', seqLength: 100, split: { train: 0.9, validation: 0.05, test: 0.05 } } },
  { name: 'text, words', dir: samples, data: { file: 'moby-dick.txt', task: 'text', seqLength: 30, tokenizer: { type: 'word', lowercase: true, maxVocabulary: 2000 } } },
];

describe('compact data rebuilds exactly the windows fillBatch makes', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const file = path.join(c.dir, 'x.seqlab.json');
      const data = await prepareData(config(c.data, {}, file), file);
      const compact = data.compact();
      for (const split of SPLIT_NAMES) {
        expect(compact.windows[split].start).toHaveLength(data.splits[split].windows);
        const built = rebuild(data, compact, split);
        const reference = filled(data, split);
        expect(firstDifference(built.y, reference.y), `${split} y`).toBe(-1);
        expect(firstDifference(built.x, reference.x), `${split} x`).toBe(-1);
      }
    });
  }
});

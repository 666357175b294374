// Nothing from validation or test may reach training, and nothing from test may reach validation:
// not a scaling statistic, not a filled-in missing value, not a window, not the vocabulary. Each test
// prepares the same data three times — as is, with the test rows poisoned, and with validation and test
// poisoned — and requires everything upstream of the poison to be identical.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareData, type PreparedData, type SplitName } from '../../../engine/data/prepare';
import { config, writeFiles } from './helpers';

const ROWS = 240;

/** A daily series with a trend, a season and a text column; `poison(row)` says which rows to ruin. */
function csv(poison: (row: number) => boolean, gapAt: number[] = []): string {
  const lines = ['date,x1,x2,weather,y'];
  for (let r = 0; r < ROWS; r++) {
    const date = new Date(Date.UTC(2020, 0, 1 + r)).toISOString().slice(0, 10);
    const bad = poison(r);
    const x1 = gapAt.includes(r) ? '' : bad ? '1e6' : (r * 0.1 + Math.sin(r / 3)).toFixed(4);
    const x2 = bad ? '-5e5' : Math.cos(r / 5).toFixed(4);
    const weather = bad && r % 2 === 0 ? 'hail' : ['sun', 'rain', 'fog'][r % 3]; // a class unseen in training
    const y = bad ? '9e5' : (r * 0.05 + Math.sin(r / 7) * 3).toFixed(4);
    lines.push(`${date},${x1},${x2},${weather},${y}`);
  }
  return lines.join('\n') + '\n';
}

async function prepare(text: string, data: Record<string, unknown>): Promise<PreparedData> {
  const dir = writeFiles({ 'series.csv': text });
  const configFile = path.join(dir, 'x.seqlab.json');
  return prepareData(config({ file: 'series.csv', ...data }, {}, configFile), configFile);
}

function batches(p: PreparedData, split: SplitName): { x: number[]; y: number[] } {
  const n = p.splits[split].windows;
  const windows = Int32Array.from({ length: n }, (_, i) => i);
  if (p.task === 'text') {
    const x = new Int32Array(n * p.window);
    const y = new Int32Array(n * p.window);
    p.fillBatch(split, windows, x, y);
    return { x: Array.from(x), y: Array.from(y) };
  }
  const x = new Float64Array(n * p.window * p.input.size);
  if (p.task === 'forecast') {
    const y = new Float64Array(n * p.outputSize);
    p.fillBatch(split, windows, x, y);
    return { x: Array.from(x), y: Array.from(y) };
  }
  const y = new Int32Array(n);
  p.fillBatch(split, windows, x, y);
  return { x: Array.from(x), y: Array.from(y) };
}

/** Splits of the unpoisoned data, to know which rows to poison. */
async function boundaries(data: Record<string, unknown>) {
  const clean = await prepare(csv(() => false), data);
  return { clean, validationStart: clean.splits.validation.start, testStart: clean.splits.test.start };
}

describe.each([
  ['forecast, relative', { task: 'forecast', window: 12, horizon: 3, columns: { targets: ['y'] } }],
  ['forecast, absolute', { task: 'forecast', window: 12, horizon: 3, formulation: 'absolute', columns: { targets: ['y'] } }],
  ['forecast, ffill', { task: 'forecast', window: 8, horizon: 1, missing: 'ffill', columns: { targets: ['y'] } }],
  ['classify, windows over one series', { task: 'classify', window: 7, labelOffset: 1, columns: { targets: ['weather'] } }],
])('%s', (_name, data) => {
  it('training statistics and windows ignore validation and test; validation ignores test', async () => {
    const { validationStart, testStart } = await boundaries(data);
    // Missing cells on both sides of each boundary: filling them must not look across it.
    const gaps = [validationStart - 1, validationStart, testStart - 1, testStart];
    const clean = await prepare(csv(() => false, gaps), data);
    const testPoisoned = await prepare(csv((r) => r >= testStart, gaps), data);
    const allPoisoned = await prepare(csv((r) => r >= validationStart, gaps), data);
    for (const poisoned of [testPoisoned, allPoisoned]) {
      expect(poisoned.task === 'text' ? null : poisoned.normalisation).toEqual(clean.task === 'text' ? null : clean.normalisation);
      expect(poisoned.splits.train).toEqual(clean.splits.train);
      expect(batches(poisoned, 'train')).toEqual(batches(clean, 'train'));
      if (clean.task === 'forecast' && poisoned.task === 'forecast') expect(poisoned.season).toBe(clean.season);
    }
    expect(batches(testPoisoned, 'validation')).toEqual(batches(clean, 'validation'));
    // The poison is really there: test windows differ (so the comparisons above can fail).
    expect(batches(testPoisoned, 'test')).not.toEqual(batches(clean, 'test'));
  });

  it('no window straddles a split boundary', async () => {
    const { clean } = await boundaries(data);
    if (clean.task !== 'forecast' && clean.task !== 'classify') return;
    for (const split of ['train', 'validation', 'test'] as const) {
      const { start, end, windows } = clean.splits[split];
      const after = clean.task === 'forecast' ? clean.horizon : clean.labelOffset;
      // The last window's inputs and its target/label rows all lie inside [start, end).
      expect(start + (windows - 1) + clean.window - 1 + after).toBeLessThan(end);
      expect(start + windows + clean.window - 1 + after).toBe(end); // and one more window would not fit
    }
  });
});

describe('classify with sequences', () => {
  it('scaling statistics come from the training sequences only', async () => {
    const source = fs.readFileSync(path.resolve(__dirname, '../../fixtures/data/sequences.csv'), 'utf8');
    const data = { task: 'classify', window: 10, columns: { sequenceId: 'sensor', targets: ['activity'] } };
    const clean = await prepare(source, data);
    if (clean.task !== 'classify') throw new Error('expected classify');
    // Which sequences are in training is decided by the seed; poison every other sequence's rows.
    const x = new Float64Array(clean.splits.train.windows * clean.window * clean.input.size);
    const y = new Int32Array(clean.splits.train.windows);
    clean.fillBatch('train', Int32Array.from({ length: clean.splits.train.windows }, (_, i) => i), x, y);
    const header = source.split('\n')[0];
    const rows = source.trim().split('\n').slice(1);
    const ids = [...new Set(rows.map((r) => r.split(',')[0]))];
    const trainIds = new Set<string>();
    // Recover the training ids by preparing once per sequence poisoned: the stats change iff it trains.
    for (const id of ids) {
      const poisoned = rows.map((r) => (r.startsWith(`${id},`) ? r.replace(/,([-\d.]+),([-\d.]+),/, ',1000,-1000,') : r));
      const p = await prepare([header, ...poisoned].join('\n') + '\n', data);
      if (p.task !== 'classify') throw new Error('expected classify');
      if (JSON.stringify(p.normalisation) !== JSON.stringify(clean.normalisation)) trainIds.add(id);
    }
    expect(trainIds.size).toBe(clean.splits.train.windows);
    expect(trainIds.size).toBeLessThan(ids.length);
  });
});

describe('text', () => {
  it('the vocabulary comes from the training part; later characters become <unk>', async () => {
    const body = 'the quick brown fox jumps over the lazy dog. '.repeat(40);
    const dir = writeFiles({ 'a.txt': body + 'ΩΩΩ' + body.slice(0, 300) + 'ΩΩΩ' });
    const configFile = path.join(dir, 'a.seqlab.json');
    const p = await prepareData(config({ file: 'a.txt', task: 'text', seqLength: 20, split: { train: 0.8, validation: 0.1, test: 0.1 } }, {}, configFile), configFile);
    if (p.task !== 'text') throw new Error('expected text');
    expect(p.vocabulary).not.toContain('Ω');
    expect(p.vocabulary[0]).toBe('<unk>');
    expect(Array.from(p.tokens('test')).filter((t) => t === 0)).toHaveLength(3);
    expect(p.decode(p.tokens('train').subarray(0, 9))).toBe('the quick');
  });
});

// Classification windows (one series and grouped sequences) and text windows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareData, type PreparedClassify, type PreparedText } from '../../../engine/data/prepare';
import { config, fixture, samples, writeFiles } from './helpers';

async function classify(data: Record<string, unknown>, dir = samples, seed = 42): Promise<PreparedClassify> {
  const file = path.join(dir, 'x.seqlab.json');
  const p = await prepareData(config({ task: 'classify', ...data }, { training: { seed } }, file), file);
  if (p.task !== 'classify') throw new Error('expected classify');
  return p;
}

describe('classify over one series (Seattle: tomorrow\'s weather from the past week)', () => {
  it('labels each window with the row labelOffset after its last row', async () => {
    const p = await classify({ file: 'seattle-weather.csv', window: 7, labelOffset: 1, columns: { targets: ['weather'] } });
    expect(p.classNames).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun']);
    const csv = fs.readFileSync(path.join(samples, 'seattle-weather.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const y = new Int32Array(3);
    const lengths = new Int32Array(3);
    const x = new Float32Array(3 * 7 * p.input.size);
    p.fillBatch('train', [0, 1, 100], x, y, lengths);
    // Window w covers rows w..w+6; its label is the weather of row w+7 (rows are in date order).
    expect([0, 1, 100].map((w, b) => p.classNames[y[b]] === csv[w + 7][5])).toEqual([true, true, true]);
    expect(Array.from(lengths)).toEqual([7, 7, 7]);
    expect(Array.from(p.labels('train').subarray(0, 2))).toEqual([y[0], y[1]]);
    expect(p.splits.train.windows + p.splits.validation.windows + p.splits.test.windows).toBe(1461 - 3 * 7);
  });
});

describe('classify with sequences', () => {
  it('pads each sequence on the right, fills lengths, and splits whole sequences by the seed', async () => {
    const data = { file: 'sequences.csv', window: 6, columns: { sequenceId: 'sensor', targets: ['activity'] } };
    const p = await classify(data, path.dirname(fixture('x')));
    expect(p.sequenceIdColumn).toBe('sensor');
    expect(p.featureNames).toEqual(['x', 'y']);
    expect(p.splits.train.windows + p.splits.validation.windows + p.splits.test.windows).toBe(30);
    const n = p.splits.train.windows;
    const x = new Float64Array(n * p.window * 2);
    const lengths = new Int32Array(n);
    p.fillBatch('train', Int32Array.from({ length: n }, (_, i) => i), x, new Int32Array(n), lengths);
    expect(p.window).toBe(6);
    expect(Math.min(...lengths)).toBe(3);
    expect(Math.max(...lengths)).toBe(6); // longer sequences keep their last 6 rows
    for (let b = 0; b < n; b++) {
      for (let t = lengths[b]; t < p.window; t++) expect([x[(b * p.window + t) * 2], x[(b * p.window + t) * 2 + 1]]).toEqual([0, 0]);
    }
    expect(p.report.notes.some((note) => note.includes('keep their last 6 rows'))).toBe(true);
    const other = await classify(data, path.dirname(fixture('x')), 7);
    expect(JSON.stringify(other.normalisation)).not.toBe(JSON.stringify(p.normalisation)); // another seed, other training sequences
    const same = await classify(data, path.dirname(fixture('x')), 42);
    expect(same.normalisation).toEqual(p.normalisation);
  });
});

describe('text', () => {
  it('windows are seqLength chunks with targets shifted by one; CRLF becomes LF', async () => {
    const dir = writeFiles({ 't.txt': 'abc\r\ndef\r\n'.repeat(50) });
    const file = path.join(dir, 't.seqlab.json');
    const p = (await prepareData(config({ file: 't.txt', task: 'text', seqLength: 8, split: { train: 0.8, validation: 0.1, test: 0.1 } }, {}, file), file)) as PreparedText;
    expect(p.vocabulary).toEqual(['<unk>', '\n', 'a', 'b', 'c', 'd', 'e', 'f']);
    const x = new Int32Array(16);
    const y = new Int32Array(16);
    p.fillBatch('train', [0, 1], x, y);
    expect(p.decode(x.subarray(0, 8))).toBe('abc\ndef\n');
    expect(p.decode(y.subarray(0, 8))).toBe('bc\ndef\na');
    expect(p.decode(x.subarray(8))).toBe('abc\ndef\n');
    expect(p.splits.train.windows).toBe(Math.floor((p.splits.train.rows - 1) / 8));
    expect(Array.from(p.encode('a\r\nz'))).toEqual([2, 1, 0]);
  });

  it('Moby Dick: vocabulary from the first 90%, every split has windows', async () => {
    const file = path.join(samples, 'x.seqlab.json');
    const p = await prepareData(config({ file: 'moby-dick.txt', task: 'text', seqLength: 100, split: { train: 0.9, validation: 0.05, test: 0.05 } }, {}, file), file);
    if (p.task !== 'text') throw new Error('expected text');
    expect(p.report.rowsRead).toBe(1_190_317 - (fs.readFileSync(path.join(samples, 'moby-dick.txt'), 'utf8').match(/\r\n/g)?.length ?? 0));
    expect(p.outputSize).toBe(p.vocabulary.length);
    expect(p.splits.validation.windows).toBeGreaterThan(500);
  });
});

// The time axis: spacing detection, gap filling, continuation; and the missing-value policies.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillSegment } from '../../../engine/data/missing';
import { prepareData, type PreparedForecast } from '../../../engine/data/prepare';
import { detectSeason } from '../../../engine/data/season';
import { advanceTime, continueTime, describeSpacing, detectSpacing, fillGaps } from '../../../engine/data/time';
import { config, writeFiles } from './helpers';

const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

describe('spacing', () => {
  it.each([
    ['monthly', [day(2000, 1, 1), day(2000, 2, 1), day(2000, 3, 1), day(2000, 5, 1)], { unit: 'month', step: 1 }, 1],
    ['quarterly', [day(2000, 1, 15), day(2000, 4, 15), day(2000, 7, 15), day(2000, 10, 15)], { unit: 'month', step: 3 }, 0],
    ['yearly', [day(1990, 6, 1), day(1991, 6, 1), day(1992, 6, 1)], { unit: 'month', step: 12 }, 0],
    ['daily', [day(2012, 2, 27), day(2012, 2, 28), day(2012, 2, 29), day(2012, 3, 1), day(2012, 3, 3)], { unit: 'ms', step: 86_400_000 }, 1],
    ['weekly', [day(2021, 1, 4), day(2021, 1, 11), day(2021, 1, 18)], { unit: 'ms', step: 7 * 86_400_000 }, 0],
  ])('%s', (name, times, spacing, gaps) => {
    const result = detectSpacing(Float64Array.from(times), 'date');
    expect(result.spacing).toEqual(spacing);
    expect(result.gapRows).toBe(gaps);
    expect(describeSpacing(result.spacing)).toBe(name);
  });

  it('numbers, and irregular times', () => {
    expect(detectSpacing(Float64Array.from([0, 0.5, 1, 2]), 'number')).toEqual({ spacing: { unit: 'number', step: 0.5 }, gapRows: 1 });
    expect(detectSpacing(Float64Array.from([0, 2, 3, 4, 5]), 'number')).toEqual({ spacing: { unit: 'number', step: 1 }, gapRows: 1 }); // the first step is the gap
    expect(detectSpacing(Float64Array.from([0, 1, 2.5, 3.1]), 'number').spacing).toBeNull();
  });

  it('fills the gaps of a regular axis and continues it', () => {
    const sorted = Float64Array.from([day(2000, 11, 1), day(2001, 1, 1), day(2001, 2, 1)]);
    const filled = fillGaps(sorted, { unit: 'month', step: 1 });
    expect(Array.from(filled.source)).toEqual([0, -1, 1, 2]);
    expect(filled.times[1]).toBe(day(2000, 12, 1));
    expect(advanceTime({ unit: 'month', step: 1 }, day(2020, 12, 1), 2)).toBe(day(2021, 2, 1));
    const axis = { column: 'Date', kind: 'date' as const, grain: 'month' as const, spacing: { unit: 'month' as const, step: 1 }, first: '', last: '' };
    expect(continueTime(axis, day(2020, 11, 1), 3)).toEqual([['2020-12'], ['2021-01'], ['2021-02']]);
  });
});

describe('filling a segment', () => {
  const nan = NaN;
  it.each([
    ['interpolate', [1, nan, nan, 4], [1, 2, 3, 4]],
    ['ffill', [1, nan, nan, 4], [1, 1, 1, 4]],
    ['interpolate', [nan, 2, nan], [2, 2, 2]], // leading: first value; trailing: last value
  ] as const)('%s %j', (method, input, expected) => {
    const m = Float64Array.from(input);
    expect(fillSegment(m, 1, 0, 0, m.length, method, false)).toBe(input.filter(Number.isNaN).length);
    expect(Array.from(m)).toEqual(expected);
  });

  it('never reads after the segment; may anchor on the row before it', () => {
    const m = Float64Array.from([10, nan, 12, nan, 99]);
    fillSegment(m, 1, 0, 1, 4, 'interpolate', true);
    expect(Array.from(m)).toEqual([10, 11, 12, 12, 99]);
    // A column with no value at all in the segment is an error, not a copy of the past.
    expect(fillSegment(Float64Array.from([10, nan, nan]), 1, 0, 1, 3, 'ffill', true)).toBe(-1);
    expect(fillSegment(Float64Array.from([nan, nan]), 1, 0, 0, 2, 'ffill', false)).toBe(-1);
  });
});

async function prepareCsv(text: string, data: Record<string, unknown>): Promise<PreparedForecast> {
  const dir = writeFiles({ 'd.csv': text });
  const file = path.join(dir, 'd.seqlab.json');
  const p = await prepareData(config({ file: 'd.csv', window: 3, ...data }, {}, file), file);
  if (p.task !== 'forecast') throw new Error('expected forecast');
  return p;
}

function monthly(values: (number | '')[], skip: number[] = []): string {
  const lines = ['month,v'];
  values.forEach((v, i) => {
    if (!skip.includes(i)) lines.push(`${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},${v}`);
  });
  return lines.join('\n') + '\n';
}

describe('missing-value policies on a series', () => {
  const values = Array.from({ length: 40 }, (_, i) => i * 2);
  it('interpolate: a gap in the time column becomes a row with the straight-line value', async () => {
    const p = await prepareCsv(monthly(values, [5]), {});
    expect(p.report.missing).toMatchObject({ insertedRows: 1, filled: 1 });
    expect(p.rawTargets[5]).toBe(10);
    expect(p.time?.spacing).toEqual({ unit: 'month', step: 1 });
  });

  it('ffill repeats the last value; drop removes the row; keep leaves the gap alone', async () => {
    const withEmpty = values.map((v, i) => (i === 6 ? '' : v));
    expect((await prepareCsv(monthly(withEmpty), { missing: 'ffill' })).rawTargets[6]).toBe(10);
    const dropped = await prepareCsv(monthly(withEmpty), { missing: 'drop' });
    expect(dropped.report.missing).toMatchObject({ droppedRows: 1, cells: 1 });
    expect(dropped.report.rows).toBe(39);
    const kept = await prepareCsv(monthly(values, [5]), { timeGaps: 'keep' });
    expect(kept.report.rows).toBe(39);
  });

  it('rows out of order are sorted by time, and the report says so', async () => {
    const lines = monthly(values).trim().split('\n');
    const shuffled = [lines[0], ...lines.slice(1).reverse()].join('\n') + '\n';
    const p = await prepareCsv(shuffled, {});
    expect(p.rawTargets[0]).toBe(0);
    expect(p.report.time?.sorted).toBe(false);
  });
});

describe('season detection', () => {
  const series = (f: (i: number) => number, n = 300) => Float64Array.from({ length: n }, (_, i) => f(i));
  it('finds a repeating pattern on top of a trend, and no season in a trend alone', () => {
    const monthly = { unit: 'month' as const, step: 1 };
    expect(detectSeason(series((i) => 0.1 * i + Math.sin((2 * Math.PI * i) / 12)), monthly)).toBe(12);
    expect(detectSeason(series((i) => 0.1 * i + 0.001 * i * i), monthly)).toBe(1);
    expect(detectSeason(series((i) => Math.sin((2 * Math.PI * i) / 10) + 0.01 * i), null)).toBe(10);
    expect(detectSeason(series((i) => i % 2), { unit: 'ms', step: 86_400_000 })).toBe(1); // period 2 is not a daily candidate
  });
});

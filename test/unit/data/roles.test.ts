// Role inference on varied headers: which column is the time, which are targets, inputs or left out.
import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../../../engine/data/csv/readCsv';
import { looksLikeTimeName, resolveRoles } from '../../../engine/data/roles';
import { validateConfig } from '../../../engine/config/load';
import { fixture } from './helpers';

async function roles(name: string, task: 'forecast' | 'classify' = 'forecast', columns: Record<string, unknown> = {}) {
  const table = await readCsvFile(fixture(name));
  const cfg = validateConfig({ data: { file: name, task, columns } }, fixture('x.seqlab.json'));
  const resolved = resolveRoles(table, { task, columns: cfg.data.columns, labelOffset: 1, configFile: 'x.seqlab.json' });
  return {
    time: resolved.time ? `${resolved.time.column.name}:${resolved.time.kind}` : null,
    targets: resolved.targets.map((c) => c.name),
    label: resolved.label?.column.name ?? null,
    features: resolved.features.map((f) => (f.kind === 'onehot' ? `${f.column.name}[${f.levels.join('|')}]` : f.column.name)),
    ignored: resolved.ignored.map((i) => i.name),
    delimiter: table.delimiter,
  };
}

describe('time column by name', () => {
  it.each([
    ['date', true], ['Date', true], ['DATE', true], ['timestamp', true], ['Year', true], ['month', true], ['week_start', true],
    ['orderDate', true], ['day_of_week', true], ['ds', true], ['sales', false], ['temperature', false], ['updates', false], ['mayday', false],
  ])('%s → %s', (name, expected) => {
    expect(looksLikeTimeName(name)).toBe(expected);
  });
});

describe('role inference', () => {
  it('YYYY-MM values make a monthly time column; the last numeric column is the target', async () => {
    expect(await roles('month-sales.csv')).toMatchObject({ time: 'Month:date', targets: ['Sales'], features: ['Sales'] });
  });

  it('date-time values are found whatever the column is called', async () => {
    expect(await roles('hourly.csv')).toMatchObject({ time: 'timestamp:date', targets: ['humidity'], features: ['temp', 'humidity'] });
  });

  it('a numeric column named year, in order, is the time; never a feature', async () => {
    expect(await roles('years.csv')).toMatchObject({ time: 'year:number', targets: ['value'], features: ['value'] });
  });

  it('a column named like a time but not in order stays a feature', async () => {
    expect(await roles('day-of-week.csv')).toMatchObject({ time: null, targets: ['y'], features: ['day_of_week', 'x', 'y'] });
  });

  it('a date column that is not the first column is still the time column; an id column is an input unless left out', async () => {
    expect(await roles('id-then-date.csv')).toMatchObject({ time: 'date:date', targets: ['b'], features: ['id', 'a', 'b'] });
  });

  it('tab-separated with a text column of few levels: one-hot encoded, sorted levels', async () => {
    expect(await roles('tabs-city.csv')).toMatchObject({ delimiter: '\t', time: 'ds:date', targets: ['temp'], features: ['city[Lima|Oslo|Rome]', 'temp'] });
  });

  it('a text column with more levels than maxCategories is left out and reported', async () => {
    const result = await roles('many-customers.csv');
    expect(result).toMatchObject({ time: 'DATE:date', targets: ['AMOUNT'], features: ['AMOUNT'], ignored: ['CUSTOMER'] });
    expect((await roles('many-customers.csv', 'forecast', { maxCategories: 40 })).features).toHaveLength(2);
  });

  it('quoted header names and a weekly date column', async () => {
    expect(await roles('quoted-weekly.csv')).toMatchObject({ time: 'Weekly Start:date', targets: ['Visits'] });
  });

  it('no time column at all', async () => {
    expect(await roles('no-time.csv')).toMatchObject({ time: null, targets: ['c'], features: ['a', 'b', 'c'] });
  });

  it('classify: the last text column is the label, and (windowed, offset 1) its past is an input', async () => {
    const result = await roles('tabs-city.csv', 'classify');
    expect(result).toMatchObject({ label: 'city', features: ['city[Lima|Oslo|Rome]', 'temp'] });
  });

  it('classify with sequences: the label is never an input; the id and the time are not either', async () => {
    const result = await roles('sequences.csv', 'classify', { sequenceId: 'sensor' });
    expect(result).toMatchObject({ time: 'step:number', label: 'activity', features: ['x', 'y'] });
  });

  it('explicit columns win over inference, and a forecast target is always an input', async () => {
    const result = await roles('hourly.csv', 'forecast', { targets: ['temp'], features: ['humidity'], time: 'timestamp' });
    expect(result).toMatchObject({ time: 'timestamp:date', targets: ['temp'], features: ['humidity', 'temp'] });
  });

  it('time: null turns detection off', async () => {
    expect((await roles('years.csv', 'forecast', { time: null })).features).toEqual(['year', 'value']);
  });
});

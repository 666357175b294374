// Time columns as users' files write them (issue 11, §6): each format found by `init`'s reading of the
// file, recorded as data.columns.timeFormat, shown by the data report, and read back the same way.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { proposeConfig } from '../../../engine/config/propose';
import { ColumnAccumulator } from '../../../engine/data/csv/column';
import { formatDataReport, prepareData, type PreparedForecast } from '../../../engine/data/prepare';
import { detectSeason, SEASON_ROWS } from '../../../engine/data/season';
import { config, fixture, tempDir, writeFiles } from './helpers';

async function prepared(file: string, columns: Record<string, unknown> = {}, data: Record<string, unknown> = {}): Promise<PreparedForecast> {
  const p = await prepareData(config({ file, window: 4, columns, ...data }), fixture('test.seqlab.json'));
  if (p.task !== 'forecast') throw new Error('expected forecast');
  return p;
}

function column(cells: string[]) {
  const accumulator = new ColumnAccumulator('d', 0);
  cells.forEach((cell, i) => accumulator.add(cell, i + 1));
  return accumulator.finish();
}

describe('each format, found by "auto"', () => {
  it.each([
    ['dates-us.csv', 'date', 'MM/DD/YYYY', 'daily', '01/01/2021', '02/09/2021'],
    ['dates-dotted.csv', 'Datum', 'D.M.YYYY', 'daily', '1.1.2021', '9.2.2021'],
    ['month-names.csv', 'month', 'MMM YYYY', 'monthly', 'Jan 2000', 'Dec 2002'],
    ['quarters.csv', 'period', 'YYYYQq', 'quarterly', '1990Q1', '1999Q4'],
    ['unix-seconds.csv', 'timestamp', 'unix-s', 'hourly', '1609459200 (2021-01-01 00:00:00)', '1609599600 (2021-01-02 15:00:00)'],
    ['unix-millis.csv', 'time_ms', 'unix-ms', 'daily', '1609459200000 (2021-01-01 00:00:00)', '1612828800000 (2021-02-09 00:00:00)'],
    ['year-quarter.csv', 'year + quarter', 'YYYY + Q', 'quarterly', '1959 Q1', '1968 Q4'],
    ['year-month.csv', 'Year + Month', 'YYYY + MMM', 'monthly', '2001-01', '2003-12'],
  ])('%s: %s, %s, %s', async (file, columns, format, spacing, from, to) => {
    const p = await prepared(file);
    expect(p.report.time).toMatchObject({ columns: columns.split(' + '), format, spacing, from, to });
    expect(p.report.rows).toBe(p.report.rowsRead); // a regular axis: nothing inserted
    expect(formatDataReport(p.report)).toContain(`Time: ${columns.split(' + ').map((c) => JSON.stringify(c)).join(' + ')} (${format}`);
    for (const name of columns.split(' + ')) expect(p.report.columns.find((c) => c.name === name)?.role).toMatch(/^time/);
  });

  it('a date reads as that instant in UTC, in every format', () => {
    const instant = Date.UTC(2020, 0, 31);
    for (const text of ['2020-01-31', '2020/01/31', '01/31/2020', '31.01.2020', '31-01-2020', '1/31/2020']) expect(column([text]).dates?.[0], text).toBe(instant);
    expect(column(['01/31/2020 13:45']).dates?.[0]).toBe(instant + 13.75 * 3_600_000);
    expect(column(['Jan 2020']).dates?.[0]).toBe(Date.UTC(2020, 0, 1));
    expect(column(['2020Q3']).dates?.[0]).toBe(Date.UTC(2020, 6, 1));
    expect(column(['Q4 2020']).dates?.[0]).toBe(Date.UTC(2020, 9, 1));
  });

  it('a date column with one bad cell is not the time; the report says which cell, in the sample or after it', async () => {
    const us = (d: Date) => `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()}`;
    const dates = ['date,sales', ...Array.from({ length: 300 }, (_, i) => `${us(new Date(Date.UTC(2021, 0, 1 + i)))},${i % 7}`)];
    for (const row of [20, 250]) { // in the sample that chooses the format, and after it
      const dir = writeFiles({ 'b.csv': dates.map((line, i) => (i === row ? line.replace(/^[^,]+/, 'n/a') : line)).join('\n') + '\n' });
      const file = path.join(dir, 'b.seqlab.json');
      const p = await prepareData(config({ file: 'b.csv', window: 4 }, {}, file), file);
      expect(p.report.time).toBeNull();
      expect(p.report.notes).toContain(`"date" holds dates (MM/DD/YYYY) except data row ${row}: "n/a"; fix or empty that cell to use it as the time column`);
    }
  });

  it('a column of mixed formats, or with one impossible date, is not dates; the first cell that breaks it is named', () => {
    const mixed = column(['01/31/2020', '2020-02-01']);
    expect(mixed.kind).toBe('categorical');
    expect(mixed.firstNonDate).toEqual({ row: 2, text: '2020-02-01' });
    expect(column(['01/31/2020', '02/30/2020']).kind).not.toBe('date');
  });
});

describe('day and month order, decided from the whole column', () => {
  it('a day above 12 anywhere in the column decides it, even after the sample', () => {
    const cells = [...Array.from({ length: 300 }, (_, i) => `${String((i % 12) + 1).padStart(2, '0')}/05/2020`), '12/25/2020'];
    const read = column(cells);
    expect(read.dateFormat?.name).toBe('MM/DD/YYYY');
    expect(read.dateNote).toBeUndefined();
    expect(read.dates?.[300]).toBe(Date.UTC(2020, 11, 25));
    expect(column([...cells.slice(0, 300), '25/12/2020']).dateFormat?.name).toBe('DD/MM/YYYY');
  });

  it('an ambiguous column takes the reading that gives a regular series, and says how to change it', async () => {
    const p = await prepared('dates-ambiguous.csv');
    expect(p.report.time).toMatchObject({ format: 'MM/DD/YYYY', spacing: 'monthly', from: '01/01/2018', to: '12/01/2020' });
    const note = p.report.notes.find((n) => n.includes('could be day or month'));
    expect(note).toMatch(/read as MM\/DD\/YYYY \(month first\) because it gives a regular series/);
    expect(note).toContain('set data.columns.timeFormat to "DD/MM/YYYY"');
    // The other reading, asked for: the same cells are the first twelve days of each year.
    const dayFirst = await prepared('dates-ambiguous.csv', { time: 'date', timeFormat: 'DD/MM/YYYY' });
    expect(dayFirst.report.time).toMatchObject({ format: 'DD/MM/YYYY', spacing: 'daily', from: '01/01/2018', to: '12/01/2020' });
    expect(dayFirst.report.notes.some((n) => n.includes('could be day or month'))).toBe(false);
  });

  it('regularity outweighs the separator\'s custom', () => {
    // Monthly on the 1st, written day first with "/": read month first (the custom for "/"), the same
    // cells would be the first twelve days of January of each year.
    const read = column(Array.from({ length: 36 }, (_, i) => `01/${String((i % 12) + 1).padStart(2, '0')}/${2018 + Math.floor(i / 12)}`));
    expect(read.dateFormat?.name).toBe('DD/MM/YYYY');
    expect(read.dateNote).toMatch(/read as DD\/MM\/YYYY \(day first\) because it gives a regular series \(read month first the times would skip 706 step\(s\)\)/);
  });

  it('when both readings are as regular, the separator\'s custom decides, and says so', () => {
    const dotted = column(Array.from({ length: 12 }, (_, i) => `01.${String(i + 1).padStart(2, '0')}.2020`));
    expect(dotted.dateFormat?.name).toBe('DD.MM.YYYY');
    expect(dotted.dateNote).toMatch(/as is usual for dates written with "\."; if they are month first, set data.columns.timeFormat to "MM.DD.YYYY"/);
    expect(column(Array.from({ length: 12 }, (_, i) => `01/${String(i + 1).padStart(2, '0')}/2020`)).dateFormat?.name).toBe('MM/DD/YYYY');
  });
});

describe('year and quarter (or month) in two columns', () => {
  it('a year column alone, when a quarter column sits beside it, is refused with the list to write instead', async () => {
    await expect(prepared('year-quarter.csv', { time: 'year' })).rejects.toMatchObject({
      message: expect.stringContaining('the time 1959 appears twice'),
      hint: 'a year and its quarter make one time: set data.columns.time to ["year", "quarter"]',
    });
  });

  it('written as a list, with or without the format', async () => {
    for (const timeFormat of ['auto', 'YYYY + Q']) {
      const p = await prepared('year-quarter.csv', { time: ['year', 'quarter'], timeFormat });
      expect(p.report.time).toMatchObject({ format: 'YYYY + Q', spacing: 'quarterly' });
      expect(p.featureNames).toEqual(['gdp']);
    }
  });

  it('a bad quarter names its row; a one-column format for a list is a config error', async () => {
    const dir = writeFiles({ 'q.csv': fs.readFileSync(fixture('year-quarter.csv'), 'utf8').replace('1960,3,', '1960,5,') });
    const file = path.join(dir, 'q.seqlab.json');
    await expect(prepareData(config({ file: 'q.csv', window: 4, columns: { time: ['year', 'quarter'], timeFormat: 'YYYY + Q' } }, {}, file), file)).rejects.toMatchObject({ code: 'BAD_DATA', where: { row: 7, column: 'quarter' } });
    await expect(prepared('year-quarter.csv', { time: ['year', 'quarter'], timeFormat: 'MM/DD/YYYY' })).rejects.toMatchObject({ code: 'BAD_CONFIG', where: { path: '/data/columns/timeFormat' } });
  });
});

describe('data.columns.timeFormat set by hand', () => {
  it('is the only format tried: a cell not in it is named', async () => {
    await expect(prepared('dates-us.csv', { time: 'date', timeFormat: 'DD/MM/YYYY' })).rejects.toMatchObject({
      code: 'BAD_CONFIG',
      message: 'the time column "date" is not in timeFormat "DD/MM/YYYY": data row 13 has "01/13/2021"',
    });
  });

  it('"number" keeps Unix-looking numbers as plain numbers; unix-s reads any numeric column as seconds', async () => {
    expect((await prepared('unix-seconds.csv', { time: 'timestamp', timeFormat: 'number' })).report.time).toMatchObject({ format: null, spacing: 'every 3600' });
    expect((await prepared('unix-seconds.csv', { time: 'timestamp', timeFormat: 'unix-s' })).report.time).toMatchObject({ format: 'unix-s', spacing: 'hourly' });
  });
});

describe('seqlab init records the format', () => {
  it.each([
    ['dates-us.csv', 'date', 'MM/DD/YYYY'],
    ['year-quarter.csv', ['year', 'quarter'], 'YYYY + Q'],
    ['unix-millis.csv', 'time_ms', 'unix-ms'],
    ['years.csv', 'year', 'number'],
  ])('%s', async (file, time, timeFormat) => {
    const dir = tempDir();
    // (years.csv is too short to propose windows for: the same columns over 60 years.)
    const text = file === 'years.csv' ? ['year,value', ...Array.from({ length: 60 }, (_, i) => `${1950 + i},${i % 7}`)].join('\n') : fs.readFileSync(fixture(file), 'utf8');
    fs.writeFileSync(path.join(dir, file), text);
    const { config: proposed } = await proposeConfig({ dataFile: path.join(dir, file), configFile: path.join(dir, 'x.seqlab.json') });
    expect(proposed.data.columns).toMatchObject({ time, timeFormat });
  });

  it('a years × months table is refused with the two ways on', async () => {
    await expect(proposeConfig({ dataFile: fixture('wide-months.csv'), configFile: fixture('wide-months.seqlab.json') })).rejects.toMatchObject({
      code: 'BAD_DATA',
      message: 'is a wide table: one row per year ("Year") and one column per month (Jan … Dec); SeqLab reads one row per time step',
      hint: 'run `seqlab init wide-months.csv --as-monthly-series` to write wide-months.monthly.csv, the same numbers as one monthly series ("Annual" would be left out), and a config for it; or name a column with --target to use the table as it is',
    });
  });
});

describe('season detection on long series', () => {
  it('reads the most recent SEASON_ROWS rows of the training series', () => {
    // 70,000 rows with a 7-row cycle, then SEASON_ROWS rows with a 12-row cycle: the recent one wins.
    const old = 70_000;
    const series = Float64Array.from({ length: old + SEASON_ROWS }, (_, i) => (i < old ? Math.sin((2 * Math.PI * i) / 7) : Math.sin((2 * Math.PI * i) / 12)));
    expect(detectSeason(series, null)).toBe(12);
    expect(detectSeason(series.subarray(0, old), null)).toBe(7);
  });
});

// `seqlab init` then `seqlab data` through the real CLI, on every bundled sample and each task.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli';

const samples = path.resolve(__dirname, '../../../samples');
const fixtures = path.resolve(__dirname, '../../fixtures/data');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-init-'));
  for (const name of ['co2-concentration.csv', 'seattle-weather.csv', 'moby-dick.txt']) fs.copyFileSync(path.join(samples, name), path.join(dir, name));
  fs.copyFileSync(path.join(fixtures, 'sequences.csv'), path.join(dir, 'sequences.csv'));
});

function readJson(file: string) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

describe.each([
  ['co2 forecast', 'co2-concentration.csv', [], 'co2-concentration.seqlab.json', { task: 'forecast', targets: ['adjusted CO2'], window: 24 }, ['monthly, 1958-03-01 to 2020-04-01', 'formulation relative', 'Season for seasonal-naive: none (1)']],
  ['Seattle classifier', 'seattle-weather.csv', ['--task', 'classify', '--target', 'weather'], 'seattle-weather.seqlab.json', { task: 'classify', targets: ['weather'], window: 7, labelOffset: 1 }, ['label (5 classes)', 'label 1 row(s) after the last', 'Classes: drizzle, fog, rain, snow, sun']],
  ['Seattle temperature', 'seattle-weather.csv', ['--target', 'temp_max', '--out', 'seattle-temperature.seqlab.json'], 'seattle-temperature.seqlab.json', { task: 'forecast', targets: ['temp_max'], window: 14 }, ['daily', 'input, one-hot (5 levels)']],
  ['Moby Dick', 'moby-dick.txt', [], 'moby-dick.seqlab.json', { task: 'text', seqLength: 100 }, ['Vocabulary:', 'chars']],
  ['grouped sequences', 'sequences.csv', ['--task', 'classify', '--sequence-id', 'sensor'], 'sequences.seqlab.json', { task: 'classify', targets: ['activity'] }, ['sequence id', 'sequences']],
] as const)('%s', (_name, data, flags, configName, expected, reportSays) => {
  it('init writes a config that `seqlab data` accepts', async () => {
    const args = flags.map((f, i) => (flags[i - 1] === '--out' ? path.join(dir, f) : f));
    const init = await runCli(['init', path.join(dir, data), ...args]);
    expect(init.code, init.err).toBe(0);
    expect(init.out).toContain(`Next: seqlab data`);
    const configFile = path.join(dir, configName);
    const config = readJson(configFile);
    expect(config.data.file).toBe(data);
    expect(config.data.task).toBe(expected.task);
    if ('targets' in expected) expect(config.data.columns.targets).toEqual(expected.targets);
    if ('window' in expected) expect(config.data.window).toBe(expected.window);
    if ('labelOffset' in expected) expect(config.data.labelOffset).toBe(expected.labelOffset);
    if ('seqLength' in expected) expect(config.data.seqLength).toBe(expected.seqLength);
    const report = await runCli(['data', configFile]);
    expect(report.code, report.err).toBe(0);
    for (const text of reportSays) expect(report.out).toContain(text);
    const json = await runCli(['data', configFile, '--json']);
    expect(JSON.parse(json.out).task).toBe(expected.task);
    expect(fs.readdirSync(dir).filter((n) => n.includes('seqlab-tmp'))).toEqual([]);
  });
});

describe('init safety', () => {
  it('never overwrites without --force; --force rewrites; --out writes another file', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-init-'));
    const data = path.join(work, 'co2.csv');
    fs.copyFileSync(path.join(samples, 'co2-concentration.csv'), data);
    const target = path.join(work, 'co2.seqlab.json');
    fs.writeFileSync(target, '{"mine": true}');
    const refused = await runCli(['init', data]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('already exists');
    expect(refused.err).toContain('--force');
    expect(fs.readFileSync(target, 'utf8')).toBe('{"mine": true}');
    const other = path.join(work, 'sub');
    fs.mkdirSync(other);
    const out = await runCli(['init', data, '--out', path.join(other, 'mine.seqlab.json')]);
    expect(out.code, out.err).toBe(0);
    expect(readJson(path.join(other, 'mine.seqlab.json')).data.file).toBe('../co2.csv'); // relative to the config
    expect((await runCli(['data', path.join(other, 'mine.seqlab.json')])).code).toBe(0);
    const forced = await runCli(['init', data, '--force']);
    expect(forced.code, forced.err).toBe(0);
    expect(readJson(target).data.file).toBe('co2.csv');
    expect(fs.readdirSync(work).sort()).toEqual(['co2.csv', 'co2.seqlab.json', 'sub']);
  });

  it.each([
    [['--task', 'regress'], '--task must be one of forecast, classify, text'],
    [['--target', 'price'], 'no column "price" in co2.csv; its columns are: Date, CO2, adjusted CO2'],
    [['--task', 'classify', '--target', 'CO2'], 'distinct numbers'],
    [['--target', 'Date'], '--target: "Date" is the time column, which cannot be a target'],
    [['--task', 'text', '--target', 'CO2'], 'for CSV data'],
    [['--sequence-id', 'CO2'], 'for --task classify'],
  ])('refuses %j and writes nothing', async (flags, message) => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-init-'));
    const data = path.join(work, 'co2.csv');
    fs.copyFileSync(path.join(samples, 'co2-concentration.csv'), data);
    const result = await runCli(['init', data, ...flags]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(message);
    expect(result.err).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(fs.readdirSync(work)).toEqual(['co2.csv']);
  });

  it('a 100-row series still gets windows in every split; a 5-row one gets a clear error', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-init-'));
    const rows = (n: number) => ['t,v', ...Array.from({ length: n }, (_, i) => `${i},${Math.sin(i / 4).toFixed(4)}`)].join('\n') + '\n';
    fs.writeFileSync(path.join(work, 'short.csv'), rows(100));
    const ok = await runCli(['init', path.join(work, 'short.csv')]);
    expect(ok.code, ok.err).toBe(0);
    const config = readJson(path.join(work, 'short.seqlab.json'));
    expect(config.data.split).toEqual({ train: 0.6, validation: 0.2, test: 0.2 });
    expect(config.data.window).toBeGreaterThanOrEqual(2);
    expect(ok.out).toMatch(/windows: \d+ train \/ [1-9]\d* validation \/ [1-9]\d* test/);
    fs.writeFileSync(path.join(work, 'tiny.csv'), rows(5));
    const tiny = await runCli(['init', path.join(work, 'tiny.csv')]);
    expect(tiny.code).toBe(1);
    expect(tiny.err).toContain('5 rows are too few');
    expect(fs.existsSync(path.join(work, 'tiny.seqlab.json'))).toBe(false);
  });
});

describe('init and time columns', () => {
  it('says which time it found, in which format, and how an ambiguous day-month order was read', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-init-'));
    fs.copyFileSync(path.join(fixtures, 'dates-ambiguous.csv'), path.join(work, 'sales.csv'));
    const result = await runCli(['init', path.join(work, 'sales.csv')]);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('  time: "date" (MM/DD/YYYY), monthly, 01/01/2018 to 12/01/2020');
    expect(result.out).toMatch(/note: "date": every date's first two numbers are 12 or less.*set data\.columns\.timeFormat to "DD\/MM\/YYYY"/);
    expect(readJson(path.join(work, 'sales.seqlab.json')).data.columns).toMatchObject({ time: 'date', timeFormat: 'MM/DD/YYYY' });
    const report = await runCli(['data', path.join(work, 'sales.seqlab.json')]);
    expect(report.out).toContain('Time: "date" (MM/DD/YYYY, data.columns.timeFormat), monthly, 01/01/2018 to 12/01/2020');
  });

  it('a years × months table: refused as it is; --as-monthly-series writes one monthly series and its config', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-init-'));
    const wide = path.join(work, 'rain.csv');
    fs.copyFileSync(path.join(fixtures, 'wide-months.csv'), wide);
    const refused = await runCli(['init', wide]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('rain.csv: is a wide table: one row per year ("Year") and one column per month (Jan … Dec)');
    expect(refused.err).toContain('seqlab init rain.csv --as-monthly-series');
    expect(fs.readdirSync(work)).toEqual(['rain.csv']);

    const reshaped = await runCli(['init', wide, '--as-monthly-series']);
    expect(reshaped.code, reshaped.err).toBe(0);
    expect(reshaped.out).toMatch(/Wrote \S*rain\.monthly\.csv: 69 months from 6 rows of "Year" × 12 month columns \(left out: Annual\)/);
    const monthly = fs.readFileSync(path.join(work, 'rain.monthly.csv'), 'utf8').trim().split('\n');
    // Row by row, month by month; the months after the last value (Oct–Dec 2020, empty) are not rows.
    expect(monthly.slice(0, 3)).toEqual(['month,rain', '2015-01,20', '2015-02,22.5']);
    expect(monthly.at(-1)).toBe('2020-09,29.45');
    expect(readJson(path.join(work, 'rain.monthly.seqlab.json')).data).toMatchObject({ file: 'rain.monthly.csv', columns: { time: 'month', timeFormat: 'YYYY-MM', targets: ['rain'] } });
    expect((await runCli(['data', path.join(work, 'rain.monthly.seqlab.json')])).code).toBe(0);
    expect((await runCli(['init', path.join(work, 'rain.monthly.csv'), '--as-monthly-series', '--force'])).err).toContain('is not a years × months table');
  });
});

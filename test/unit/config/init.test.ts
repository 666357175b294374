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

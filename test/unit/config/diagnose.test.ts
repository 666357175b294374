// diagnoseConfig: every problem of a config's text at once, each with its JSON pointer and the range of
// the text it is about: syntax (with the offset), schema, semantics, and what the data file says
// (columns it lacks, windows longer than a split or too few, memory), reading only the file's head and a
// streamed row count unless asked to prepare the data.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diagnoseConfig, type ConfigProblem } from '../../../engine/config/diagnose';
import { setMemorySource } from '../../../engine/config/memory';
import { tempDir, writeForecastData, writeTextData } from '../helpers/tinyRuns';

let dir: string;
let configFile: string;
beforeEach(() => {
  dir = tempDir();
  writeForecastData(dir); // date,temperature,load; 240 rows
  configFile = path.join(dir, 'series.seqlab.json');
});
afterEach(() => setMemorySource(null));

const text = (value: unknown) => JSON.stringify(value, null, 2);
const config = (data: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => text({ data: { file: 'series.csv', window: 12, ...data }, ...rest });
/** Problems as [path, severity, the text the range covers]. */
const where = (source: string, problems: ConfigProblem[]) => problems.map((p) => [p.path, p.severity, p.offset === undefined ? undefined : source.slice(p.offset, p.offset + (p.length ?? 0))]);

describe('the text alone', () => {
  it('a valid config has no problems', async () => {
    expect(await diagnoseConfig(config(), configFile)).toEqual([]);
  });

  it('JSON syntax: the message and the offset of the first error', async () => {
    const source = '{\n  "data": { "file": "series.csv", },\n  "model": {}\n}';
    const [problem, ...rest] = await diagnoseConfig(source, configFile);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ path: '', severity: 'error', message: 'not valid JSON: expected a key in double quotes, found "},"' });
    expect(problem.offset).toBe(source.indexOf('},'));
    const deep = await diagnoseConfig(`{"data":${'['.repeat(500)}${']'.repeat(500)}}`, configFile);
    expect(deep).toMatchObject([{ path: '', message: expect.stringMatching(/nested more than 64 levels deep/), offset: 8 + 63 }]);
  });

  it('every schema error, not just the first, each at its value (an unknown key at the key)', async () => {
    const source = config({ window: 0, missing: 'maybe' }, { model: { hiddenSize: 'big' }, training: { batchSize: -1, speed: 'fast' } });
    const problems = await diagnoseConfig(source, configFile);
    expect(where(source, problems)).toEqual(expect.arrayContaining([
      ['/data/window', 'error', '0'],
      ['/data/missing', 'error', '"maybe"'],
      ['/model/hiddenSize', 'error', '"big"'],
      ['/training/batchSize', 'error', '-1'],
      ['/training/speed', 'error', '"speed"'],
    ]));
    expect(problems).toHaveLength(5);
    expect(problems.find((p) => p.path === '/training/speed')?.message).toMatch(/^unknown key "speed"; expected one of: epochs, batchSize/);
  });

  it('a missing required key is placed on the object that lacks it', async () => {
    const source = text({ model: { hiddenSize: 8 } });
    expect(where(source, await diagnoseConfig(source, configFile))).toEqual([['/data', 'error', source]]);
  });

  it('every semantic check a schema cannot express', async () => {
    const source = config({ task: 'classify', split: { train: 0.7, validation: 0.2, test: 0.2 }, columns: { time: 'date', targets: ['load', 'temperature'], features: ['load', 'date'] } });
    const problems = await diagnoseConfig(source, configFile);
    expect(where(source, problems)).toEqual([
      ['/data/split', 'error', source.slice(source.indexOf('{', source.indexOf('"split"')), source.indexOf('}', source.indexOf('"split"')) + 1)],
      ['/data/columns/targets', 'error', source.slice(source.indexOf('[', source.indexOf('"targets"')), source.indexOf(']', source.indexOf('"targets"')) + 1)],
      ['/data/columns/features/1', 'error', '"date"'],
    ]);
    expect(problems[0].message).toBe('train + validation + test must be 1, got 1.1');
  });

  it('the bundled samples\' configs have no problems', async () => {
    const samples = path.join(__dirname, '../../../samples');
    for (const name of fs.readdirSync(samples).filter((file) => file.endsWith('.seqlab.json'))) {
      const file = path.join(samples, name);
      expect([name, await diagnoseConfig(fs.readFileSync(file, 'utf8'), file)]).toEqual([name, []]);
    }
  });

  it('data: false checks the text only', async () => {
    expect(await diagnoseConfig(config({ file: 'nowhere.csv' }), configFile, { data: false })).toEqual([]);
  });
});

describe('what the data says', () => {
  it('columns the file does not have, with the nearest name', async () => {
    const source = config({ columns: { time: 'day', targets: ['Load'], features: ['temperature', 'humidity'] } });
    const problems = await diagnoseConfig(source, configFile);
    expect(where(source, problems)).toEqual([
      ['/data/columns/time', 'error', '"day"'],
      ['/data/columns/targets/0', 'error', '"Load"'],
      ['/data/columns/features/1', 'error', '"humidity"'],
    ]);
    expect(problems[1]).toMatchObject({ message: 'no column "Load" in series.csv; its columns are: date, temperature, load', hint: 'did you mean "load"?' });
  });

  it('a data file that is missing or a folder', async () => {
    const [missing] = await diagnoseConfig(config({ file: 'gone.csv' }), configFile);
    expect(missing).toMatchObject({ path: '/data/file', severity: 'error', message: `${path.join(dir, 'gone.csv')}: data file not found` });
    fs.mkdirSync(path.join(dir, 'folder.csv'));
    const [folder] = await diagnoseConfig(config({ file: 'folder.csv' }), configFile);
    expect(folder.message).toMatch(/data file is a folder/);
  });

  it('a window longer than a split is an error; a split with few windows a warning', async () => {
    const long = config({ window: 40 });
    const problems = await diagnoseConfig(long, configFile);
    expect(where(long, problems)).toEqual([['/data/window', 'error', '40'], ['/data/window', 'error', '40']]);
    expect(problems[0].message).toBe('the validation split has 36 row(s) of the file\'s 240, too few for one window of 40 plus horizon 1');
    const few = config({ window: 31 });
    expect(await diagnoseConfig(few, configFile)).toMatchObject([{ path: '/data/window', severity: 'warning', message: 'the validation split has only 5 window(s) of 31 row(s): its metrics will be noisy' }]);
  });

  it('text: a seqLength longer than a split', async () => {
    writeTextData(dir);
    const source = text({ data: { file: 'story.txt', task: 'text', seqLength: 5000 } });
    const problems = await diagnoseConfig(source, configFile);
    expect(where(source, problems)[0]).toEqual(['/data/seqLength', 'error', '5000']);
    expect(problems[0].message).toMatch(/^the train split has \d+ character\(s\) of the file's \d+, too few for one window of 5000 plus the next character$/);
  });

  it('a config that would not fit in memory, at the setting to lower', async () => {
    setMemorySource({ freeBytes: () => 6 << 20, limitBytes: () => 0, residentBytes: () => 0 });
    const source = config({}, { model: { hiddenSize: 64 }, training: { batchSize: 256 } });
    const problems = await diagnoseConfig(source, configFile);
    expect(where(source, problems)).toEqual([['/training/batchSize', 'error', '256']]);
    expect(problems[0].message).toMatch(/^training this config needs about [\d.]+ MiB of memory .* but only 6 MiB is available/);
    expect(problems[0].hint).toMatch(/^lower training\.batchSize to \d+ or less/);
    expect(await diagnoseConfig(source, configFile, { memory: false })).toEqual([]);
  });

  it('a bad cell far down the file: found only when asked to prepare the data', async () => {
    const csv = path.join(dir, 'series.csv');
    const lines = fs.readFileSync(csv, 'utf8').split('\n');
    lines[200] = lines[200].replace(/,[^,]*$/, ',n/a');
    fs.writeFileSync(csv, lines.join('\n'));
    expect(await diagnoseConfig(config(), configFile)).toEqual([]);
    const [problem] = await diagnoseConfig(config(), configFile, { prepare: true });
    expect(problem).toMatchObject({ path: '/data/file', severity: 'error', message: 'series.csv, row 200, column "load": expected a number, got "n/a"', hint: 'leave the cell empty for a missing value' });
  });
});

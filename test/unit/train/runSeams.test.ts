// What the editor needs from a run, beyond training: a config given as parsed JSON, a change label,
// paths that survive a moved or copied workspace, the baselines with the start event, the optimiser
// step with each epoch, and a reader for run folders and their events.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../engine/cli/command';
import { main } from '../../../engine/cli/main';
import { isSeqLabError } from '../../../engine/errors';
import { readRunEvents, readRunFolder } from '../../../engine/runs/readRun';
import { resumeRun, startRun } from '../../../engine/runs/session';
import type { EpochEvent, StartEvent, TrainingEvent } from '../../../engine/train/events';
import { decodeTrainingState } from '../../../engine/train/state';
import { tempDir, writeClassifyData, writeConfig, writeForecastData } from '../helpers/tinyRuns';

const quiet = { onEvent: () => {}, shouldStop: () => false };

function events(runDir: string): TrainingEvent[] {
  return readRunEvents(runDir);
}

describe('startRun options', () => {
  it('trains the config given as parsed JSON (an unsaved editor), records it, the label and both kinds of path', async () => {
    const dir = tempDir();
    const configFile = writeConfig(dir, 'series', { file: writeForecastData(dir), task: 'forecast', window: 12 });
    const unsaved = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    unsaved.model.hiddenSize = 5; // the file on disk says 8
    const runDir = path.join(dir, 'runs', 'one');
    const { summary } = await startRun({ configFile, config: unsaved, runDir, epochs: 1, label: 'model.hiddenSize 8→5' }, quiet);
    expect(summary.status).toBe('completed');
    const record = readRunFolder(runDir);
    expect(record.config.model.hiddenSize).toBe(5);
    expect(record.info).toMatchObject({
      configFile, dataFile: path.join(dir, 'series.csv'), label: 'model.hiddenSize 8→5',
      relative: { configFile: '../../series.seqlab.json', dataFile: '../../series.csv' },
    });
    expect(record.info.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.state).toMatchObject({ kind: 'completed' });
    expect(decodeTrainingState(new Uint8Array(fs.readFileSync(path.join(runDir, 'checkpoint.bin'))), runDir).state.setup.spec.hiddenSize).toBe(5);
  });

  it('refuses a config given as JSON that breaks the schema, naming the path, and writes nothing', async () => {
    const dir = tempDir();
    const configFile = writeConfig(dir, 'series', { file: writeForecastData(dir), task: 'forecast', window: 12 });
    const bad = { ...JSON.parse(fs.readFileSync(configFile, 'utf8')), training: { batchSize: 'large' } };
    const error = await startRun({ configFile, config: bad }, quiet).catch((e: unknown) => e);
    expect(isSeqLabError(error) && error.where).toMatchObject({ file: configFile, path: '/training/batchSize' });
    expect(fs.existsSync(path.join(dir, '.seqlab'))).toBe(false);
  });
});

describe('events for the panel', () => {
  it('start carries the baselines’ validation metrics; every epoch its optimiser step', async () => {
    const dir = tempDir();
    const configFile = writeConfig(dir, 'weather', { file: writeClassifyData(dir), task: 'classify', window: 6, columns: { targets: ['weather'] } });
    const seen: TrainingEvent[] = [];
    const { summary, runDir } = await startRun({ configFile, runDir: path.join(dir, 'run') }, { onEvent: (e) => seen.push(e), shouldStop: () => false });
    const start = seen[0] as StartEvent;
    expect(Object.keys(start.baselines)).toEqual(['majority']);
    expect(start.baselines.majority).toEqual(summary.baselines.majority.val);
    const epochs = seen.filter((e): e is EpochEvent => e.type === 'epoch');
    expect(epochs.map((e) => e.step)).toEqual([1, 2, 3].map((k) => k * start.batchesPerEpoch));
    for (const epoch of epochs) {
      const lastBatch = seen.slice(0, seen.indexOf(epoch)).filter((e) => e.type === 'batch').at(-1);
      expect(epoch.step).toBe(lastBatch?.type === 'batch' && lastBatch.step);
    }
    expect(events(runDir)).toEqual(JSON.parse(JSON.stringify(seen)));
  });
});

describe('a moved or copied workspace', () => {
  it('resumes and evaluates through the paths relative to the run folder once the original is gone', async () => {
    const original = tempDir();
    const configFile = writeConfig(original, 'series', { file: writeForecastData(original), task: 'forecast', window: 12 });
    const whole = await startRun({ configFile, runDir: path.join(original, '.seqlab', 'runs', 'whole') }, quiet);
    let batches = 0;
    await startRun({ configFile, runDir: path.join(original, '.seqlab', 'runs', 'split') }, { onEvent: (e) => { if (e.type === 'batch') batches++; }, shouldStop: () => batches === 14 });
    const copy = path.join(tempDir(), 'workspace');
    fs.cpSync(original, copy, { recursive: true }); // new modification times: the data is recognised by its hash
    fs.rmSync(original, { recursive: true });
    const resumed = await resumeRun(path.join(copy, '.seqlab', 'runs', 'split'), quiet);
    expect(resumed.summary.status).toBe('completed');
    expect(resumed.summary.metrics).toEqual(whole.summary.metrics);
    expect(fs.readFileSync(path.join(copy, '.seqlab', 'runs', 'split', 'model.onnx')).equals(fs.readFileSync(path.join(copy, '.seqlab', 'runs', 'whole', 'model.onnx')))).toBe(true);
    const out: string[] = [];
    const code = await main(['eval', path.join(copy, '.seqlab', 'runs', 'whole'), '--json'], { out: (t) => out.push(t), err: () => {}, interrupted: new AbortController().signal, isTTY: false });
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(out.join('')).metrics).toEqual(whole.summary.metrics);
  });

  it('resumes a copy whose original workspace moved on (its data changed), and refuses a copy whose own data changed', async () => {
    const original = tempDir();
    const configFile = writeConfig(original, 'series', { file: writeForecastData(original), task: 'forecast', window: 12 });
    await startRun({ configFile, runDir: path.join(original, 'run'), epochs: 1 }, { onEvent: () => {}, shouldStop: () => true });
    const copy = path.join(tempDir(), 'workspace');
    fs.cpSync(original, copy, { recursive: true });
    fs.appendFileSync(path.join(original, 'series.csv'), '2021-01-01,1,2\n'); // the original moves on
    const resumed = await resumeRun(path.join(copy, 'run'), quiet);
    expect(resumed.summary.status).toBe('completed');
    fs.appendFileSync(path.join(copy, 'series.csv'), '2021-01-01,1,2\n');
    fs.rmSync(path.join(copy, 'run', 'summary.json'));
    const error = await resumeRun(path.join(copy, 'run'), quiet).catch((e: unknown) => e);
    expect(isSeqLabError(error) && error.message).toBe('the data file changed since the run started, so the run cannot continue exactly');
  });
});

describe('readRunEvents', () => {
  it('leaves out a torn last line and names a damaged one', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'metrics.jsonl');
    expect(readRunEvents(dir)).toEqual([]);
    fs.writeFileSync(file, '{"type":"checkpoint","epoch":1,"batch":0,"file":"x"}\n{"type":"batch","ep');
    expect(readRunEvents(dir)).toEqual([{ type: 'checkpoint', epoch: 1, batch: 0, file: 'x' }]);
    fs.writeFileSync(file, '{"type":"checkpoint","epoch":1,"batch":0,"file":"x"}\nnot json\n{}\n');
    const error = (() => { try { readRunEvents(dir); } catch (e) { return e; } })();
    expect(isSeqLabError(error) && error.describe()).toBe(`${file}, row 2: line 2 of metrics.jsonl is not a JSON event\n  hint: The file was edited or damaged; the run folder itself is intact.`);
  });
});

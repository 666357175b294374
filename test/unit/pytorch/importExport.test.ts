// export-pytorch and import-pytorch through the CLI: what the folder holds, an import that makes an
// ordinary run folder (no checkpoint; resume, eval and export say why they cannot), and bad export
// folders refused with a clear message and nothing written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../engine/cli/command';
import type { ExportManifest } from '../../../engine/pytorch/manifest';
import { encodeNpy, readNpy } from '../../../engine/pytorch/npy';
import type { RunInfo } from '../../../engine/runs/runFolder';
import type { RunSummary } from '../../../engine/runs/summary';
import type { TrainingEvent } from '../../../engine/train/events';
import { tempDir, writeClassifyData, writeConfig } from '../helpers/tinyRuns';
import { seqlab } from '../onnx/cli';
import { readEvents, trainPy } from './helpers';

let dir: string;
let exportDir: string;

beforeAll(async () => {
  dir = tempDir('seqlab-import-');
  const config = writeConfig(dir, 'weather', { file: writeClassifyData(dir), task: 'classify', window: 6, columns: { targets: ['weather'] } }, { training: { epochs: 3, batchSize: 16, seed: 7, earlyStopping: { patience: 0 } } });
  const exported = await seqlab(['export-pytorch', config, '--out', path.join(dir, 'export')]);
  expect(exported.code, exported.err).toBe(0);
  exportDir = path.join(dir, 'export');
  await trainPy(exportDir, ['--device', 'cpu']);
}, 120_000);

/** A copy of the trained export folder, at the same depth so data.file still resolves. */
function copyOfExport(name: string): string {
  const copy = path.join(dir, name);
  fs.cpSync(exportDir, copy, { recursive: true, preserveTimestamps: true });
  return copy;
}

describe('export-pytorch', () => {
  it('writes the data compactly, the initial weights, the batch order, train.py and a README', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(exportDir, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(manifest).toMatchObject({ format: 'seqlab-pytorch-export', formatVersion: 1, task: 'classify', orderEpochs: 3, data: { file: '../weather.csv' } });
    const series = readNpy(path.join(exportDir, 'data', 'series.npy'));
    expect(series.data).toBeInstanceOf(Float64Array);
    expect(series.shape).toEqual([300, 5]); // rows × features, not windows × window × features
    expect(readNpy(path.join(exportDir, 'init', 'order.npy')).shape).toEqual([3, manifest.perEpoch]);
    expect(readNpy(path.join(exportDir, 'init', 'params.npy')).shape).toEqual([manifest.parameters]);
    expect(JSON.parse(fs.readFileSync(path.join(exportDir, 'config.json'), 'utf8')).data.file).toBe('../weather.csv');
    expect(manifest.normalisation?.features.names).toEqual(['pressure', 'humidity', 'weather=cloud', 'weather=rain', 'weather=sun']);
    expect(fs.readFileSync(path.join(exportDir, 'README.md'), 'utf8')).toContain('torchrun --nnodes=2 --nproc_per_node=8');
    expect(fs.statSync(path.join(exportDir, 'train.py')).mode & 0o111).not.toBe(0);
  });

  it('exports a run folder as its config: the same data, initial weights and batch order, the run named as the source', async () => {
    const runDir = path.join(dir, 'trained');
    expect((await seqlab(['train', path.join(dir, 'weather.seqlab.json'), '--run-dir', runDir, '--epochs', '1'])).code).toBe(EXIT.ok);
    const fromRun = await seqlab(['export-pytorch', runDir, '--out', path.join(dir, 'from-run')]);
    expect(fromRun.code, fromRun.err).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'from-run', 'manifest.json'), 'utf8')) as ExportManifest;
    expect(manifest.source).toEqual({ config: path.join(dir, 'weather.seqlab.json'), run: runDir });
    for (const file of ['init/params.npy', 'init/order.npy', 'data/series.npy', 'data/validation.label.npy']) {
      expect(fs.readFileSync(path.join(dir, 'from-run', file)).equals(fs.readFileSync(path.join(exportDir, file))), file).toBe(true);
    }
  });

  it('refuses to overwrite, and needs --out', async () => {
    const again = await seqlab(['export-pytorch', path.join(dir, 'weather.seqlab.json'), '--out', exportDir]);
    expect(again).toMatchObject({ code: EXIT.badInput, err: expect.stringMatching(/already exists[\s\S]*--force/) });
    expect(await seqlab(['export-pytorch', path.join(dir, 'weather.seqlab.json')])).toMatchObject({ code: EXIT.badInput, err: expect.stringMatching(/--out DIR is required/) });
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('.seqlab-tmp-'))).toEqual([]);
  });
});

describe('import-pytorch', () => {
  it('makes an ordinary run folder from the engine\'s own evaluation, with no checkpoint', async () => {
    const runDir = path.join(dir, 'run');
    const imported = await seqlab(['import-pytorch', exportDir, '--run-dir', runDir]);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toMatch(/accuracy/);
    expect(fs.readdirSync(runDir).sort()).toEqual(['config.json', 'metrics.jsonl', 'model.onnx', 'run.json', 'summary.json']);
    const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as RunSummary;
    const result = JSON.parse(fs.readFileSync(path.join(exportDir, 'result', 'result.json'), 'utf8'));
    expect(summary).toMatchObject({ task: 'classify', status: 'completed', epochs: 3, bestEpoch: result.bestEpoch, model: path.join(runDir, 'model.onnx') });
    expect(Object.keys(summary.baselines)).toEqual(['majority']);
    const info = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8')) as RunInfo;
    expect(info.origin).toMatchObject({ kind: 'pytorch', exportDir, processes: 1, device: 'cpu' });
    expect(info.origin!.validationLoss.engine).toBeCloseTo(result.bestValLoss, 5);
    // train.py's events, then a sample from the best weights, then done: what the panel draws from.
    const events = readEvents(path.join(runDir, 'metrics.jsonl'));
    const torchEvents = readEvents(path.join(exportDir, 'result', 'metrics.jsonl'));
    expect(events.filter((e) => e.type === 'epoch')).toEqual(torchEvents.filter((e) => e.type === 'epoch'));
    expect(events.map((e) => e.type).slice(-2)).toEqual(['sample', 'done']);
    expect((events.at(-2) as Extract<TrainingEvent, { type: 'sample' }>).sample.task).toBe('classify');

    for (const command of [['resume', runDir], ['eval', runDir], ['export', runDir]]) {
      const refused = await seqlab(command);
      expect(refused.code).toBe(EXIT.badInput);
      expect(refused.err).toMatch(/trained with PyTorch \(cpu, 1 process\(es\)\) and imported from .*it has no checkpoint, so it cannot be resumed/);
    }
    const predicted = await seqlab(['predict', path.join(runDir, 'model.onnx'), path.join(dir, 'weather.csv')]);
    expect(predicted.code, predicted.err).toBe(0);
  });

  /** Each case damages a copy of the trained export folder (or returns another folder to import). */
  const BAD: { name: string; message: RegExp; damage: (folder: string) => string | void }[] = [
    { name: 'no manifest', message: /not a SeqLab export for PyTorch \(no manifest\.json\)/, damage: (f) => fs.rmSync(path.join(f, 'manifest.json')) },
    { name: 'a missing array', message: /data\/train\.start\.npy: missing: the manifest lists this array \(<i4 \[\d+\]\)/, damage: (f) => fs.rmSync(path.join(f, 'data', 'train.start.npy')) },
    {
      name: 'an array with another shape', message: /series\.npy: holds <f8 \[299, 5\], the manifest records <f8 \[300, 5\]/,
      damage: (f) => fs.writeFileSync(path.join(f, 'data', 'series.npy'), encodeNpy(new Float64Array(299 * 5), [299, 5])),
    },
    { name: 'a newer SeqLab', message: /exported by SeqLab 9\.0\.0; this is SeqLab 0\.1\.0/, damage: (f) => editJson<ExportManifest>(path.join(f, 'manifest.json'), (m) => (m.seqlabVersion = '9.0.0')) },
    { name: 'another format version', message: /expected seqlab-pytorch-export version 1/, damage: (f) => editJson<ExportManifest>(path.join(f, 'manifest.json'), (m) => (m.formatVersion = 2)) },
    { name: 'an edited config.json', message: /config\.json is not the config this folder was exported with/, damage: (f) => editJson<{ training: { batchSize: number } }>(path.join(f, 'config.json'), (c) => (c.training.batchSize = 8)) },
    {
      // A copy of the folder beside a copy of the data with one digit changed: same size, other content.
      name: 'a changed data file', message: /weather\.csv: the data file changed since the export \(size \d+ bytes, modified .*the content differs\)/,
      damage: (f) => {
        const elsewhere = path.join(dir, 'changed-data');
        fs.cpSync(f, path.join(elsewhere, 'export'), { recursive: true });
        const text = fs.readFileSync(path.join(dir, 'weather.csv'), 'utf8');
        const at = text.indexOf('0.', 40);
        fs.writeFileSync(path.join(elsewhere, 'weather.csv'), text.slice(0, at) + '1' + text.slice(at + 1));
        return path.join(elsewhere, 'export');
      },
    },
    { name: 'no result yet', message: /train\.py has not finished here \(no result\/result\.json\)/, damage: (f) => fs.rmSync(path.join(f, 'result', 'result.json')) },
    {
      name: 'weights of another shape', message: /result\/params\.npy: holds <f4 \[3\], the manifest records <f4 \[\d+\]/,
      damage: (f) => fs.writeFileSync(path.join(f, 'result', 'params.npy'), encodeNpy(new Float32Array(3), [3])),
    },
    { name: 'a broken event line', message: /metrics\.jsonl, row 2: not a JSON line/, damage: (f) => brokenLine(path.join(f, 'result', 'metrics.jsonl')) },
  ];
  for (const bad of BAD) {
    it(`refuses an export folder with ${bad.name}, writing nothing`, async () => {
      const copy = copyOfExport(`bad-${bad.name.replace(/\W+/g, '-')}`);
      const folder = bad.damage(copy) ?? copy;
      const runDir = path.join(dir, `run-${path.basename(copy)}`);
      const result = await seqlab(['import-pytorch', folder, '--run-dir', runDir]);
      expect(result.code).toBe(EXIT.badInput);
      expect(result.err).toMatch(bad.message);
      expect(result.err).not.toMatch(/internal error|\n\s+at /);
      expect(fs.existsSync(runDir)).toBe(false);
    });
  }

  it('accepts a copy of the data with the same content but another modification time (its SHA-256 matches)', async () => {
    const elsewhere = path.join(dir, 'copied-data');
    fs.cpSync(exportDir, path.join(elsewhere, 'export'), { recursive: true });
    fs.writeFileSync(path.join(elsewhere, 'weather.csv'), fs.readFileSync(path.join(dir, 'weather.csv')));
    fs.utimesSync(path.join(elsewhere, 'weather.csv'), new Date(), new Date(Date.now() + 120_000));
    const result = await seqlab(['import-pytorch', path.join(elsewhere, 'export'), '--run-dir', path.join(elsewhere, 'run')]);
    expect(result.code, result.err).toBe(0);
  });

  it('refuses an export folder moved away from its data, naming where it looked', async () => {
    const moved = path.join(dir, 'deeper', 'moved');
    fs.mkdirSync(path.dirname(moved));
    fs.cpSync(exportDir, moved, { recursive: true });
    const result = await seqlab(['import-pytorch', moved]);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.err).toMatch(/the data file the export was made from is not at \.\.\/weather\.csv \(relative to the export folder\)/);
  });
});

function editJson<T>(file: string, edit: (value: T) => void): void {
  const value = JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  edit(value);
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
}

function brokenLine(file: string): void {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines[1] = lines[1].slice(0, 20);
  fs.writeFileSync(file, lines.join('\n'));
}

// `seqlab explain` through the real CLI: trained runs (forecast LSTM, classify GRU, text LSTM) explained
// as JSON in the shape the panel draws (engine/explain/types.ts) and as a readable summary; bad input is
// exit 1 with a message that says what to pass; the run folder is not touched. And the test of the
// lag diagnostic on trained models: a random walk raises it, a well-fitting series does not.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../engine/cli/command';
import { diagnoseRun, explainRun } from '../../../engine/explain/run';
import type { DiagnosticsReport, ExplainReport, Grid } from '../../../engine/explain/types';
import { seqlab } from '../onnx/cli';
import { bundleCli, runCli } from '../helpers/cliProcess';
import { tempDir, writeClassifyData, writeConfig, writeForecastData, writeTextData } from '../helpers/tinyRuns';

/** Trains a small run on data written into a fresh folder by `data(dir)`; returns the run folder. */
async function trained(name: string, data: (dir: string) => Record<string, unknown>, overrides: Parameters<typeof writeConfig>[3] = {}): Promise<string> {
  const dir = tempDir('seqlab-explain-');
  const file = writeConfig(dir, name, data(dir), overrides);
  const runDir = path.join(dir, 'run');
  const result = await seqlab(['train', file, '--run-dir', runDir]);
  expect(result.code, result.err).toBe(EXIT.ok);
  return runDir;
}

async function explainJson(args: string[]): Promise<ExplainReport> {
  const result = await seqlab(['explain', ...args, '--json']);
  expect(result.code, result.err).toBe(EXIT.ok);
  return JSON.parse(result.out) as ExplainReport;
}

function expectGrid(grid: Grid, rows: number, steps: number): void {
  expect([grid.rows, grid.steps, grid.data.length]).toEqual([rows, steps, rows * steps]);
  expect(grid.data.every(Number.isFinite)).toBe(true);
}

/** Everything the panel will index is consistent: grids, labels, blocks, diagnostics. */
function checkShape(report: ExplainReport, features: string[], steps: number, cell: 'lstm' | 'gru', layers: number, hidden: number): void {
  expect(report.format).toBe('seqlab-explain/1');
  expect(report.input.features).toEqual(features);
  expect(report.input.steps).toBe(steps);
  expect(report.layers).toHaveLength(layers);
  const keys = cell === 'lstm' ? ['input', 'forget', 'output', 'candidate', 'cell', 'hidden'] : ['update', 'reset', 'candidate', 'hidden'];
  for (const layer of report.layers) {
    expect(layer.blocks.map((b) => b.key)).toEqual(keys);
    for (const block of layer.blocks) {
      expectGrid(block.values, hidden, steps);
      expect(block.unitVariance).toHaveLength(hidden);
      if (block.range === 'sigmoid') expect(block.values.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  }
  expect(report.saturation.gates).toHaveLength(layers * (cell === 'lstm' ? 4 : 3));
  const { attribution } = report;
  expectGrid(attribution.gradientTimesInput, features.length, steps);
  expectGrid(attribution.integratedGradients, features.length, steps);
  expect(attribution.integrationSteps).toBe(32);
  expect(attribution.completeness.error).toBeLessThan(1e-3 * Math.abs(attribution.completeness.difference) + 1e-5);
  expect(attribution.perFeature.map((f) => f.feature)).toEqual(features);
  expect(report.diagnostics.map((d) => d.id).sort()).toEqual(['collapse', 'lag-trap', 'leakage-duplicates', 'leakage-feature', 'overfit', 'underfit']);
  for (const d of report.diagnostics) expect(d.fix.length).toBeGreaterThan(10);
  expect(report.gradientNorms?.epochs).toEqual([1, 2, 3]);
  expect(report.gradientNorms?.norms[2]).toHaveLength(layers);
}

describe('seqlab explain', () => {
  let forecast: string;
  beforeAll(async () => {
    forecast = await trained('series', (dir) => ({ file: writeForecastData(dir), task: 'forecast', window: 12, horizon: 2 }));
  });

  it('forecast: JSON in the panel’s shape, for the last validation window by default', async () => {
    const before = fs.readdirSync(forecast).map((f) => [f, fs.statSync(path.join(forecast, f)).mtimeMs]);
    const report = await explainJson([forecast]);
    checkShape(report, ['temperature', 'load'], 12, 'lstm', 1, 8);
    expect(report.split).toBe('validation');
    expect(report.index).toBe(report.windowLabels.length - 1);
    const input = report.input;
    expect(input.kind === 'features' && input.times).toHaveLength(12);
    const target = report.attribution.target;
    expect(target.task === 'forecast' && [target.name, target.horizonStep]).toEqual(['load', 1]);
    expect(target.task === 'forecast' && target.time).toBe(report.windowLabels[report.index]); // the forecast chart's x
    expect(input.kind === 'features' && input.times?.[11]).toBe(report.windowLabels[report.index - 1]);
    expect(fs.readdirSync(forecast).map((f) => [f, fs.statSync(path.join(forecast, f)).mtimeMs])).toEqual(before);
  });

  it('forecast: --split test --index 0 --horizon 2, and the readable summary', async () => {
    const report = await explainJson([forecast, '--split', 'test', '--index', '0', '--horizon', '2', '--steps', '8']);
    expect([report.split, report.index, report.attribution.integrationSteps]).toEqual(['test', 0, 8]);
    const target = report.attribution.target;
    expect(target.task === 'forecast' && target.horizonStep).toBe(2);
    const text = await seqlab(['explain', forecast]);
    expect(text.code).toBe(EXIT.ok);
    for (const heading of ['Forecast of load', 'Which inputs mattered', 'Saturated gate values', 'Diagnostics', 'Gradient norm per gate block']) expect(text.out).toContain(heading);
  });

  it('explainRun with the process’s kernels left as installed gives the same explanation', async () => {
    const viaCli = await explainJson([forecast, '--index', '5']);
    const inPlace = JSON.parse(JSON.stringify(await explainRun(forecast, { index: 5, kernels: 'installed' }))) as ExplainReport;
    expect(inPlace.attribution).toEqual(viaCli.attribution); // the sequence runs on a float64 copy either way
    expect(inPlace.layers).toEqual(viaCli.layers);
    expect(inPlace.diagnostics.map((d) => d.status)).toEqual(viaCli.diagnostics.map((d) => d.status));
    // The runs view's call: the same diagnostics, without a sequence.
    expect(JSON.parse(JSON.stringify(await diagnoseRun(forecast)))).toEqual(viaCli.diagnostics);
  });

  it('--diagnostics: the diagnostics alone, the same as the full report’s, for the split asked', async () => {
    const full = await explainJson([forecast]);
    const result = await seqlab(['explain', forecast, '--diagnostics', '--json']);
    expect(result.code, result.err).toBe(EXIT.ok);
    const report = JSON.parse(result.out) as DiagnosticsReport;
    expect(Object.keys(report)).toEqual(['format', 'split', 'diagnostics']);
    expect([report.format, report.split]).toEqual(['seqlab-diagnostics/1', 'validation']);
    expect(report.diagnostics).toEqual(full.diagnostics);
    const test = JSON.parse((await seqlab(['explain', forecast, '--diagnostics', '--json', '--split', 'test'])).out) as DiagnosticsReport;
    expect(test.split).toBe('test');
    expect(test.diagnostics.find((d) => d.id === 'lag-trap')?.summary).toMatch(/on test/);
    const text = await seqlab(['explain', forecast, '--diagnostics']);
    expect(text.out.split('\n')[0]).toBe('Diagnostics (validation)');
    expect(text.out).not.toContain('Which inputs mattered');
    const mixed = await seqlab(['explain', forecast, '--diagnostics', '--index', '2']);
    expect(mixed.code).toBe(EXIT.badInput);
    expect(mixed.err).toMatch(/--index is about a window, and --diagnostics explains none/);
  });

  it('bad input: exit 1, a message that says what to pass, no stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [[forecast, '--index', '100000'], /--index 100000 is outside the validation split, which has \d+ window\(s\)[\s\S]*hint: Choose --index 0 to \d+/],
      [[forecast, '--split', 'train'], /--split must be val or test, got "train"/],
      [[forecast, '--index=-1'], /--index must be a whole number from 0, got "-1"/],
      [[forecast, '--index', '-1'], /Option '--index' argument is ambiguous/],
      [[forecast, '--index', 'last'], /--index must be a whole number/],
      [[forecast, '--horizon', '3'], /--horizon 3 is outside the run's horizon of 2 step\(s\)/],
      [[forecast, '--steps', '0'], /--steps must be a whole number from 1 to 4096/],
      [[path.join(forecast, 'nowhere')], /not a SeqLab run folder/],
      [[], /expected 1 argument\(s\), got 0/],
    ];
    for (const [args, message] of cases) {
      const result = await seqlab(['explain', ...args]);
      expect(result.code, args.join(' ')).toBe(EXIT.badInput);
      expect(result.err).toMatch(message);
      expect(result.err).not.toMatch(/\n\s+at /);
    }
  });

  it('classify (GRU, 2 layers) and text (LSTM over characters)', async () => {
    const classify = await trained('weather', (dir) => ({ file: writeClassifyData(dir), task: 'classify', window: 6 }), { model: { cell: 'gru', layers: 2 } });
    const report = await explainJson([classify, '--index', '3']);
    expect(report.input.features.slice(0, 2)).toEqual(['pressure', 'humidity']); // then the label's past, one-hot
    checkShape(report, report.input.features, 6, 'gru', 2, 8);
    const target = report.attribution.target;
    expect(target.task === 'classify' && ['sun', 'rain', 'cloud']).toContain(target.task === 'classify' ? target.className : '');
    expect(report.diagnostics.find((d) => d.id === 'lag-trap')?.status).toBe('not-applicable');

    const text = await trained('story', (dir) => ({ file: writeTextData(dir), task: 'text', seqLength: 16 }));
    const story = await explainJson([text, '--index', '0']);
    checkShape(story, ['token'], 16, 'lstm', 1, 8);
    expect(story.input.kind === 'tokens' && story.input.tokens.join('')).toHaveLength(16);
    // The sample text repeats three verses: every validation and test chunk has a twin in training.
    expect(story.diagnostics.find((d) => d.id === 'leakage-duplicates')?.status).toBe('raised');

    // A run explains only the data it trained on.
    fs.appendFileSync(path.join(path.dirname(classify), 'weather.csv'), '2021-01-01,0.5,0.5,sun\n');
    const changed = await seqlab(['explain', classify]);
    expect(changed.code).toBe(EXIT.badInput);
    expect(changed.err).toMatch(/weather\.csv: the data file changed since the run started/);
  });

  it('the real process: exit code and one JSON object on stdout', async () => {
    const cli = bundleCli(tempDir('seqlab-explain-cli-'));
    const ok = runCli(cli, ['explain', forecast, '--json']);
    expect(await ok.exited).toBe(EXIT.ok);
    expect(ok.events).toHaveLength(1); // the whole report, one line, flushed before exit
    expect((ok.events[0] as unknown as ExplainReport).format).toBe('seqlab-explain/1');
    const bad = runCli(cli, ['explain', forecast, '--index', '100000']);
    expect(await bad.exited).toBe(EXIT.badInput);
    expect(bad.stderr()).toMatch(/--index 100000 is outside/);
  });
});

describe('the lag diagnostic on trained models', () => {
  const day = (t: number) => new Date(Date.UTC(2020, 0, 1 + t)).toISOString().slice(0, 10);
  function series(dir: string, name: string, value: (t: number, noise: number) => number): string {
    let state = 12345;
    const noise = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0; // an LCG: the same file on every run
      return (state / 2 ** 32 - 0.5) * 3.4; // variance ≈ 1
    };
    const lines = ['day,value', ...Array.from({ length: 400 }, (_, t) => `${day(t)},${value(t, noise()).toFixed(4)}`)];
    fs.writeFileSync(path.join(dir, `${name}.csv`), lines.join('\n') + '\n');
    return `${name}.csv`;
  }
  const settings = { model: { hiddenSize: 16 }, training: { epochs: 15 } };

  it('a random walk raises it; a well-fitting periodic series does not', async () => {
    let level = 0;
    const walk = await trained('walk', (dir) => ({ file: series(dir, 'walk', (_, e) => (level += e)), task: 'forecast', window: 20 }), settings);
    const lag = (await explainJson([walk])).diagnostics.find((d) => d.id === 'lag-trap')!;
    expect(lag.status).toBe('raised');
    expect(lag.measures.corrShifted).toBeGreaterThan(0.9);

    const wave = await trained('wave', (dir) => ({ file: series(dir, 'wave', (t, e) => 10 * Math.sin((2 * Math.PI * t) / 10) + 0.3 * e), task: 'forecast', window: 20 }), settings);
    const clear = (await explainJson([wave])).diagnostics.find((d) => d.id === 'lag-trap')!;
    expect(clear.status, clear.summary).toBe('clear');
    expect(clear.measures.maeRatio).toBeLessThan(0.5);
  });
});

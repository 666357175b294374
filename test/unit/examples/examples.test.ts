// The classic LSTM examples (examples/*.seqlab.json): each config loads as it is, follows the classic
// tutorial's architecture, and — trained for a few epochs with its windows per epoch capped (the full
// runs take minutes to an hour here; examples/README.md has their results) — beats its baseline on the
// test split. Only epochs, maxWindowsPerEpoch and early stopping are changed for the test; everything
// else (data, model, batch, optimiser) is the example's. The two Moby Dick models need about 20 and 80
// steps to leave the unigram plateau: one capped epoch each (a second would cost another validation pass).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../engine/config/load';
import { startRun } from '../../../engine/runs/session';
import type { RunSummary } from '../../../engine/runs/summary';
import { tempDir } from '../helpers/tinyRuns';

const examples = path.resolve(__dirname, '../../../examples');

interface Example {
  config: string;
  /** What the classic tutorial fixes, checked against the config. */
  classic: { cell: 'lstm' | 'gru'; hiddenSize: number; layers: number; batchSize?: number; epochs?: number; seqLength?: number; tokenizer?: 'char' | 'word' };
  /** The test's caps. */
  epochs: number;
  maxWindowsPerEpoch: number | null;
  /** The model's test metric must beat every baseline's on these metrics. */
  beats: string[];
}

const EXAMPLES: Example[] = [
  { config: 'lstm-regression', classic: { cell: 'lstm', hiddenSize: 50, layers: 1, batchSize: 32, epochs: 100 }, epochs: 10, maxWindowsPerEpoch: null, beats: ['mae', 'rmse'] },
  { config: 'gru-regression', classic: { cell: 'gru', hiddenSize: 50, layers: 1, batchSize: 32, epochs: 100 }, epochs: 10, maxWindowsPerEpoch: null, beats: ['mae', 'rmse'] },
  { config: 'sequence-classification', classic: { cell: 'lstm', hiddenSize: 32, layers: 1 }, epochs: 10, maxWindowsPerEpoch: null, beats: ['accuracy', 'macroF1'] },
  { config: 'next-word', classic: { cell: 'lstm', hiddenSize: 50, layers: 1, tokenizer: 'word' }, epochs: 1, maxWindowsPerEpoch: 2560, beats: ['accuracy', 'perplexity'] },
  { config: 'char-lstm', classic: { cell: 'lstm', hiddenSize: 256, layers: 2, batchSize: 128, seqLength: 100, tokenizer: 'char' }, epochs: 1, maxWindowsPerEpoch: 2560, beats: ['bitsPerChar'] },
];

const HIGHER_IS_BETTER = new Set(['accuracy', 'macroF1']);

describe('the classic examples', () => {
  for (const example of EXAMPLES) {
    it(`${example.config}: the classic architecture, and a few capped epochs beat the baseline`, async () => {
      const file = path.join(examples, `${example.config}.seqlab.json`);
      const { config, dataFile } = loadConfig(file);
      const { classic } = example;
      expect({ cell: config.model.cell, hiddenSize: config.model.hiddenSize, layers: config.model.layers }).toEqual({ cell: classic.cell, hiddenSize: classic.hiddenSize, layers: classic.layers });
      if (classic.batchSize) expect(config.training.batchSize).toBe(classic.batchSize);
      if (classic.epochs) expect(config.training.epochs).toBe(classic.epochs);
      if (classic.seqLength) expect(config.data.seqLength).toBe(classic.seqLength);
      if (classic.tokenizer) expect(config.data.tokenizer.type).toBe(classic.tokenizer);

      // The example as it is, in a temp folder (the data where it is), with the test's caps.
      const dir = tempDir(`seqlab-example-${example.config}-`);
      const capped = structuredClone(config);
      capped.data.file = dataFile;
      capped.training.maxWindowsPerEpoch = example.maxWindowsPerEpoch;
      capped.training.earlyStopping.patience = 0;
      const copy = path.join(dir, `${example.config}.seqlab.json`);
      fs.writeFileSync(copy, JSON.stringify(capped));
      const { summary } = await startRun({ configFile: copy, runDir: path.join(dir, 'run'), epochs: example.epochs }, { onEvent: () => {}, shouldStop: () => false });
      expect(summary.status).toBe('completed');
      const model = summary.metrics.test as unknown as Record<string, number>;
      const line = (name: string) => `${name} ${model[name].toPrecision(4)} vs ${Object.entries(summary.baselines).map(([b, v]) => `${b} ${(v.test as unknown as Record<string, number>)[name].toPrecision(4)}`).join(', ')}`;
      console.log(`example ${example.config} (${example.epochs} epochs${example.maxWindowsPerEpoch ? ` of ${example.maxWindowsPerEpoch} windows` : ''}): ${example.beats.map(line).join('; ')}`);
      for (const name of example.beats) {
        for (const [baseline, metrics] of Object.entries(summary.baselines as RunSummary['baselines'])) {
          const theirs = (metrics.test as unknown as Record<string, number>)[name];
          if (HIGHER_IS_BETTER.has(name)) expect(model[name], `${name} against ${baseline}`).toBeGreaterThan(theirs);
          else expect(model[name], `${name} against ${baseline}`).toBeLessThan(theirs);
        }
      }
    }, 300_000);
  }

  it('waveforms.csv is what examples/data/make-waveforms.mjs generates', async () => {
    // @ts-expect-error: a plain .mjs script without type declarations
    const { renderWaveforms } = (await import('../../../examples/data/make-waveforms.mjs')) as { renderWaveforms: () => string };
    expect(fs.readFileSync(path.join(examples, 'data', 'waveforms.csv'), 'utf8') === renderWaveforms()).toBe(true);
  });
});

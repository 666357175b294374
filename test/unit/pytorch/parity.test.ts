// Parity: from SeqLab's exported initial weights and batch order (dropout 0), 20 optimiser steps of
// train.py (one process, float32, CPU) follow the engine's own loss trajectory within 1e-4 relative, and
// the validation losses of the epochs in between agree too. Three configs cover train.py's paths: an LSTM
// forecast (relative windows, two targets, horizon 2; RMSprop, Huber, step schedule), a GRU classifying
// right-padded sequences (SGD with momentum and weight decay, cosine schedule) and an LSTM word model
// (AdamW, clipping that binds on some steps).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportForPytorch } from '../../../engine/pytorch/exportFolder';
import { startRun } from '../../../engine/runs/session';
import type { TrainingEvent } from '../../../engine/train/events';
import { tempDir, writeForecastData } from '../helpers/tinyRuns';
import { batchLosses, epochEvents, largestRelativeGap, readEvents, trainPy } from './helpers';

const STEPS = 20;

/** 90 sequences of 4–12 steps, 3 features, labelled by the sign pattern of their mean (3 classes). */
function writeSequences(dir: string): string {
  const lines = ['id,step,a,b,c,label'];
  let state = 12345;
  const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
  for (let s = 0; s < 90; s++) {
    const label = ['up', 'down', 'flat'][s % 3];
    const drift = label === 'up' ? 0.3 : label === 'down' ? -0.3 : 0;
    const steps = 4 + Math.floor(next() * 9);
    for (let t = 0; t < steps; t++) lines.push(`q${s},${t},${(drift * t + next() - 0.5).toFixed(4)},${(Math.sin(t + s) + drift).toFixed(4)},${(next() * 2 - 1).toFixed(4)},${label}`);
  }
  fs.writeFileSync(path.join(dir, 'sequences.csv'), lines.join('\n') + '\n');
  return 'sequences.csv';
}

function writeWords(dir: string): string {
  const words = ['the', 'whale', 'ship', 'sea', 'sails', 'on', 'a', 'grey', 'at', 'dawn', 'sailor', 'said', 'far', 'below', 'call', 'me'];
  let state = 7;
  const parts: string[] = [];
  for (let i = 0; i < 3000; i++) {
    state = (state * 48271) % 2147483647;
    parts.push(words[state % words.length] + (i % 9 === 8 ? '.' : ''));
  }
  fs.writeFileSync(path.join(dir, 'words.txt'), parts.join(' '));
  return 'words.txt';
}

interface Case {
  name: string;
  /** The config's gradient clipping threshold, which binds on some of the 20 steps and not on others. */
  clips?: number;
  config: (dir: string) => Record<string, unknown>;
  /** Epochs the engine trains: enough for STEPS steps. */
  epochs: number;
}

const CASES: Case[] = [
  {
    name: 'LSTM ×2 forecast: relative windows, 2 targets, horizon 2; RMSprop, Huber, step schedule',
    epochs: 2,
    config: (dir) => ({
      data: { file: writeForecastData(dir), task: 'forecast', window: 12, horizon: 2, columns: { targets: ['temperature', 'load'] } },
      model: { cell: 'lstm', hiddenSize: 16, layers: 2, dropout: 0 },
      training: { batchSize: 16, seed: 7, loss: 'huber', huberDelta: 0.5, optimizer: { type: 'rmsprop', lr: 0.003, momentum: 0.5 }, schedule: { type: 'step', stepSize: 1, gamma: 0.5 }, earlyStopping: { patience: 0 } },
    }),
  },
  {
    name: 'GRU ×2 classify: right-padded sequences with lengths; SGD momentum, weight decay, cosine schedule',
    epochs: 3,
    config: (dir) => ({
      data: { file: writeSequences(dir), task: 'classify', window: 10, columns: { sequenceId: 'id', targets: ['label'], time: 'step' }, split: { train: 0.7, validation: 0.15, test: 0.15 } },
      model: { cell: 'gru', hiddenSize: 12, layers: 2, dropout: 0 },
      training: { batchSize: 7, seed: 11, optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 0.001 }, schedule: { type: 'cosine', minLr: 0.001 }, epochs: 4, earlyStopping: { patience: 0 } },
    }),
  },
  {
    name: 'LSTM word model: embedding, head on every step; a subset of windows per epoch; AdamW, clipping at 0.15',
    epochs: 2,
    clips: 0.15,
    config: (dir) => ({
      data: { file: writeWords(dir), task: 'text', seqLength: 16, tokenizer: { type: 'word' } },
      model: { cell: 'lstm', hiddenSize: 24, embedSize: 8, dropout: 0 },
      training: { batchSize: 8, seed: 5, maxWindowsPerEpoch: 80, gradClipNorm: 0.15, optimizer: { type: 'adamw', lr: 0.01, weightDecay: 0.01 }, earlyStopping: { patience: 0 } },
    }),
  },
];

describe('train.py follows the engine step for step', () => {
  for (const parity of CASES) {
    it(parity.name, async () => {
      const dir = tempDir('seqlab-parity-');
      const configFile = path.join(dir, 'parity.seqlab.json');
      fs.writeFileSync(configFile, JSON.stringify(parity.config(dir), null, 2));

      const engineEvents: TrainingEvent[] = [];
      await startRun({ configFile, runDir: path.join(dir, 'run'), epochs: parity.epochs }, { onEvent: (event) => engineEvents.push(event), shouldStop: () => false });
      const exported = await exportForPytorch({ source: configFile, out: path.join(dir, 'export') });
      expect(exported.manifest.batchesPerEpoch * parity.epochs).toBeGreaterThanOrEqual(STEPS);
      await trainPy(exported.dir, ['--device', 'cpu', '--max-steps', String(STEPS), '--dropout', '0']);
      const torchEvents = readEvents(path.join(exported.dir, 'result', 'metrics.jsonl'));

      const engine = batchLosses(engineEvents).slice(0, STEPS);
      if (parity.clips) {
        const norms = engineEvents.flatMap((e) => (e.type === 'batch' && e.step <= STEPS ? [e.gradNorm] : []));
        expect(norms.some((norm) => norm > parity.clips!) && norms.some((norm) => norm < parity.clips!)).toBe(true);
      }
      const torch = batchLosses(torchEvents);
      expect(torch).toHaveLength(STEPS);
      const gap = largestRelativeGap(torch, engine);
      const torchEpochs = epochEvents(torchEvents);
      const engineEpochs = epochEvents(engineEvents).slice(0, torchEpochs.length);
      expect(torchEpochs.length).toBeGreaterThanOrEqual(1);
      const valGap = largestRelativeGap(torchEpochs.map((e) => e.valLoss), engineEpochs.map((e) => e.valLoss));
      console.log(`parity ${parity.name.split(':')[0]}: ${STEPS} steps, largest relative loss gap ${gap.toExponential(2)}; validation loss of ${torchEpochs.length} epoch(s) ${valGap.toExponential(2)}`);
      expect(gap).toBeLessThan(1e-4);
      expect(valGap).toBeLessThan(1e-4);
      // The schedule and the metrics follow too: the learning rate of every epoch, and its validation metrics.
      expect(torchEpochs.map((e) => e.lr)).toEqual(engineEpochs.map((e) => e.lr));
      for (const [i, epoch] of torchEpochs.entries()) {
        for (const [name, value] of Object.entries(engineEpochs[i].val)) {
          if (typeof value === 'number') expect((epoch.val as unknown as Record<string, number>)[name]).toBeCloseTo(value, 3);
        }
      }
    });
  }

  it('a whole run: the plateau schedule lowers the rate and early stopping ends it at the same epochs', async () => {
    const dir = tempDir('seqlab-parity-');
    const configFile = path.join(dir, 'whole.seqlab.json');
    fs.writeFileSync(configFile, JSON.stringify({
      data: { file: writeForecastData(dir, 160), task: 'forecast', window: 8, columns: { targets: ['load'] } },
      model: { cell: 'gru', hiddenSize: 8, dropout: 0 },
      training: { epochs: 60, batchSize: 16, seed: 3, optimizer: { lr: 0.03 }, schedule: { type: 'plateau', patience: 1, factor: 0.5 }, earlyStopping: { patience: 3 } },
    }));
    const engineEvents: TrainingEvent[] = [];
    const { summary } = await startRun({ configFile, runDir: path.join(dir, 'run') }, { onEvent: (event) => engineEvents.push(event), shouldStop: () => false });
    const exported = await exportForPytorch({ source: configFile, out: path.join(dir, 'export') });
    await trainPy(exported.dir, ['--device', 'cpu']);
    const torchEvents = readEvents(path.join(exported.dir, 'result', 'metrics.jsonl'));
    const result = JSON.parse(fs.readFileSync(path.join(exported.dir, 'result', 'result.json'), 'utf8'));
    expect(summary.status).toBe('early-stopped');
    expect(summary.epochs).toBeLessThan(60);
    expect({ status: result.status, epochs: result.epochs, bestEpoch: result.bestEpoch }).toEqual({ status: summary.status, epochs: summary.epochs, bestEpoch: summary.bestEpoch });
    const lrs = epochEvents(engineEvents).map((e) => e.lr);
    expect(new Set(lrs).size).toBeGreaterThan(1); // the plateau schedule acted
    expect(epochEvents(torchEvents).map((e) => e.lr)).toEqual(lrs);
    const gap = largestRelativeGap(batchLosses(torchEvents), batchLosses(engineEvents));
    console.log(`whole run: ${summary.status} after ${summary.epochs} epochs (best ${summary.bestEpoch}) on both sides, ${batchLosses(engineEvents).length} steps, learning rates ${[...new Set(lrs)].join(' → ')}, largest relative loss gap ${gap.toExponential(2)}`);
    expect(gap).toBeLessThan(1e-4);
  });
});

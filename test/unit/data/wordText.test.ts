// Word-level text (data.tokenizer.type "word"): the vocabulary from the training split by frequency
// with a cap, windows of words, metrics per token against the unigram baseline, what init proposes,
// and that sampling and the ONNX export carry the tokenizer.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { proposeConfig } from '../../../engine/config/propose';
import { prepareData, type PreparedText } from '../../../engine/data/prepare';
import { PARAGRAPH } from '../../../engine/data/tokenize';
import { formatDataReport } from '../../../engine/data/report';
import { baselineMetrics } from '../../../engine/eval/baselines';
import { startRun } from '../../../engine/runs/session';
import { readOnnx } from '../../../engine/onnx/reader';
import { config, samples, writeFiles } from './helpers';
import { seqlab } from '../onnx/cli';

async function words(text: string, tokenizer: Record<string, unknown>, seqLength = 4, split = { train: 0.5, validation: 0.25, test: 0.25 }): Promise<PreparedText> {
  const dir = writeFiles({ 't.txt': text });
  const file = path.join(dir, 't.seqlab.json');
  const p = await prepareData(config({ file: 't.txt', task: 'text', seqLength, split, tokenizer: { type: 'word', ...tokenizer } }, {}, file), file);
  if (p.task !== 'text') throw new Error('expected text');
  return p;
}

describe('word tokens as data', () => {
  it('take the vocabulary from the training split only, most frequent first, with <unk> for the rest', async () => {
    // 12 tokens: train = first 6 ("b a b c b a"), validation and test hold "zebra", unseen in training.
    const p = await words('b a b c b a zebra a b a b a', {}, 2);
    expect(p.vocabulary).toEqual(['<unk>', 'b', 'a', 'c']);
    expect(p.tokenizer).toEqual({ type: 'word', lowercase: false });
    expect(Array.from(p.tokens('validation'))).toEqual([0, 2, 1]);
    expect(p.report.splits.validation.unknown).toBe(1);
    expect(p.splits.train.rows).toBe(6);
  });

  it('cap the vocabulary at maxVocabulary (<unk> included), lower-case on request, and say so in the report', async () => {
    const p = await words('The the THE whale Whale ship. The whale! the ship sea sea', { lowercase: true, maxVocabulary: 3 }, 2, { train: 0.6, validation: 0.2, test: 0.2 });
    expect(p.vocabulary).toEqual(['<unk>', 'the', 'whale']);
    expect(p.report.notes.some((note) => note.includes('training split has 4 distinct tokens; the 2 most frequent are kept'))).toBe(true);
    const report = formatDataReport(p.report);
    expect(report).toContain('word and punctuation tokens');
    expect(report).toMatch(/train\s+\d+ words/);
  });

  it('windows are seqLength tokens with the next token as target; decode joins with spacing', async () => {
    const p = await words('Call me Ishmael. Some years ago, never mind how long.\n\nCall me Ishmael. Some years ago, never mind how long.', {}, 5, { train: 0.5, validation: 0.25, test: 0.25 });
    const x = new Int32Array(10);
    const y = new Int32Array(10);
    p.fillBatch('train', [0, 1], x, y);
    expect(p.decode(x.subarray(0, 5))).toBe('Call me Ishmael. Some');
    expect(p.decode(y.subarray(0, 5))).toBe('me Ishmael. Some years');
    expect(p.decode(x.subarray(5))).toBe('years ago, never mind');
    expect(p.decode(p.encode('never mind'), 'Some years ago,')).toBe(' never mind');
    expect(p.vocabulary).toContain(PARAGRAPH);
  });

  it('score per-token perplexity and accuracy; the unigram baseline predicts the most frequent token', async () => {
    const p = await words('a b a c a b a c a b a c a b a c a b a c a b a c', {}, 3, { train: 0.5, validation: 0.25, test: 0.25 });
    const unigram = baselineMetrics(p, 'validation').unigram!;
    expect(Object.keys(unigram)).toEqual(['perplexity', 'accuracy']);
    // Validation targets (windows of 3 from "a b a c a b"): "b a c" → 1 of 3 is "a", the most frequent.
    expect(unigram).toMatchObject({ accuracy: 1 / 3 });
    // Add-one smoothed training counts: a 6+1, b 3+1, c 3+1, <unk> 0+1 over 12+4.
    expect((unigram as { perplexity: number }).perplexity).toBeCloseTo(Math.exp(-(Math.log(4 / 16) + Math.log(7 / 16) + Math.log(4 / 16)) / 3), 12);
  });
});

describe('seqlab init on text', () => {
  it('proposes word tokens for a text whose words are few for its length, characters for Moby Dick', async () => {
    const vocabulary = ['the', 'whale', 'ship', 'sea', 'sails', 'on', 'a', 'grey', 'at', 'dawn', 'sailor', 'said', 'far', 'below'];
    let text = '';
    let state = 1;
    for (let i = 0; i < 30_000; i++) {
      state = (state * 48271) % 2147483647;
      text += vocabulary[state % vocabulary.length] + (i % 12 === 11 ? '.\n' : ' ');
    }
    const dir = writeFiles({ 'small.txt': text });
    const proposal = await proposeConfig({ dataFile: path.join(dir, 'small.txt'), configFile: path.join(dir, 'small.seqlab.json') });
    expect(proposal.config.data.tokenizer).toEqual({ type: 'word', lowercase: true, maxVocabulary: vocabulary.length + 2 });
    expect(proposal.config.data.seqLength).toBe(50);
    const moby = await proposeConfig({ dataFile: path.join(samples, 'moby-dick.txt'), configFile: path.join(samples, 'x.seqlab.json') });
    expect(moby.config.data.tokenizer.type).toBe('char');
  });
});

describe('a word model end to end', () => {
  it('trains, reports perplexity and accuracy, samples words, and records the tokenizer in ONNX', async () => {
    const text = Array.from({ length: 150 }, (_, i) => ['The whale swam far below the sea.', 'Call me Ishmael, said the sailor.', 'A ship sails on the grey sea at dawn.'][i % 3]).join(' ');
    const dir = writeFiles({ 'story.txt': text });
    const file = path.join(dir, 'story.seqlab.json');
    fs.writeFileSync(file, JSON.stringify({
      data: { file: 'story.txt', task: 'text', seqLength: 12, tokenizer: { type: 'word', lowercase: true } },
      model: { hiddenSize: 16, embedSize: 8 },
      training: { epochs: 4, batchSize: 8, seed: 3, earlyStopping: { patience: 0 }, optimizer: { lr: 0.02 } },
    }));
    const samplesSeen: string[] = [];
    const { summary, runDir } = await startRun({ configFile: file, runDir: path.join(dir, 'run') }, {
      onEvent: (event) => { if (event.type === 'sample' && event.sample.task === 'text') samplesSeen.push(event.sample.prompt + event.sample.text); },
      shouldStop: () => false,
    });
    expect(Object.keys(summary.metrics.test!)).toEqual(['perplexity', 'accuracy']);
    const test = summary.metrics.test as { perplexity: number; accuracy: number };
    const unigram = summary.baselines.unigram.test as { perplexity: number; accuracy: number };
    expect(test.perplexity).toBeLessThan(unigram.perplexity);
    expect(test.accuracy).toBeGreaterThan(unigram.accuracy);
    // Samples are words joined with spaces, not glued characters.
    expect(samplesSeen.at(-1)).toMatch(/^[a-z,.]+( [a-z]+[,.]?)+/);
    const { metadata } = readOnnx(fs.readFileSync(path.join(runDir, 'model.onnx')));
    expect(metadata!.vocabulary!.tokenizer).toEqual({ type: 'word', lowercase: true });
    expect(metadata!.vocabulary!.tokens).toContain('ishmael');
    const prepared = (await prepareData(JSON.parse(fs.readFileSync(path.join(runDir, 'config.json'), 'utf8')), file)) as PreparedText;
    expect(prepared.vocabulary).toEqual(metadata!.vocabulary!.tokens);
    // seqlab sample: the prompt is tokenized (lower-cased) by the model's tokenizer, words come back spaced.
    const sampled = await seqlab(['sample', path.join(runDir, 'model.onnx'), '--prompt', 'Call me', '--length', '12', '--temperature', '0']);
    expect(sampled.code).toBe(0);
    expect(sampled.out).toMatch(/^Call me ishmael, said the sailor\. /);
    expect(sampled.out.split(' ').length).toBeGreaterThanOrEqual(10);
    const inspected = await seqlab(['inspect', path.join(runDir, 'model.onnx')]);
    expect(inspected.out).toMatch(/vocabulary \d+ word tokens, lower-cased: the /);
  });
});

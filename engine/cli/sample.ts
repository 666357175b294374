// `seqlab sample <model.onnx> [--prompt S] [--length N] [--temperature T] [--seed S]`: generates text
// with a text model. The prompt runs in one call; then each new token (a character, or a word or
// punctuation mark) is one call that carries the recurrent state (h, c) forward, so generation never
// re-reads the prefix. Prompts are tokenized and tokens joined by the model's own tokenizer (metadata).
import * as path from 'node:path';
import { CHAR_TOKENIZER, startToken, textCodec } from '../data/tokenize';
import { createRng, type Rng } from '../rng';
import { SeqLabError } from '../errors';
import { readModelFile } from '../runtime/modelCache';
import { SeqLabModel } from '../runtime/modelSession';
import { runTextStep, zeroTextState } from '../runtime/predictors';
import { EXIT, type Command } from './command';

export const sampleCommand: Command = {
  name: 'sample',
  summary: 'Generate text with a text model (.onnx), one token (character or word) per step.',
  usage: 'sample <model.onnx> [--prompt S] [--length N] [--temperature T] [--seed S]',
  help: [
    '--prompt S        text to start from (default: a line break)',
    '--length N        tokens (characters or words) to generate (default 200, at most 100000)',
    '--temperature T   > 0; lower is more conservative, 1 samples the model as trained, 0 always takes the likeliest (default 1)',
    '--seed S          integer seed for the sampling (default 1): the same seed gives the same text',
  ],
  options: { prompt: { type: 'string' }, length: { type: 'string' }, temperature: { type: 'string' }, seed: { type: 'string' } },
  positionals: [1, 1],
  async run(args, context) {
    const length = integerFlag(args.values.length, 'length', 200, 0, 100_000);
    const seed = integerFlag(args.values.seed, 'seed', 1, 0, 2 ** 53 - 1);
    const temperature = numberFlag(args.values.temperature, 'temperature', 1);
    const file = args.positionals[0];
    const model = await SeqLabModel.load(readModelFile(path.resolve(file), file), file);
    try {
      if (model.metadata.task !== 'text') throw new SeqLabError('BAD_ARGUMENT', `this is a ${model.metadata.task} model; run it with seqlab predict`, { file });
      const { tokens, unknown, tokenizer } = model.metadata.vocabulary!;
      const codec = textCodec(tokens, unknown, tokenizer ?? CHAR_TOKENIZER);
      const prompt = ((args.values.prompt as string | undefined) ?? '\n').replace(/\r\n?/g, '\n');
      if (prompt.length === 0) throw new SeqLabError('BAD_ARGUMENT', '--prompt must not be empty (leave it out to start from a line break)');
      // Tokens training never saw map to the unknown token, as in training; a prompt of whitespace only
      // (no word tokens) starts from a paragraph break.
      const encoded = Array.from(codec.encode(prompt));
      const ids = encoded.length > 0 ? encoded : [startToken(tokens, unknown)];
      let step = await runTextStep(model, ids, 1, ids.length, zeroTextState(model, 1));
      let logits = step.logits.subarray((ids.length - 1) * tokens.length);
      const rng = createRng(seed);
      const generated: number[] = [];
      for (let i = 0; i < length; i++) {
        const id = sampleToken(logits, temperature, rng);
        generated.push(id);
        step = await runTextStep(model, [id], 1, 1, step.state);
        logits = step.logits;
      }
      context.out(prompt + codec.decode(generated, prompt));
      return EXIT.ok;
    } finally {
      await model.release();
    }
  },
};

/** A token drawn from softmax(logits / temperature); temperature 0 takes the largest logit. */
export function sampleToken(logits: ArrayLike<number>, temperature: number, rng: Rng): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  if (temperature === 0) return best;
  const weights = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) total += weights[i] = Math.exp((logits[i] - logits[best]) / temperature);
  let u = rng.uniform() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return best; // rounding left u ≥ 0 after the last weight
}

function integerFlag(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!(typeof value === 'string' && /^\d+$/.test(value) && number >= min && number <= max)) {
    throw new SeqLabError('BAD_ARGUMENT', `--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return number;
}

function numberFlag(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!(typeof value === 'string' && value.trim() !== '' && Number.isFinite(number) && number >= 0 && number <= 100)) {
    throw new SeqLabError('BAD_ARGUMENT', `--${name} must be a number from 0 to 100, got ${JSON.stringify(value)}`);
  }
  return number;
}

// Text generation with an exported text model in onnxruntime: the one sampler behind `seqlab sample`
// and the editor's Predict (which runs the CLI in a child process). The prompt runs in one call; then
// each new token (a character, or a word or punctuation mark) is one call that carries the recurrent
// state (h, c) forward, so generation never re-reads the prefix. Prompts are tokenized and tokens
// joined by the model's own tokenizer (metadata; models from before word tokens are character-level). (The samples shown during training use the engine's own forward instead:
// engine/train/samples.ts, on the weights being trained.)
import { CHAR_TOKENIZER, startToken, textCodec } from '../data/tokenize';
import { createRng, type Rng } from '../rng';
import { SeqLabError } from '../errors';
import { samplingOf } from '../onnx/metadata';
import type { TextSampling } from '../onnx/metadataTypes';
import type { SeqLabModel } from './modelSession';
import { runTextStep, zeroTextState } from './predictors';

export interface SampleOptions extends Partial<TextSampling> {
  /** Seed of the draws: the same seed, prompt and settings give the same text. */
  seed?: number;
}

export interface SampledText {
  /** The settings used: the options over the model's recorded defaults. */
  settings: TextSampling & { seed: number };
  /** The generated text (without the prompt), joined as the model's tokenizer joins tokens. */
  text: string;
}

/** Generates `length` tokens after `prompt`; settings not given come from the model's metadata. */
export async function sampleText(model: SeqLabModel, options: SampleOptions = {}): Promise<SampledText> {
  if (model.metadata.task !== 'text') {
    throw new SeqLabError('BAD_ARGUMENT', `this is a ${model.metadata.task} model; run it with seqlab predict`, model.file === undefined ? {} : { file: model.file });
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const settings = { ...samplingOf(model.metadata), seed: 1, ...defined };
  const prompt = settings.prompt.replace(/\r\n?/g, '\n');
  if (prompt.length === 0) throw new SeqLabError('BAD_ARGUMENT', 'the prompt must not be empty (leave it out to start from the model\'s default)');
  const { tokens, unknown, tokenizer } = model.metadata.vocabulary!;
  const codec = textCodec(tokens, unknown, tokenizer ?? CHAR_TOKENIZER);
  // Tokens training never saw map to the unknown token, as in training; a prompt of whitespace only
  // (no word tokens) starts from a paragraph break.
  const encoded = Array.from(codec.encode(prompt));
  const ids = encoded.length > 0 ? encoded : [startToken(tokens, unknown)];
  let step = await runTextStep(model, ids, 1, ids.length, zeroTextState(model, 1));
  let logits = step.logits.subarray((ids.length - 1) * tokens.length);
  const rng = createRng(settings.seed);
  const generated: number[] = [];
  for (let i = 0; i < settings.length; i++) {
    const id = sampleToken(logits, settings.temperature, rng);
    generated.push(id);
    step = await runTextStep(model, [id], 1, 1, step.state);
    logits = step.logits;
  }
  const text = codec.decode(generated, prompt);
  return { settings: { ...settings, prompt }, text };
}

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

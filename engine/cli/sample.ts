// `seqlab sample <model.onnx> [--prompt S] [--length N] [--temperature T] [--seed S]`: generates text
// with a text model through the runtime's sampler (engine/runtime/sampler.ts, which Predict in the
// editor runs through this command too): one token (a character, or a word or punctuation mark) per
// step, tokenized and joined by the model's own tokenizer. Settings not given are the model's own,
// recorded at export.
import * as path from 'node:path';
import { SeqLabError } from '../errors';
import { readModelFile } from '../runtime/modelCache';
import { SeqLabModel } from '../runtime/modelSession';
import { sampleText } from '../runtime/sampler';
import { EXIT, type Command } from './command';

export { sampleToken } from '../runtime/sampler';

export const sampleCommand: Command = {
  usage: 'sample <model.onnx> [--prompt S] [--length N] [--temperature T] [--seed S]',
  help: [
    '--prompt S        text to start from',
    '--length N        tokens (characters or words) to generate (at most 100000)',
    '--temperature T   0 to 100; lower is more conservative, 1 samples the model as trained, 0 always takes the likeliest',
    '--seed S          integer seed for the sampling (default 1): the same seed gives the same text',
    "Without a flag, the model's own setting (config export.sampling when it was trained; models from before",
    'SeqLab recorded them: a line break, 200 characters, temperature 0.8).',
  ],
  options: { prompt: { type: 'string' }, length: { type: 'string' }, temperature: { type: 'string' }, seed: { type: 'string' } },
  positionals: [1, 1],
  async run(args, context) {
    const length = integerFlag(args.values.length, 'length', 0, 100_000);
    const seed = integerFlag(args.values.seed, 'seed', 0, 2 ** 53 - 1);
    const temperature = numberFlag(args.values.temperature, 'temperature');
    const prompt = args.values.prompt as string | undefined;
    if (prompt === '') throw new SeqLabError('BAD_ARGUMENT', "--prompt must not be empty (leave it out to start from the model's default)");
    const file = args.positionals[0];
    const model = await SeqLabModel.load(readModelFile(path.resolve(file), file), file);
    try {
      const { settings, text } = await sampleText(model, { prompt, length, temperature, seed });
      context.out(settings.prompt + text);
      return EXIT.ok;
    } finally {
      await model.release();
    }
  },
};

function integerFlag(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!(typeof value === 'string' && /^\d+$/.test(value) && number >= min && number <= max)) {
    throw new SeqLabError('BAD_ARGUMENT', `--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return number;
}

function numberFlag(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!(typeof value === 'string' && value.trim() !== '' && Number.isFinite(number) && number >= 0 && number <= 100)) {
    throw new SeqLabError('BAD_ARGUMENT', `--${name} must be a number from 0 to 100, got ${JSON.stringify(value)}`);
  }
  return number;
}

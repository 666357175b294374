// Text: the file is read as UTF-8 (CRLF and lone CR become LF, a BOM is dropped), split into tokens by
// data.tokenizer (characters, or words and punctuation: tokenize.ts), and split by token position into
// train / validation / test. The vocabulary comes from the training part only: <unk> (id 0), then the
// tokens seen in training (characters in code-point order; words from the most frequent down), at most
// tokenizer.maxVocabulary in all; every other token becomes <unk>. Windows are consecutive seqLength
// chunks: x = tokens[i .. i+T), y = tokens[i+1 .. i+T+1).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { SeqLabError } from '../errors';
import { statRegularFile } from '../io/files';
import { isOsError, osError } from '../io/osError';
import type { SeqLabConfig } from '../config/schema.generated';
import { checkBatch } from './forecast';
import { chronologicalRanges } from './split';
import { forEachToken, PARAGRAPH, textCodec, type TokenizerSpec } from './tokenize';
import { SPLIT_NAMES, UNK_TOKEN, type CompactData, type PreparedText, type SplitInfo, type SplitName } from './types';
import type { SplitReport } from './report';

/** A UTF-8 text file as one string, streamed (CRLF and lone CR become LF; a leading BOM is dropped). */
export async function readText(file: string): Promise<string> {
  statRegularFile(file, { what: 'text file', notFoundHint: "data.file is relative to the config file's folder" });
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const decoder = new StringDecoder('utf8');
  const parts: string[] = [];
  try {
    for await (const chunk of stream) parts.push(decoder.write(chunk as Buffer));
  } catch (error) {
    if (isOsError(error)) throw osError(error, { file, writing: false, what: 'the text file' });
    throw error;
  }
  parts.push(decoder.end());
  // Joined before the line-break rewrite, so a CRLF across two chunks is still one line break.
  const text = parts.join('').replace(/\r\n?/g, '\n');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The tokenizer a config asks for. */
export function tokenizerOf(config: SeqLabConfig): TokenizerSpec {
  return { type: config.data.tokenizer.type, lowercase: config.data.tokenizer.lowercase };
}

/** A text's tokens as ids into `types` (every distinct token, in order of first appearance). */
export function internTokens(text: string, spec: TokenizerSpec): { ids: Int32Array; types: string[] } {
  const idOf = new Map<string, number>();
  const types: string[] = [];
  let ids = new Int32Array(1 << 16);
  let length = 0;
  forEachToken(text, spec, (token) => {
    let id = idOf.get(token);
    if (id === undefined) {
      id = types.length;
      idOf.set(token, id);
      types.push(token);
    }
    if (length === ids.length) {
      const grown = new Int32Array(ids.length * 2);
      grown.set(ids);
      ids = grown;
    }
    ids[length++] = id;
  });
  return { ids: ids.subarray(0, length), types };
}

/**
 * The vocabulary from the training tokens: <unk> first, then at most maxVocabulary − 1 token types, the
 * most frequent in training (ties by the token's text, so the choice is deterministic). Characters are
 * then listed in code-point order, words from the most frequent down.
 */
export function buildVocabulary(trainIds: Int32Array, types: string[], spec: TokenizerSpec, maxVocabulary: number): string[] {
  const counts = new Float64Array(types.length);
  for (const id of trainIds) counts[id]++;
  const seen = types.map((_, id) => id).filter((id) => counts[id] > 0);
  const byText = (a: number, b: number) => (types[a] < types[b] ? -1 : types[a] > types[b] ? 1 : 0);
  let kept = seen.sort((a, b) => counts[b] - counts[a] || byText(a, b)).slice(0, maxVocabulary - 1);
  if (spec.type === 'char') kept = kept.sort((a, b) => (types[a].codePointAt(0) as number) - (types[b].codePointAt(0) as number));
  return [UNK_TOKEN, ...kept.map((id) => types[id])];
}

export async function prepareText(config: SeqLabConfig, dataFile: string, configFile: string): Promise<PreparedText> {
  const text = await readText(dataFile);
  if (text.length === 0) throw new SeqLabError('BAD_DATA', 'the text file is empty', { file: dataFile });
  const spec = tokenizerOf(config);
  const unit = spec.type === 'char' ? 'character' : 'token';
  const { ids, types } = internTokens(text, spec);
  const T = config.data.seqLength;
  const n = ids.length;
  if (n === 0) throw new SeqLabError('BAD_DATA', 'the text file has no words or punctuation, only whitespace', { file: dataFile });
  const ranges = chronologicalRanges(n, config.data.split);

  const vocabulary = buildVocabulary(ids.subarray(ranges.train.start, ranges.train.end), types, spec, config.data.tokenizer.maxVocabulary);
  const vocabularyId = new Map(vocabulary.map((token, id) => [token, id]));
  const idOfType = Int32Array.from(types, (token) => vocabularyId.get(token) ?? 0);
  const tokens = ids.map((id) => idOfType[id]);
  const codec = textCodec(vocabulary, 0, spec);

  const count = (split: SplitName) => Math.max(0, Math.floor((ranges[split].end - ranges[split].start - 1) / T));
  for (const split of SPLIT_NAMES) {
    if (count(split) < 1) {
      throw new SeqLabError('BAD_CONFIG', `the ${split} split has ${ranges[split].end - ranges[split].start} ${unit}(s), too few for one window of seqLength ${T} plus the next ${unit}`, { file: configFile, path: '/data/seqLength' }, 'lower data.seqLength or use a longer text');
    }
  }
  const splits = {} as Record<SplitName, SplitInfo>;
  const extras = {} as Record<SplitName, SplitReport>;
  for (const split of SPLIT_NAMES) {
    const { start, end } = ranges[split];
    splits[split] = { windows: count(split), start, end, rows: end - start, from: null, to: null };
    let unknown = 0;
    for (let i = start; i < end; i++) if (tokens[i] === 0) unknown++;
    extras[split] = { rows: end - start, windows: count(split), from: null, to: null, ...(split === 'train' ? {} : { unknown }) };
  }
  const notes = ['split by position: train is the beginning of the text, test its end'];
  const trainTypes = new Set(ids.subarray(ranges.train.start, ranges.train.end)).size;
  if (trainTypes + 1 > vocabulary.length) notes.push(`the training split has ${trainTypes} distinct ${unit}s; the ${vocabulary.length - 1} most frequent are kept (data.tokenizer.maxVocabulary), the rest become <unk>`);
  return {
    task: 'text',
    config,
    dataFile,
    window: T,
    outputSize: vocabulary.length,
    input: { kind: 'tokens', vocab: vocabulary.length },
    vocabulary,
    tokenizer: spec,
    splits,
    fillBatch(split, windows, x, y) {
      checkBatch(x, windows.length * T, 'x', y, windows.length * T);
      for (let b = 0; b < windows.length; b++) {
        const w = windows[b];
        if (!(w >= 0 && w < splits[split].windows)) throw new RangeError(`window ${w} is outside the ${split} split (${splits[split].windows} windows)`);
        const start = ranges[split].start + w * T;
        x.set(tokens.subarray(start, start + T), b * T);
        y.set(tokens.subarray(start + 1, start + T + 1), b * T);
      }
    },
    tokens: (split) => tokens.subarray(ranges[split].start, ranges[split].end),
    compact: () => ({
      series: tokens,
      width: 1,
      windows: Object.fromEntries(SPLIT_NAMES.map((split) => [split, { start: Int32Array.from({ length: splits[split].windows }, (_, w) => ranges[split].start + w * T) }])) as CompactData['windows'],
    }),
    encode: (value) => codec.encode(value),
    decode: (tokenIds, previous) => codec.decode(tokenIds, previous),
    report: {
      file: path.basename(dataFile),
      task: 'text',
      rowsRead: codePoints(text),
      rows: n,
      columns: [],
      time: null,
      missing: { policy: config.data.missing, cells: 0, filled: 0, droppedRows: 0, insertedRows: 0 },
      splits: extras,
      shape: { window: T, inputs: 1, outputs: vocabulary.length },
      scaling: null,
      tokenizer: spec.type,
      vocabulary: { size: vocabulary.length, sample: vocabularySample(vocabulary, spec) },
      notes,
    },
  };
}

/** Word-level when the words that make up 95% of the training text are few enough to learn from it. */
export const WORD_COVERAGE = 0.95;
/** Training tokens per vocabulary entry a word model needs (each word's embedding and output row). */
export const TOKENS_PER_WORD_TYPE = 100;

/**
 * What `seqlab init` proposes for a text: words (lower-cased, the vocabulary that covers 95% of the
 * training tokens) when that vocabulary is small for the amount of text, i.e. there are at least
 * TOKENS_PER_WORD_TYPE training tokens for each kept word; characters otherwise (most books: Moby Dick
 * needs about 6,000 words for 95% of its 200,000).
 */
export function proposeTokenizer(text: string, trainFraction: number): { type: 'char' | 'word'; lowercase: boolean; maxVocabulary: number; seqLength: number } {
  const spec: TokenizerSpec = { type: 'word', lowercase: true };
  const { ids, types } = internTokens(text, spec);
  const train = ids.subarray(0, Math.round(ids.length * trainFraction));
  const counts = new Float64Array(types.length);
  for (const id of train) counts[id]++;
  const sorted = Array.from(counts).filter((count) => count > 0).sort((a, b) => b - a);
  let covered = 0;
  let needed = 0;
  while (needed < sorted.length && covered < WORD_COVERAGE * train.length) covered += sorted[needed++];
  if (train.length > 0 && needed * TOKENS_PER_WORD_TYPE <= train.length) return { type: 'word', lowercase: true, maxVocabulary: needed + 1, seqLength: 50 };
  return { type: 'char', lowercase: false, maxVocabulary: 10000, seqLength: 100 };
}

function vocabularySample(vocabulary: string[], spec: TokenizerSpec): string {
  const show = (s: string) => (s === PARAGRAPH ? '¶' : s === '\n' ? '\\n' : s === '\t' ? '\\t' : s === ' ' ? '␠' : s);
  return spec.type === 'char' ? vocabulary.slice(1, 81).map(show).join('') : vocabulary.slice(1, 31).map(show).join(' ');
}

function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xdc00 || unit > 0xdfff) count++; // low surrogates finish a pair already counted
  }
  return count;
}

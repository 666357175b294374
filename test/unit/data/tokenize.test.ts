// Word and character tokens: the split rule, the spacing joinTokens puts back, and that the text it
// makes tokenizes to the same tokens (on Moby Dick and on random text).
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinTokens, PARAGRAPH, startToken, textCodec, tokenize, type TokenizerSpec } from '../../../engine/data/tokenize';
import { samples } from './helpers';

const WORD: TokenizerSpec = { type: 'word', lowercase: false };

describe('word tokens', () => {
  it('are words with inner apostrophes and hyphens, numbers, runs of one punctuation mark and paragraphs', () => {
    expect(tokenize('  "Don\'t," said the sea-captain -- 1,000 whales... (3.5%)!\n\nThen—silence.\nNo  more ', WORD)).toEqual([
      '"', "Don't", ',', '"', 'said', 'the', 'sea-captain', '--', '1,000', 'whales', '...', '(', '3.5', '%', ')', '!', PARAGRAPH,
      'Then', '—', 'silence', '.', 'No', 'more',
    ]);
    expect(tokenize('Café naïve Ærø 北京 ok', WORD)).toEqual(['Café', 'naïve', 'Ærø', '北京', 'ok']);
    expect(tokenize('The THE the', { type: 'word', lowercase: true })).toEqual(['the', 'the', 'the']);
    expect(tokenize('\n\nleading blank lines are not a paragraph', WORD)[0]).toBe('leading');
  });

  it('characters are code points, lower-cased on request', () => {
    expect(tokenize('Ab😀', { type: 'char', lowercase: false })).toEqual(['A', 'b', '😀']);
    expect(tokenize('Ab', { type: 'char', lowercase: true })).toEqual(['a', 'b']);
  });
});

describe('joinTokens', () => {
  it('spaces words, hugs punctuation, dashes and quotes', () => {
    const tokens = tokenize('“Call me Ishmael,” he said (twice).\n\nThen—"nothing" at all: 3.5 % ... ok', WORD);
    expect(joinTokens(tokens, WORD)).toBe('“Call me Ishmael,” he said (twice).\n\nThen—"nothing" at all: 3.5%... ok');
  });

  it('continues a prompt with the right space and an open quote', () => {
    expect(joinTokens(['whale', '.'], WORD, 'the white')).toBe(' whale.');
    expect(joinTokens(['whale'], WORD, 'the white ')).toBe('whale');
    expect(joinTokens(['.'], WORD, 'the white')).toBe('.');
    expect(joinTokens(['Ahab', '"', 'said'], WORD, 'he cried "')).toBe('Ahab" said');
    expect(joinTokens(['Ahab'], WORD, 'end.\n\n')).toBe('Ahab');
  });

  it('makes text that tokenizes back to the same tokens: Moby Dick', () => {
    const text = fs.readFileSync(path.join(samples, 'moby-dick.txt'), 'utf8').slice(0, 200_000);
    const tokens = tokenize(text, WORD);
    expect(tokenize(joinTokens(tokens, WORD), WORD)).toEqual(tokens);
  });

  it('makes text that tokenizes back to the same tokens: random text', () => {
    const piece = fc.constantFrom('a', 'Bb', "it's", 'x-y', '3', '1,5', '.', ',', '"', "'", '’', '‘', '(', ')', '-', '--', '—', '...', '!', '$', '%', ' ', '  ', '\n', '\n\n', 'é', '北');
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const tokens = tokenize(pieces.join(''), WORD);
      expect(tokenize(joinTokens(tokens, WORD), WORD)).toEqual(tokens);
    }), { numRuns: 500, seed: 16 });
  });
});

describe('textCodec', () => {
  it('encodes with the tokenizer, maps unknown tokens, and decodes with spacing', () => {
    const vocabulary = ['<unk>', 'the', 'whale', '.', PARAGRAPH];
    const codec = textCodec(vocabulary, 0, { type: 'word', lowercase: true });
    expect(Array.from(codec.encode('The white WHALE.\r\n\r\nThe'))).toEqual([1, 0, 2, 3, 4, 1]);
    expect(codec.decode([1, 0, 2, 3, 4, 1])).toBe('the <unk> whale.\n\nthe');
    expect(codec.decode([2, 3], 'Call the')).toBe(' whale.');
    const chars = textCodec(['<unk>', 'a', 'b'], 0, { type: 'char', lowercase: false });
    expect(Array.from(chars.encode('abz'))).toEqual([1, 2, 0]);
    expect(chars.decode([1, 0, 2])).toBe('a\uFFFDb');
  });

  it('starts generation from a paragraph or line break when a prompt has no tokens', () => {
    expect(startToken(['<unk>', 'a', PARAGRAPH], 0)).toBe(2);
    expect(startToken(['<unk>', '\n', 'a'], 0)).toBe(1);
    expect(startToken(['<unk>', 'a'], 0)).toBe(0);
  });
});

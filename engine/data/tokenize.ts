// Text ↔ tokens for the text task, in one place that every reader of a text model shares: the data
// layer (training windows), the panel's sample, `seqlab sample` and any onnxruntime sampler. Pure
// functions over strings, no I/O.
//
//   char  every code point is a token; joining is concatenation.
//   word  a token is a number ("1,000", "3.5"), a word (letters, marks and digits, with inner
//         apostrophes and hyphens: "don't", "sea-captain"), a run of one repeated punctuation mark
//         ("—", "...", "!!"), or PARAGRAPH for whitespace holding a blank line. Other whitespace only
//         separates. joinTokens puts the spaces back: none before closing marks, none after opening
//         marks, none around dashes, straight double quotes alternate between opening and closing; the
//         text it makes tokenizes back to the same tokens.
// Lower-casing (optional) happens before splitting, so "The" and "the" are one token.

export type TokenizerType = 'char' | 'word';

/** How text becomes tokens: what the config says and what ONNX metadata records. */
export interface TokenizerSpec {
  type: TokenizerType;
  lowercase: boolean;
}

export const CHAR_TOKENIZER: TokenizerSpec = { type: 'char', lowercase: false };

/** The token for a paragraph break (whitespace with a blank line in it). */
export const PARAGRAPH = '\n\n';

// Whitespace | a number with inner separators | a word (letters, combining marks, digits, joined by one
// apostrophe or hyphen) | a run of one punctuation mark.
const TOKEN = /(\s+)|\p{N}+(?:[.,:]\p{N}+)+|[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*|([^\s\p{L}\p{M}\p{N}])\2*/gu;

/** Calls `emit` for each token of `text`, in order (no array of strings for a whole book). */
export function forEachToken(text: string, spec: TokenizerSpec, emit: (token: string) => void): void {
  const source = spec.lowercase ? text.toLowerCase() : text;
  if (spec.type === 'char') {
    for (const ch of source) emit(ch);
    return;
  }
  let emitted = false;
  for (const match of source.matchAll(TOKEN)) {
    if (match[1] !== undefined) {
      // A blank line between tokens is a paragraph; leading whitespace is not.
      if (emitted && /\n[^\S\n]*\n/.test(match[1])) emit(PARAGRAPH);
      continue;
    }
    emit(match[0]);
    emitted = true;
  }
}

export function tokenize(text: string, spec: TokenizerSpec): string[] {
  const tokens: string[] = [];
  forEachToken(text, spec, (token) => tokens.push(token));
  return tokens;
}

const CLOSING = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}', '”', '’', "'", '»', '…', '%']);
const OPENING = new Set(['(', '[', '{', '“', '‘', '«', '¿', '¡', '$', '£', '€', '#']);
// Dashes hug both neighbours; a lone hyphen-minus does not (glued, "a - b" would read back as "a-b").
const DASHES = /^(?:[‐‑‒–—―]+|--+)$/u;
const PUNCTUATION = /^[^\s\p{L}\p{M}\p{N}]/u;
const QUOTE = '"';

/**
 * Tokens back to text with sensible spacing. `previous` is the text the tokens continue (a prompt):
 * its last token decides whether the first one gets a space, and a quote it left open stays open.
 */
export function joinTokens(tokens: readonly string[], spec: TokenizerSpec, previous = ''): string {
  if (spec.type === 'char') return tokens.join('');
  let before: string | null = null;
  let quoteOpen = false;
  if (previous.length > 0) {
    const earlier = tokenize(previous, spec);
    for (const token of earlier) if (token === QUOTE) quoteOpen = !quoteOpen;
    before = /\s$/.test(previous) && !/\n[^\S\n]*\n\s*$/.test(previous) ? ' ' : (earlier.at(-1) ?? ' ');
    if (/\n[^\S\n]*\n\s*$/.test(previous)) before = PARAGRAPH;
  }
  let text = '';
  for (const token of tokens) {
    let space = before !== null && before !== ' ' && before !== PARAGRAPH && !OPENING.has(before) && !DASHES.test(before);
    if (before === QUOTE && quoteOpen) space = false; // right after an opening quote
    if (token === PARAGRAPH || CLOSING.has(token[0]) || DASHES.test(token)) space = false;
    if (token === QUOTE) {
      quoteOpen = !quoteOpen;
      if (!quoteOpen) space = false; // a closing quote hugs the word before it
    }
    // Two runs of one mark glued would read back as one run ("." "." is not "..").
    if (before !== null && before[0] === token[0] && PUNCTUATION.test(token) && before !== PARAGRAPH) space = true;
    text += (space ? ' ' : '') + token;
    before = token;
  }
  return text;
}

/** The text a token id stands for when shown: unknown ids read as U+FFFD (char) or <unk> (word). */
export interface TextCodec {
  spec: TokenizerSpec;
  vocabulary: readonly string[];
  /** Token ids of `text`; tokens outside the vocabulary become the unknown id. */
  encode(text: string): Int32Array;
  /** Text of token ids, continuing `previous` (spacing at the seam, open quotes). */
  decode(ids: ArrayLike<number>, previous?: string): string;
}

/** What generation starts from when a prompt has no tokens (e.g. only whitespace): a paragraph break or a
 *  line break if the vocabulary has one, else the unknown token. */
export function startToken(vocabulary: readonly string[], unknown: number): number {
  for (const token of [PARAGRAPH, '\n']) {
    const id = vocabulary.indexOf(token);
    if (id >= 0) return id;
  }
  return unknown;
}

/** Encoder and decoder for a vocabulary (token i is vocabulary[i]) made by a tokenizer. */
export function textCodec(vocabulary: readonly string[], unknown: number, spec: TokenizerSpec): TextCodec {
  const idOf = new Map(vocabulary.map((token, id) => [token, id]));
  const unknownText = spec.type === 'char' ? '\uFFFD' : vocabulary[unknown];
  return {
    spec,
    vocabulary,
    encode(text) {
      const ids: number[] = [];
      forEachToken(text.replace(/\r\n?/g, '\n'), spec, (token) => ids.push(idOf.get(token) ?? unknown));
      return Int32Array.from(ids);
    },
    decode(ids, previous = '') {
      const tokens = Array.from(ids, (id) => (id >= 0 && id < vocabulary.length && id !== unknown ? vocabulary[id] : unknownText));
      return joinTokens(tokens, spec, previous);
    },
  };
}

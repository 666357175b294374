// Config text before it is a value: JSON syntax errors with their offset, line and column, and a bound on
// nesting. JSON.parse itself copes with deep nesting, but everything after it (the schema validator,
// structuredClone) recurses once per level, so `[[[[…]]]]` a hundred thousand levels deep would end in a
// stack overflow; a SeqLab config is five levels deep at most, so anything past MAX_DEPTH is refused.
// jsonc-parser's ESM build: its UMD main requires its parts by computed paths, which esbuild cannot bundle.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js';

export const MAX_DEPTH = 64;

export interface JsonTextError {
  message: string;
  /** 0-based offset into the text (a leading BOM excluded) where the problem is, and its length. */
  offset: number;
  length: number;
  /** 1-based line and column of `offset`. */
  line: number;
  column: number;
  hint: string;
}

const SYNTAX_HINT = 'a .seqlab.json is plain JSON: no comments, no trailing commas, keys in double quotes';

/** Parses config text (a leading BOM is skipped) or returns where and why it is not usable JSON. */
export function parseJsonText(text: string): { value: unknown; error?: undefined } | { value?: undefined; error: JsonTextError } {
  const body = stripBom(text);
  const deep = tooDeep(body);
  if (deep !== null) return { error: at(body, deep, 1, `nested more than ${MAX_DEPTH} levels deep; a SeqLab config has at most five`, 'is this a SeqLab config? compare it with the one `seqlab init` writes') };
  try {
    return { value: JSON.parse(body) };
  } catch (error) {
    // V8's message does not always carry the position ("Unexpected token '}', … is not valid JSON"):
    // jsonc-parser (strict: no comments, no trailing commas) says where the first error is.
    const errors: ParseError[] = [];
    parse(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const v8 = (error as Error).message.replace(/,? ?(in JSON )?at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
    if (!first) return { error: at(body, body.length, 0, `not valid JSON: ${v8}`) };
    return { error: at(body, first.offset, first.length, `not valid JSON: ${describeParseError(printParseErrorCode(first.error), body, first.offset)}`) };
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describeParseError(code: string, text: string, offset: number): string {
  const found = offset >= text.length ? 'the end of the text' : JSON.stringify(text.slice(offset, offset + 12).split(/[\r\n]/)[0]);
  const expected: Record<string, string> = {
    PropertyNameExpected: 'a key in double quotes', ValueExpected: 'a value', ColonExpected: 'a colon', CommaExpected: 'a comma',
    CloseBraceExpected: 'a closing }', CloseBracketExpected: 'a closing ]', EndOfFileExpected: 'the end of the text',
  };
  if (expected[code]) return `expected ${expected[code]}, found ${found}`;
  if (code === 'InvalidCommentToken') return 'comments are not allowed in JSON';
  if (code === 'UnexpectedEndOfString') return 'a string is not closed';
  return `${code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} at ${found}`;
}

/** Offset of the bracket that opens level MAX_DEPTH + 1 (outside strings), or null. */
function tooDeep(text: string): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > MAX_DEPTH) return i;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return null;
}

function at(text: string, offset: number, length: number, message: string, hint = SYNTAX_HINT): JsonTextError {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { message, offset, length, line, column: offset - before.lastIndexOf('\n'), hint };
}

// Character-level text: the file is read as a stream of UTF-8 characters (code points; CRLF becomes LF),
// split by position into train / validation / test, and the vocabulary comes from the training part only:
// every other character becomes the one <unk> token (id 0). Windows are consecutive seqLength chunks:
// x = chars[i .. i+T), y = chars[i+1 .. i+T+1).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { SeqLabError } from '../errors';
import { statRegularFile } from '../io/files';
import { isOsError, osError } from '../io/osError';
import type { SeqLabConfig } from '../config/schema.generated';
import { checkBatch } from './forecast';
import { chronologicalRanges } from './split';
import { SPLIT_NAMES, UNK_TOKEN, type PreparedText, type SplitInfo, type SplitName } from './types';
import type { SplitReport } from './report';

/** Code points of a UTF-8 text file, streamed (CRLF and lone CR become LF; a BOM is dropped). */
export async function readCodePoints(file: string): Promise<Int32Array> {
  statRegularFile(file, { what: 'text file', notFoundHint: "data.file is relative to the config file's folder" });
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const decoder = new StringDecoder('utf8');
  let out = new Int32Array(1 << 16);
  let length = 0;
  let pendingCR = false;
  const push = (cp: number) => {
    if (length === out.length) {
      const next = new Int32Array(out.length * 2);
      next.set(out);
      out = next;
    }
    out[length++] = cp;
  };
  const consume = (text: string) => {
    for (const ch of text) {
      const cp = ch.codePointAt(0) as number;
      if (pendingCR) {
        pendingCR = false;
        if (cp === 10) continue; // the LF of a CRLF, already written
      }
      if (cp === 13) {
        push(10);
        pendingCR = true;
      } else if (!(cp === 0xfeff && length === 0)) push(cp);
    }
  };
  try {
    for await (const chunk of stream) consume(decoder.write(chunk as Buffer));
  } catch (error) {
    if (isOsError(error)) throw osError(error, { file, writing: false, what: 'the text file' });
    throw error;
  }
  consume(decoder.end());
  return out.subarray(0, length);
}

export async function prepareText(config: SeqLabConfig, dataFile: string, configFile: string): Promise<PreparedText> {
  const codePoints = await readCodePoints(dataFile);
  const T = config.data.seqLength;
  const n = codePoints.length;
  if (n === 0) throw new SeqLabError('BAD_DATA', 'the text file is empty', { file: dataFile });
  const ranges = chronologicalRanges(n, config.data.split);

  // Vocabulary: the training part's characters, sorted, after <unk>.
  const seen = new Set<number>();
  for (let i = ranges.train.start; i < ranges.train.end; i++) seen.add(codePoints[i]);
  const sorted = [...seen].sort((a, b) => a - b);
  const vocabulary = [UNK_TOKEN, ...sorted.map((cp) => String.fromCodePoint(cp))];
  const idOf = new Map(sorted.map((cp, i) => [cp, i + 1]));
  const tokens = Int32Array.from(codePoints, (cp) => idOf.get(cp) ?? 0);

  const count = (split: SplitName) => Math.max(0, Math.floor((ranges[split].end - ranges[split].start - 1) / T));
  for (const split of SPLIT_NAMES) {
    if (count(split) < 1) {
      throw new SeqLabError('BAD_CONFIG', `the ${split} split has ${ranges[split].end - ranges[split].start} character(s), too few for one window of seqLength ${T} plus the next character`, { file: configFile, path: '/data/seqLength' }, 'lower data.seqLength or use a longer text');
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
  const show = (s: string) => (s === '\n' ? '\\n' : s === '\t' ? '\\t' : s === ' ' ? '␠' : s);
  return {
    task: 'text',
    config,
    dataFile,
    window: T,
    outputSize: vocabulary.length,
    input: { kind: 'tokens', vocab: vocabulary.length },
    vocabulary,
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
    encode(text) {
      const ids: number[] = [];
      for (const ch of text.replace(/\r\n?/g, '\n')) ids.push(idOf.get(ch.codePointAt(0) as number) ?? 0);
      return Int32Array.from(ids);
    },
    decode: (ids) => Array.from(ids as ArrayLike<number>, (id) => (id > 0 && id < vocabulary.length ? vocabulary[id] : '\uFFFD')).join(''),
    report: {
      file: path.basename(dataFile),
      task: 'text',
      rowsRead: n,
      rows: n,
      columns: [],
      time: null,
      missing: { policy: config.data.missing, cells: 0, filled: 0, droppedRows: 0, insertedRows: 0 },
      splits: extras,
      shape: { window: T, inputs: 1, outputs: vocabulary.length },
      scaling: null,
      vocabulary: { size: vocabulary.length, sample: vocabulary.slice(1, 81).map(show).join('') },
      notes: ['split by position: train is the beginning of the text, test its end'],
    },
  };
}

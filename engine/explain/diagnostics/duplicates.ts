// Leakage by duplication: validation or test windows whose input equals a training window exactly (a file
// appended to itself, one recording twice). Forecast windows are compared in original units over every
// feature; classify windows (or whole sequences) as the model sees them, with their length; text chunks by
// their characters. Windows in which every feature is constant are skipped: flat stretches repeat naturally.
// Raised when at least 1 % of the validation and test windows, or at least 10 of them, have a twin.
import type { PreparedData, SplitName } from '../../data/types';
import { windowLabel } from '../sequence';
import type { Diagnostic, MatchesEvidence } from '../types';
import { splitTimeline } from './leakage';

export const DUPLICATE_SHARE = 0.01;
export const DUPLICATE_COUNT = 10;
const EXAMPLES = 20;

/** Writes window w's content into `out` and returns how many values it has. */
type Reader = (split: SplitName, w: number, out: Float64Array) => number;

export function duplicateWindows(data: PreparedData): Diagnostic {
  const { read, width, size } = readerOf(data);
  const scratch = new Float64Array(size);
  const other = new Float64Array(size);
  const trainByHash = new Map<number, number[]>();
  for (let w = 0; w < data.splits.train.windows; w++) {
    const n = read('train', w, scratch);
    if (isFlat(scratch, n, width)) continue;
    const key = hash(scratch, n);
    const list = trainByHash.get(key);
    if (list) list.push(w);
    else trainByHash.set(key, [w]);
  }
  const checked: MatchesEvidence['checked'] = [];
  const examples: MatchesEvidence['examples'] = [];
  for (const split of ['validation', 'test'] as const) {
    const W = data.splits[split].windows;
    let matched = 0;
    for (let w = 0; w < W; w++) {
      const n = read(split, w, scratch);
      if (isFlat(scratch, n, width)) continue;
      const twin = trainByHash.get(hash(scratch, n))?.find((t) => read('train', t, other) === n && equal(scratch, other, n));
      if (twin === undefined) continue;
      matched++;
      if (examples.length < EXAMPLES) examples.push({ split, window: w, trainWindow: twin, label: windowLabel(data, split, w), trainLabel: windowLabel(data, 'train', twin) });
    }
    checked.push({ split, windows: W, matched });
  }
  const total = checked.reduce((sum, c) => sum + c.windows, 0);
  const matched = checked.reduce((sum, c) => sum + c.matched, 0);
  const raised = matched > 0 && (matched >= DUPLICATE_COUNT || matched / total >= DUPLICATE_SHARE);
  const what = data.task === 'classify' && data.sequenceIdColumn ? 'sequences' : data.task === 'text' ? 'chunks' : 'windows';
  return {
    id: 'leakage-duplicates',
    title: 'Leakage: the same data in training and validation/test',
    status: raised ? 'raised' : 'clear',
    summary: matched
      ? `${matched} of ${total} validation and test ${what} (${Number(((100 * matched) / total).toPrecision(2))} %) equal a training one exactly, e.g. ${examples[0].label} and ${examples[0].trainLabel}`
      : `no validation or test ${what.slice(0, -1)} equals a training one (${total} checked; ${what} with every feature constant are skipped)`,
    fix: 'Remove the repeated rows, sequences or text (a file appended to itself, the same recording twice), so that validation and test measure unseen data.',
    measures: { checked: total, matched, share: total ? Number((matched / total).toPrecision(4)) : 0 },
    evidence: [{ kind: 'matches', title: `${what[0].toUpperCase()}${what.slice(1)} with an identical training twin`, checked, examples }, splitTimeline(data)],
  };
}

function readerOf(data: PreparedData): { read: Reader; width: number; size: number } {
  const T = data.window;
  if (data.task === 'text') {
    const x = new Int32Array(T);
    const y = new Int32Array(T);
    return { width: 1, size: T, read: (split, w, out) => (data.fillBatch(split, [w], x, y), out.set(x), T) };
  }
  const F = data.input.size;
  if (data.task === 'forecast') {
    return {
      width: F, size: T * F,
      read: (split, w, out) => {
        const first = data.lastRow(split, w) - T + 1;
        out.set(data.rawFeatures.subarray(first * F, (first + T) * F));
        return T * F;
      },
    };
  }
  const x = new Float64Array(T * F);
  const label = new Int32Array(1);
  const length = new Int32Array(1);
  return {
    width: F, size: T * F,
    read: (split, w, out) => {
      data.fillBatch(split, [w], x, label, length);
      out.set(x.subarray(0, length[0] * F));
      return length[0] * F;
    },
  };
}

/** Every feature (column of width) constant over the window. */
function isFlat(values: Float64Array, n: number, width: number): boolean {
  for (let i = width; i < n; i++) if (values[i] !== values[i - width]) return false;
  return true;
}

/** FNV-1a over the values' float64 bits. */
function hash(values: Float64Array, n: number): number {
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  return h >>> 0;
}

function equal(a: Float64Array, b: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

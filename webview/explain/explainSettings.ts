import type { BlockKey, ExplainSplit } from '../../engine/types';
import type { SortScope, UnitSort } from './unitOrder';

// What the Explain view remembers across reloads (through the panel's webview state): whether the
// inspector is open, the window it shows and how. Never data: the host sends the report again (from its
// cache). Read defensively like the rest of the panel's state: a bad field falls back to its default.

export type AttributionMethod = 'integratedGradients' | 'gradientTimesInput';
/** Gate and state colours over their whole range (0–1, ±1: every map comparable), or stretched over the map's own values. */
export type ColourRange = 'full' | 'stretched';

export interface ExplainSettings {
  /** The inspector is open: only then does the host compute anything. */
  readonly open: boolean;
  /** The run the window below belongs to; another run selected starts again at its last window. */
  readonly runId: string | null;
  readonly split: ExplainSplit;
  /** The window; null for the split's last (what `seqlab explain` shows by default). */
  readonly index: number | null;
  readonly layer: number;
  readonly sort: UnitSort;
  readonly scope: SortScope;
  readonly method: AttributionMethod;
  readonly range: ColourRange;
}

export const DEFAULT_EXPLAIN_SETTINGS: ExplainSettings = {
  open: false, runId: null, split: 'validation', index: null, layer: 0, sort: 'index', scope: 'each', method: 'integratedGradients', range: 'full',
};

const SORTS: readonly UnitSort[] = ['index', 'variance', 'saturation'];
const SCOPES: readonly SortScope[] = ['each', 'input', 'forget', 'output', 'candidate', 'cell', 'hidden', 'update', 'reset'] satisfies readonly ('each' | BlockKey)[];
const METHODS: readonly AttributionMethod[] = ['integratedGradients', 'gradientTimesInput'];

const isWhole = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

export function readExplainSettings(saved: unknown): ExplainSettings {
  const value = (typeof saved === 'object' && saved !== null ? saved : {}) as Readonly<Record<string, unknown>>;
  const d = DEFAULT_EXPLAIN_SETTINGS;
  const oneOf = <T>(list: readonly T[], candidate: unknown, fallback: T): T => (list.includes(candidate as T) ? candidate as T : fallback);
  return {
    open: typeof value.open === 'boolean' ? value.open : d.open,
    runId: typeof value.runId === 'string' ? value.runId : d.runId,
    split: oneOf<ExplainSplit>(['validation', 'test'], value.split, d.split),
    index: isWhole(value.index) ? value.index : d.index,
    layer: isWhole(value.layer) ? value.layer : d.layer,
    sort: oneOf(SORTS, value.sort, d.sort),
    scope: oneOf(SCOPES, value.scope, d.scope),
    method: oneOf(METHODS, value.method, d.method),
    range: oneOf<ColourRange>(['full', 'stretched'], value.range, d.range),
  };
}

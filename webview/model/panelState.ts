import { clampSmoothing } from './smoothing';
import type { SortOrder } from './tableRows';

// What the panel remembers across reloads through the webview state (vscode.setState): the user's
// view settings, never data (the host sends the data again). Whatever getState() returns is read
// defensively: an older or damaged state falls back to the defaults field by field.

export interface PanelState {
  readonly logScale: boolean;
  /** EMA weight of the per-batch loss, 0 (off) to MAX_SMOOTHING. */
  readonly smoothing: number;
  /** Runs the user hid in the legend, by id. */
  readonly hidden: readonly string[];
  /** The run "What the model does" shows; null follows the newest run. */
  readonly selected: string | null;
  readonly sort: SortOrder;
  /** Which target the forecast view shows, for data with several. */
  readonly forecastTarget: number;
}

export const DEFAULT_PANEL_STATE: PanelState = {
  // Loss curves span orders of magnitude (a regression's MSE falls from ~1 to ~1e-3): on a linear axis
  // the first batches flatten everything after them. The toolbar turns it off.
  logScale: true,
  smoothing: 0.6,
  hidden: [],
  selected: null,
  sort: { key: 'run', descending: false },
  forecastTarget: 0,
};

const SORT_KEY = /^(run|state|epochs|parameters|seconds|(val|test):(mae|rmse|smape|mase|accuracy|macroF1|bitsPerChar|perplexity))$/;

export function readPanelState(saved: unknown): PanelState {
  const value = (typeof saved === 'object' && saved !== null ? saved : {}) as Readonly<Record<string, unknown>>;
  const sort = (typeof value.sort === 'object' && value.sort !== null ? value.sort : {}) as Readonly<Record<string, unknown>>;
  const defaults = DEFAULT_PANEL_STATE;
  return {
    logScale: typeof value.logScale === 'boolean' ? value.logScale : defaults.logScale,
    smoothing: typeof value.smoothing === 'number' ? clampSmoothing(value.smoothing) : defaults.smoothing,
    hidden: Array.isArray(value.hidden) ? value.hidden.filter((id): id is string => typeof id === 'string') : defaults.hidden,
    selected: typeof value.selected === 'string' ? value.selected : defaults.selected,
    sort: typeof sort.key === 'string' && SORT_KEY.test(sort.key)
      ? { key: sort.key as SortOrder['key'], descending: sort.descending === true }
      : defaults.sort,
    forecastTarget: Number.isInteger(value.forecastTarget) && (value.forecastTarget as number) >= 0
      ? value.forecastTarget as number : defaults.forecastTarget,
  };
}

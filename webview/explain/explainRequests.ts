import type { ExplainSplit } from '../../engine/types';
import type { WebviewToHost } from '../protocol';

// Which explanation the Explain view wants, as a key and as the message that asks the host for it; and
// the window a click on the forecast chart means. Pure.

export interface ExplainTarget {
  readonly runId: string;
  readonly split: ExplainSplit;
  /** null: the split's last window. */
  readonly index: number | null;
}

/** One string per (run, split, window): the host caches reports by the same triple. */
export function explainKey(target: ExplainTarget): string {
  return JSON.stringify([target.runId, target.split, target.index]);
}

export function explainRequest(target: ExplainTarget): WebviewToHost {
  return { type: 'explain', runId: target.runId, split: target.split, index: target.index };
}

/**
 * The validation window whose forecast is point `point` of the forecast chart. The chart shows the last
 * `points` validation windows' one-step forecasts, point i being window W − points + i (engine/train/
 * samples.ts), and each window's label is the time of that point, so a time found among the labels is
 * the surest answer. `labels` are the split's window labels (from a report); null while none is known.
 */
export function windowOfForecastPoint(point: number, points: number, times: readonly string[] | null, labels: readonly string[] | null): number | null {
  if (!labels || labels.length === 0 || !Number.isInteger(point) || point < 0 || point >= points) return null;
  const time = times?.[point];
  if (time) {
    const found = labels.lastIndexOf(time);
    if (found >= 0) return found;
  }
  const index = labels.length - points + point;
  return index >= 0 && index < labels.length ? index : null;
}

export type Wanted =
  | { readonly state: 'closed' | 'no-run' | 'waiting' }
  | { readonly state: 'wanted'; readonly target: ExplainTarget };

/**
 * What the Explain view needs from the host now: nothing while the inspector is closed (nothing is ever
 * computed then), nothing before the selected run has best weights (its first epoch), else the chosen
 * window of that run (the window choice belongs to the run it was made for: another run starts at its
 * split's last window).
 */
export function wantedExplanation(
  settings: { readonly open: boolean; readonly runId: string | null; readonly split: ExplainSplit; readonly index: number | null },
  run: { readonly id: string; readonly bestEpoch: number | null } | null,
): Wanted {
  if (!settings.open) return { state: 'closed' };
  if (!run) return { state: 'no-run' };
  if (run.bestEpoch === null || run.bestEpoch < 1) return { state: 'waiting' };
  const index = settings.runId === run.id ? settings.index : null;
  return { state: 'wanted', target: { runId: run.id, split: settings.split, index } };
}

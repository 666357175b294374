import type { Diagnostic } from '../../engine/index';
import type { DiagnosticsResult, RunStateKind } from '../../webview/protocol';

// How the Runs view marks a run whose diagnostics found a problem: a warning marker with the problems'
// names after its description, and each problem's one-line summary and fix in its tooltip. Pure.

/** Ended runs, whose best weights can be diagnosed (a failed or diverged one may have none: the CLI says so). */
export const ENDED_STATES: ReadonlySet<RunStateKind> = new Set<RunStateKind>(['completed', 'early-stopped', 'stopped', 'diverged', 'failed']);

export interface RunWarnings {
  /** After the item's description, e.g. "⚠ Lag trap" or "⚠ Lag trap +1". */
  readonly marker: string;
  /** For screen readers, e.g. "warnings: Lag trap, Underfit". */
  readonly spoken: string;
  readonly problems: readonly Pick<Diagnostic, 'id' | 'title' | 'summary' | 'fix'>[];
}

export function runWarnings(result: DiagnosticsResult | undefined): RunWarnings | null {
  if (result?.status !== 'done') return null;
  const problems = result.diagnostics.filter((d) => d.status === 'raised');
  if (problems.length === 0) return null;
  const more = problems.length > 1 ? ` +${problems.length - 1}` : '';
  return {
    marker: `⚠ ${problems[0].title}${more}`,
    spoken: `warning${problems.length > 1 ? 's' : ''}: ${problems.map((d) => d.title).join(', ')}`,
    problems: problems.map(({ id, title, summary, fix }) => ({ id, title, summary, fix })),
  };
}

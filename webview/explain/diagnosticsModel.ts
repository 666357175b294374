import type { Diagnostic, TimelineEvidence } from '../../engine/types';
import type { RunMeta } from '../protocol';

// What the diagnostics section shows, decided without the DOM: whether a run's diagnostics can be asked
// for yet, the marker and words of each verdict, and the split timeline's proportions. Pure.

/** States in which a run has ended, with weights to diagnose (a failed or diverged one may have none: the host says so). */
const ENDED: ReadonlySet<RunMeta['state']> = new Set(['completed', 'early-stopped', 'stopped', 'diverged', 'failed']);

export function hasEnded(meta: Pick<RunMeta, 'state'> | null): boolean {
  return meta !== null && ENDED.has(meta.state);
}

export const STATUS_MARKS: Readonly<Record<Diagnostic['status'], string>> = { raised: '⚠', clear: '✓', 'not-applicable': '–' };
export const STATUS_WORDS: Readonly<Record<Diagnostic['status'], string>> = { raised: 'found', clear: 'not found', 'not-applicable': 'does not apply' };

/** The diagnostics' one-line headline: "2 problems found: Lag trap, Underfit", or that none was. */
export function diagnosticsHeadline(diagnostics: readonly Diagnostic[]): string {
  const raised = diagnostics.filter((d) => d.status === 'raised');
  if (raised.length === 0) return `No problem found in ${diagnostics.filter((d) => d.status === 'clear').length} checks.`;
  return `${raised.length === 1 ? '1 problem' : `${raised.length} problems`} found: ${raised.map((d) => d.title).join('; ')}.`;
}

export interface TimelineSpan {
  readonly split: TimelineEvidence['spans'][number]['split'];
  /** Share of the timeline, in percent (each split at least MIN_SPAN so a small one stays visible). */
  readonly width: number;
  readonly text: string;
}

const MIN_SPAN = 4;

export function timelineSpans(evidence: TimelineEvidence): TimelineSpan[] {
  const total = evidence.spans.reduce((sum, span) => sum + Math.max(0, span.rows), 0);
  const raw = evidence.spans.map((span) => (total > 0 ? (100 * Math.max(0, span.rows)) / total : 100 / evidence.spans.length));
  const lifted = raw.map((width) => Math.max(MIN_SPAN, width));
  const scale = 100 / lifted.reduce((sum, width) => sum + width, 0);
  return evidence.spans.map((span, i) => ({
    split: span.split,
    width: lifted[i] * scale,
    text: `${span.split}: ${span.from && span.to ? `${span.from} – ${span.to}, ` : ''}${span.rows.toLocaleString('en-US')} rows, ${span.windows.toLocaleString('en-US')} windows`,
  }));
}

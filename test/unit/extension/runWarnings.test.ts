import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../engine/index';
import { ENDED_STATES, runWarnings } from '../../../extension/explain/runWarnings';

const diagnostic = (id: Diagnostic['id'], title: string, status: Diagnostic['status']): Diagnostic => ({
  id, title, status, summary: `${title} summary`, fix: `${title} fix`, measures: {}, evidence: [],
});

describe('the Runs view’s warning marker', () => {
  it('names the first problem found, counts the others, and carries each one’s summary and fix', () => {
    const warnings = runWarnings({ status: 'done', diagnostics: [
      diagnostic('leakage-feature', 'Leakage', 'clear'), diagnostic('underfit', 'Underfit', 'raised'),
      diagnostic('lag-trap', 'Lag trap', 'raised'), diagnostic('collapse', 'Collapse', 'not-applicable'),
    ] });
    expect(warnings).toEqual({
      marker: '⚠ Underfit +1',
      spoken: 'warnings: Underfit, Lag trap',
      problems: [
        { id: 'underfit', title: 'Underfit', summary: 'Underfit summary', fix: 'Underfit fix' },
        { id: 'lag-trap', title: 'Lag trap', summary: 'Lag trap summary', fix: 'Lag trap fix' },
      ],
    });
    expect(runWarnings({ status: 'done', diagnostics: [diagnostic('lag-trap', 'Lag trap', 'raised')] })?.marker).toBe('⚠ Lag trap');
  });

  it('no marker while computing, after a failure, or when nothing was found', () => {
    expect(runWarnings(undefined)).toBeNull();
    expect(runWarnings({ status: 'computing' })).toBeNull();
    expect(runWarnings({ status: 'failed', message: 'the data file changed' })).toBeNull();
    expect(runWarnings({ status: 'done', diagnostics: [diagnostic('lag-trap', 'Lag trap', 'clear')] })).toBeNull();
  });

  it('diagnoses ended runs only', () => {
    expect([...ENDED_STATES].sort()).toEqual(['completed', 'diverged', 'early-stopped', 'failed', 'stopped']);
  });
});

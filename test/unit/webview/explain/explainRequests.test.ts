import { describe, expect, it } from 'vitest';
import { explainKey, explainRequest, wantedExplanation, windowOfForecastPoint } from '../../../../webview/explain/explainRequests';
import { DEFAULT_EXPLAIN_SETTINGS, readExplainSettings } from '../../../../webview/explain/explainSettings';
import { readPanelState } from '../../../../webview/model/panelState';

describe('what the Explain view asks for', () => {
  const open = { ...DEFAULT_EXPLAIN_SETTINGS, open: true };
  const run = { id: 'r2', bestEpoch: 3 };

  it('nothing while the inspector is closed, without a run, or before the run’s first epoch', () => {
    expect(wantedExplanation(DEFAULT_EXPLAIN_SETTINGS, run)).toEqual({ state: 'closed' });
    expect(wantedExplanation(open, null)).toEqual({ state: 'no-run' });
    expect(wantedExplanation(open, { id: 'r2', bestEpoch: null })).toEqual({ state: 'waiting' });
    expect(wantedExplanation(open, { id: 'r2', bestEpoch: 0 })).toEqual({ state: 'waiting' });
  });

  it('the chosen window of the run it was chosen for; another run starts at its split’s last window', () => {
    const chosen = { ...open, runId: 'r2', split: 'test' as const, index: 7 };
    expect(wantedExplanation(chosen, run)).toEqual({ state: 'wanted', target: { runId: 'r2', split: 'test', index: 7 } });
    expect(wantedExplanation(chosen, { id: 'r3', bestEpoch: 1 })).toEqual({ state: 'wanted', target: { runId: 'r3', split: 'test', index: null } });
  });

  it('one key per run, split and window; the message carries the same three', () => {
    const keys = new Set([
      explainKey({ runId: 'a', split: 'validation', index: null }), explainKey({ runId: 'a', split: 'validation', index: 0 }),
      explainKey({ runId: 'a', split: 'test', index: 0 }), explainKey({ runId: 'b', split: 'test', index: 0 }),
      explainKey({ runId: 'a,', split: 'validation', index: null }),
    ]);
    expect(keys.size).toBe(5);
    expect(explainRequest({ runId: 'a', split: 'test', index: 4 })).toEqual({ type: 'explain', runId: 'a', split: 'test', index: 4 });
  });
});

describe('a click on the forecast chart', () => {
  const labels = ['2003-09-01', '2003-10-01', '2003-11-01', '2003-12-01', '2004-01-01'];

  it('finds the window whose label is the point’s time', () => {
    expect(windowOfForecastPoint(0, 3, ['2003-11-01', '2003-12-01', '2004-01-01'], labels)).toBe(2);
    expect(windowOfForecastPoint(2, 3, ['2003-11-01', '2003-12-01', '2004-01-01'], labels)).toBe(4);
  });

  it('without times, counts from the split’s end (the chart shows its last windows)', () => {
    expect(windowOfForecastPoint(0, 3, null, labels)).toBe(2);
    expect(windowOfForecastPoint(1, 3, ['', '', ''], labels)).toBe(3);
  });

  it('nothing before the labels are known, or for a point off the chart', () => {
    expect(windowOfForecastPoint(0, 3, null, null)).toBeNull();
    expect(windowOfForecastPoint(3, 3, null, labels)).toBeNull();
    expect(windowOfForecastPoint(-1, 3, null, labels)).toBeNull();
    expect(windowOfForecastPoint(0, 9, null, labels)).toBeNull();
  });
});

describe('the Explain view’s saved settings', () => {
  it('reads back what it saved', () => {
    const saved = { open: true, runId: 'r', split: 'test', index: 3, layer: 1, sort: 'saturation', scope: 'forget', method: 'gradientTimesInput', range: 'stretched' };
    expect(readExplainSettings(JSON.parse(JSON.stringify(saved)))).toEqual(saved);
  });

  it('falls back field by field on a damaged or older state', () => {
    expect(readExplainSettings(undefined)).toEqual(DEFAULT_EXPLAIN_SETTINGS);
    expect(readExplainSettings({ open: 'yes', split: 'train', index: -1, layer: 1.5, sort: 'magic', scope: 'nope', method: 1, range: null, runId: 4 }))
      .toEqual(DEFAULT_EXPLAIN_SETTINGS);
    expect(readExplainSettings({ index: 2 ** 60 }).index).toBeNull();
  });

  it('travels inside the panel’s state, which older panels saved without it', () => {
    expect(readPanelState({ logScale: false }).explain).toEqual(DEFAULT_EXPLAIN_SETTINGS);
    expect(readPanelState({ explain: { open: true } }).explain.open).toBe(true);
  });
});

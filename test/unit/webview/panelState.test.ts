import { describe, expect, it } from 'vitest';
import { DEFAULT_PANEL_STATE, readPanelState } from '../../../webview/model/panelState';

describe('readPanelState', () => {
  it('gives the defaults for a first load', () => {
    expect(readPanelState(undefined)).toEqual(DEFAULT_PANEL_STATE);
  });

  it('reads back what it saved', () => {
    const state = { logScale: false, smoothing: 0.9, hidden: ['a'], selected: 'b', sort: { key: 'val:mae', descending: true }, forecastTarget: 2 };
    expect(readPanelState(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it('keeps the good fields of a damaged state and defaults the rest', () => {
    const state = readPanelState({ logScale: 'yes', smoothing: 5, hidden: ['a', 3], selected: 7, sort: { key: 'nope' }, forecastTarget: -1 });
    expect(state).toEqual({ ...DEFAULT_PANEL_STATE, smoothing: 0.99, hidden: ['a'] });
  });
});

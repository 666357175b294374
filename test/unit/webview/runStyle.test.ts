import { describe, expect, it } from 'vitest';
import { DISTINCT_RUN_STYLES, RUN_COLOUR_VARIABLES, runStyle, withAlpha } from '../../../webview/model/runStyle';

const look = (index: number): string => {
  const style = runStyle(index);
  return JSON.stringify([style.colourIndex, style.validationDash, style.trainDash, style.marker]);
};

describe('runStyle', () => {
  it('gives the first runs the theme colours in order, as plain lines', () => {
    expect(Array.from({ length: RUN_COLOUR_VARIABLES.length }, (_, i) => runStyle(i).colourIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(runStyle(0)).toMatchObject({ round: 0, validationDash: [], marker: 'circle' });
  });

  it('never gives two runs of a config the same look, up to 24 runs', () => {
    const looks = Array.from({ length: DISTINCT_RUN_STYLES }, (_, i) => look(i));
    expect(new Set(looks).size).toBe(DISTINCT_RUN_STYLES);
    expect(DISTINCT_RUN_STYLES).toBe(24);
  });

  it('past the colours, reuses one with another dash pattern and marker', () => {
    const seventh = runStyle(6);
    expect(seventh.colourIndex).toBe(0);
    expect(seventh.validationDash).not.toEqual(runStyle(0).validationDash);
    expect(seventh.trainDash).not.toEqual(runStyle(0).trainDash);
    expect(seventh.marker).not.toBe(runStyle(0).marker);
  });

  it('depends on the index alone (the same run looks the same after a reload)', () => {
    expect(runStyle(9)).toEqual(runStyle(9));
    expect(runStyle(3, 4)).toMatchObject({ colourIndex: 3, round: 0 });
    expect(runStyle(4, 4)).toMatchObject({ colourIndex: 0, round: 1 });
    expect(runStyle(-1)).toEqual(runStyle(0));
  });
});

describe('withAlpha', () => {
  it.each([
    ['#3794ff', 0.25, 'rgba(55, 148, 255, 0.25)'],
    ['#fff', 0.5, 'rgba(255, 255, 255, 0.5)'],
    ['#3794ff80', 0.5, 'rgba(55, 148, 255, 0.251)'],
    ['rgb(1, 2, 3)', 0.3, 'rgba(1, 2, 3, 0.3)'],
    ['rgba(1, 2, 3, 0.5)', 0.5, 'rgba(1, 2, 3, 0.25)'],
    ['red', 0.5, 'red'],
  ])('%s at %f is %s', (colour, alpha, expected) => {
    expect(withAlpha(colour, alpha)).toBe(expected);
  });

  it('makes a translucent theme colour solid when asked to replace its alpha', () => {
    expect(withAlpha('rgba(234, 92, 0, 0.33)', 1, true)).toBe('rgba(234, 92, 0, 1)');
    expect(withAlpha('#ea5c0055', 1, true)).toBe('rgba(234, 92, 0, 1)');
  });
});

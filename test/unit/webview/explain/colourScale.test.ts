import { describe, expect, it } from 'vitest';
import { colourOf, contrast, divergingScale, luminance, mixStops, parseColour, scaleIndex, SCALE_SIZE, sequentialScale, type Rgb } from '../../../../webview/explain/colourScale';
import { attributionScale, blockScale, mapColours } from '../../../../webview/explain/mapScales';
import type { StateBlock } from '../../../../engine/types';

// VS Code's own values for the colours the scales are built from (Dark Modern, Light Modern, Dark High Contrast).
const THEMES = {
  dark: { background: '#1f1f1f', foreground: '#cccccc', palette: ['#3794ff', '#d18616'] },
  light: { background: '#ffffff', foreground: '#3b3b3b', palette: ['#1a85ff', 'rgba(234, 92, 0, 0.33)'] },
  highContrast: { background: '#000000', foreground: '#ffffff', palette: ['#3794ff', '#d18616'] },
};

describe('parseColour', () => {
  it.each([
    ['#3794ff', [55, 148, 255]],
    ['#fff', [255, 255, 255]],
    ['#0008', [0, 0, 0]],
    ['#1f1f1fcc', [31, 31, 31]],
    ['rgb(1, 2, 3)', [1, 2, 3]],
    ['rgba(234, 92, 0, 0.33)', [234, 92, 0]],
    ['rgb(10 20 30 / 50%)', [10, 20, 30]],
  ])('%s', (text, rgb) => expect(parseColour(text)).toEqual(rgb));

  it('refuses what it cannot read', () => {
    expect(parseColour('red')).toBeNull();
    expect(parseColour('#12')).toBeNull();
    expect(parseColour('')).toBeNull();
  });
});

describe('the scales', () => {
  it('mix in OKLab and land on their stops exactly', () => {
    const stops: Rgb[] = [[31, 31, 31], [55, 148, 255], [204, 204, 204]];
    expect(mixStops(stops, 0)).toEqual(stops[0]);
    expect(mixStops(stops, 0.5)).toEqual(stops[1]);
    expect(mixStops(stops, 1)).toEqual(stops[2]);
    expect(mixStops(stops, 2)).toEqual(stops[2]);
    expect(mixStops(stops, Number.NaN)).toEqual(stops[0]);
  });

  it.each(Object.entries(THEMES))('sequential (gates) in the %s theme: lightness runs one way from 0 to 1, from the background', (_, theme) => {
    const colours = mapColours(theme);
    const scale = sequentialScale(colours.background, colours.positive, colours.foreground);
    expect(colourOf(scale, 0)).toEqual(colours.background);
    expect(colourOf(scale, 1)).toEqual(colours.foreground);
    const lightness = Array.from({ length: SCALE_SIZE }, (_, i) => luminance(colourOf(scale, i / (SCALE_SIZE - 1))));
    const rising = lightness[SCALE_SIZE - 1] > lightness[0];
    for (let i = 1; i < SCALE_SIZE; i++) {
      const step = lightness[i] - lightness[i - 1];
      expect(rising ? step : -step, `entry ${i}`).toBeGreaterThanOrEqual(-1e-3); // monotone (a rounding's worth of slack)
    }
    // A saturated gate (near 1) stands out from the page.
    expect(contrast(colourOf(scale, 0.97), colours.background)).toBeGreaterThan(3);
  });

  it.each(Object.entries(THEMES))('diverging (signed values) in the %s theme: the background at zero, the chart colours at ±m', (_, theme) => {
    const colours = mapColours(theme);
    const scale = divergingScale(colours.negative, colours.background, colours.positive, 2.5);
    expect([scale.min, scale.max]).toEqual([-2.5, 2.5]);
    expect(colourOf(scale, 0)).toEqual(colours.background);
    expect(colourOf(scale, 2.5)).toEqual(colours.positive);
    expect(colourOf(scale, -2.5)).toEqual(colours.negative);
    expect(colourOf(scale, 99)).toEqual(colours.positive);
    expect(scaleIndex(scale, 1) + scaleIndex(scale, -1)).toBe(SCALE_SIZE - 1); // symmetric
    // Both ends stand out from the page (WCAG's 3:1 for graphics); they differ from each other in hue.
    expect(contrast(colourOf(scale, -2.5), colours.background)).toBeGreaterThan(3);
    expect(contrast(colourOf(scale, 2.5), colours.background)).toBeGreaterThan(3);
  });

  it('a diverging scale over nothing (all zeros) still spans a unit; NaN sits in the middle', () => {
    const scale = divergingScale([255, 0, 0], [0, 0, 0], [0, 0, 255], 0);
    expect([scale.min, scale.max]).toEqual([-1, 1]);
    expect(scaleIndex(scale, Number.NaN)).toBe(128);
    expect(sequentialScale([0, 0, 0], [9, 9, 9], [255, 255, 255], 3, 3).max).toBe(4);
  });

  it('a theme colour in a form the parser does not know takes a stand-in rather than breaking the maps', () => {
    expect(mapColours({ background: 'var(--x)', foreground: 'white', palette: [] })).toEqual({
      background: [30, 30, 30], foreground: [204, 204, 204], positive: [55, 148, 255], negative: [209, 134, 22],
    });
  });
});

describe('which scale a map gets', () => {
  const colours = mapColours(THEMES.dark);
  const block = (range: StateBlock['range'], data: number[]): StateBlock => ({
    key: 'cell', label: 'x', range, values: { rows: 1, steps: data.length, data }, unitVariance: [0], unitSaturation: null, saturation: null,
  });

  it('gates over [0, 1] and tanh states over ±1 whatever their values; stretched over the values on request', () => {
    expect(blockScale(block('sigmoid', [0.55, 0.7]), colours)).toMatchObject({ kind: 'sequential', min: 0, max: 1 });
    expect(blockScale(block('sigmoid', [0.55, 0.7]), colours, true)).toMatchObject({ kind: 'sequential', min: 0.55, max: 0.7 });
    expect(blockScale(block('tanh', [-0.1, 0.2]), colours)).toMatchObject({ kind: 'diverging', min: -1, max: 1 });
    expect(blockScale(block('tanh', [-0.1, 0.2]), colours, true)).toMatchObject({ min: -0.2, max: 0.2 });
  });

  it('the cell state and attributions over their largest magnitude, zero in the middle', () => {
    expect(blockScale(block('unbounded', [-3, 1.5]), colours)).toMatchObject({ kind: 'diverging', min: -3, max: 3 });
    expect(attributionScale({ rows: 1, steps: 3, data: [0.01, -0.02, Number.NaN] }, colours)).toMatchObject({ min: -0.02, max: 0.02 });
  });
});

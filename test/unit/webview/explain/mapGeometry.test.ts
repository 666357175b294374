import { describe, expect, it } from 'vitest';
import { barGeometry } from '../../../../webview/explain/bars';
import { divergingScale, SCALE_SIZE } from '../../../../webview/explain/colourScale';
import { cellReadout, extent, formatValue, paintGrid } from '../../../../webview/explain/grid';
import { labelledSteps, mapHeight, rowAt, stepAt, stepCentre, timeAxis } from '../../../../webview/explain/timeAxis';

describe('grid', () => {
  it('extent: the finite values’ range and largest magnitude', () => {
    expect(extent([3, -5, Number.NaN, 2, Infinity])).toEqual({ min: -5, max: 3, magnitude: 5 });
    expect(extent([])).toEqual({ min: 0, max: 0, magnitude: 0 });
  });

  it('paints pixel (r, t) with the colour of row order[r] at step t', () => {
    const grid = { rows: 3, steps: 2, data: [-1, 1, 0, 0.5, 1, -0.5] };
    const scale = divergingScale([255, 0, 0], [0, 0, 0], [0, 0, 255], 1);
    const order = [2, 0, 1];
    const out = new Uint8ClampedArray(3 * 2 * 4);
    paintGrid(grid, order, scale, out);
    const pixel = (r: number, t: number) => [...out.subarray((r * 2 + t) * 4, (r * 2 + t) * 4 + 4)];
    expect(pixel(0, 0)).toEqual([0, 0, 255, 255]); // row 2, step 0: +1
    expect(pixel(0, 1)[0]).toBeGreaterThan(0); // row 2, step 1: −0.5, reddish
    expect(pixel(1, 0)).toEqual([255, 0, 0, 255]); // row 0, step 0: −1
    expect(pixel(2, 0)).toEqual([...scale.table.subarray(((SCALE_SIZE - 1) >> 1) * 4 + 4, ((SCALE_SIZE - 1) >> 1) * 4 + 8)]); // 0 → the middle entry
    expect(() => paintGrid(grid, order, scale, new Uint8ClampedArray(4))).toThrow(/4 bytes for 3×2 cells/);
  });

  it('a cell’s readout names the map, the row, the step (with its time or character) and the value', () => {
    expect(cellReadout({ map: 'forget gate f', rowName: 'unit 17', step: 11, time: '2009-10-01', value: 0.7284 }))
      .toBe('forget gate f · unit 17 · step 12 (2009-10-01) · 0.7284');
    expect(cellReadout({ map: 'cell state c', rowName: 'unit 0', step: 0, time: null, token: ' ', value: -12.5 })).toBe('cell state c · unit 0 · step 1 (" ") · -12.5');
    expect(formatValue(0.000123)).toBe('1.23e-4');
    expect(formatValue(123456)).toBe('1.23e+5');
  });
});

describe('the shared time axis', () => {
  it('puts step t at the same x in every map, and finds the step and row under a point', () => {
    const axis = timeAxis(1000, 24);
    expect(axis.left).toBe(104);
    expect(axis.column * 24).toBe(axis.width);
    for (const t of [0, 5, 23]) expect(stepAt(axis, stepCentre(axis, t))).toBe(t);
    expect(stepAt(axis, axis.left - 1)).toBeNull();
    expect(stepAt(axis, axis.left + axis.width)).toBeNull();
    expect(rowAt(192, 64, 0)).toBe(0);
    expect(rowAt(192, 64, 191.9)).toBe(63);
    expect(rowAt(192, 64, 192)).toBeNull();
    expect(timeAxis(50, 100).column).toBe(1); // never less than a pixel a step
  });

  it('labels steps that do not overlap, always the last', () => {
    const axis = timeAxis(1000, 100);
    const steps = labelledSteps(axis, 60);
    expect(steps.at(-1)).toBe(99);
    for (let i = 1; i < steps.length; i++) expect((steps[i] - steps[i - 1]) * axis.column).toBeGreaterThanOrEqual(68);
    expect(labelledSteps(timeAxis(1000, 3), 10)).toEqual([0, 1, 2]);
  });

  it('map heights: about 3 pixels a unit, within bounds', () => {
    expect([mapHeight(8), mapHeight(64), mapHeight(256)]).toEqual([48, 192, 200]);
  });
});

describe('bars', () => {
  it('signed values grow both ways from the middle, in proportion to the largest', () => {
    expect(barGeometry([2, -1, 0])).toEqual([
      { left: 50, width: 50, negative: false }, { left: 25, width: 25, negative: true }, { left: 50, width: 0, negative: false }]);
  });

  it('values of one sign grow from the track’s edge', () => {
    expect(barGeometry([0.5, 1])).toEqual([{ left: 0, width: 50, negative: false }, { left: 0, width: 100, negative: false }]);
    expect(barGeometry([-0.5, -1])).toEqual([{ left: 50, width: 50, negative: true }, { left: 0, width: 100, negative: true }]);
    expect(barGeometry([0, Number.NaN])).toEqual([{ left: 0, width: 0, negative: false }, { left: 0, width: 0, negative: false }]);
  });
});

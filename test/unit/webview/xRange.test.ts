import { describe, expect, it } from 'vitest';
import { brushRange, MIN_ZOOM_WIDTH, panBy, zoomAround } from '../../../webview/model/xRange';

const extent = { min: 0, max: 1000 };

describe('x-axis zoom and pan', () => {
  it('zooms in around the anchor, which keeps its place', () => {
    const zoomed = zoomAround({ min: 0, max: 1000 }, 250, 0.5, extent)!;
    expect(zoomed).toEqual({ min: 125, max: 625 });
    expect((250 - zoomed.min) / (zoomed.max - zoomed.min)).toBeCloseTo(0.25, 12);
  });

  it('returns to "not zoomed" when zooming out past the data', () => {
    expect(zoomAround({ min: 100, max: 600 }, 300, 4, extent)).toBeNull();
  });

  it('never zooms narrower than a few steps, and stays inside the data', () => {
    expect(zoomAround({ min: 10, max: 20 }, 15, 0.01, extent)).toEqual({ min: 13, max: 13 + MIN_ZOOM_WIDTH });
    expect(zoomAround({ min: 900, max: 1000 }, 1000, 1.5, extent)).toEqual({ min: 850, max: 1000 });
  });

  it('pans within the data’s extent, keeping the width', () => {
    expect(panBy({ min: 100, max: 200 }, 50, extent)).toEqual({ min: 150, max: 250 });
    expect(panBy({ min: 100, max: 200 }, -500, extent)).toEqual({ min: 0, max: 100 });
    expect(panBy({ min: 800, max: 900 }, 500, extent)).toEqual({ min: 900, max: 1000 });
  });

  it('turns a drag into a range, ignoring a click', () => {
    expect(brushRange(300, 100)).toEqual({ min: 100, max: 300 });
    expect(brushRange(100, 101)).toBeNull();
  });
});

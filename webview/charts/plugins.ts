import type { Chart, Plugin } from 'chart.js';

// Three small chart.js plugins the panel's charts share.

/**
 * Paints the theme's background under the chart, so that the canvas (and a PNG exported from it)
 * is not transparent.
 */
export function backgroundPlugin(colour: () => string): Plugin<'line'> {
  return {
    id: 'seqlabBackground',
    beforeDraw(chart: Chart) {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.globalCompositeOperation = 'destination-over';
      ctx.fillStyle = colour();
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
  };
}

export interface EpochMarks {
  /** The optimiser step at the end of each epoch, in order. */
  readonly steps: readonly number[];
  readonly colour: string;
  readonly font: string;
}

/**
 * Marks epochs along the top of the plot: a short tick at each epoch's last step, numbered where
 * there is room (x is the optimiser step, so epochs are where the steps say, for one run at a time).
 */
export function epochMarksPlugin(marks: () => EpochMarks | null): Plugin<'line'> {
  return {
    id: 'seqlabEpochMarks',
    afterDatasetsDraw(chart: Chart) {
      const found = marks();
      const scale = chart.scales.x;
      if (!found || found.steps.length === 0 || !scale) return;
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.strokeStyle = found.colour;
      ctx.fillStyle = found.colour;
      ctx.font = found.font;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.lineWidth = 1;
      let lastTick = -Infinity;
      let lastLabel = -Infinity;
      const labelGap = ctx.measureText(String(found.steps.length)).width + 8;
      found.steps.forEach((step, i) => {
        const x = scale.getPixelForValue(step);
        if (x < chartArea.left || x > chartArea.right || x - lastTick < 3) return;
        lastTick = x;
        ctx.beginPath();
        ctx.moveTo(x, chartArea.top);
        ctx.lineTo(x, chartArea.top + 5);
        ctx.stroke();
        if (x - lastLabel >= labelGap && x + labelGap / 2 <= chartArea.right) {
          ctx.fillText(String(i + 1), x, chartArea.top + 6);
          lastLabel = x;
        }
      });
      ctx.restore();
    },
  };
}

/** The band a drag is selecting (zoom by brushing), in pixels; null when no drag is under way. */
export function brushPlugin(band: () => { readonly from: number; readonly to: number; readonly colour: string } | null): Plugin<'line'> {
  return {
    id: 'seqlabBrush',
    afterDraw(chart: Chart) {
      const found = band();
      if (!found) return;
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.fillStyle = found.colour;
      ctx.fillRect(Math.min(found.from, found.to), chartArea.top, Math.abs(found.to - found.from), chartArea.bottom - chartArea.top);
      ctx.restore();
    },
  };
}

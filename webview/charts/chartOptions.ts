import type { ChartOptions } from 'chart.js';
import type { RunMeta } from '../protocol';
import type { XRange } from '../model/decimation';
import { formatTick, isRoundLogTick } from '../model/format';
import type { ChartTheme } from '../theme';

// What the panel's line charts share: themed axes and how a run is named.

type Scales = NonNullable<ChartOptions<'line'>['scales']>;

/**
 * x and y axes in the theme's colours and font; y logarithmic on request; x fixed to `range` when zoomed,
 * else from `xFrom` (0 for optimiser steps) to the data's end.
 */
export function axisOptions(theme: ChartTheme, logScale: boolean, range: XRange | null, xTitle: string, yTitle: string, xFrom?: number): Scales {
  const font = { family: theme.fontFamily, size: theme.fontSize };
  const common = {
    // Hairline grid: `charts.lines` at full strength for axes would be loud repeated across the plot.
    grid: { color: theme.gridLines, lineWidth: theme.highContrast ? 1 : 0.5 },
    border: { color: theme.gridLines },
  };
  return {
    x: {
      ...common,
      type: 'linear' as const,
      // The axis ends where the data does (no empty stretch after the newest point).
      bounds: 'data' as const,
      min: range ? range.min : xFrom,
      max: range?.max,
      // With bounds 'data' chart.js labels the data's last x too (…, 500, 608): off the tick grid, it
      // crowds the round tick before it, so it goes.
      afterBuildTicks: (scale) => {
        const ticks = scale.ticks;
        if (ticks.length < 3) return;
        const spacing = ticks[1].value - ticks[0].value;
        const last = ticks[ticks.length - 1].value - ticks[ticks.length - 2].value;
        if (Math.abs(last - spacing) > spacing * 1e-6) ticks.pop();
      },
      // Round ticks only: the data's own ends would crowd the last round one.
      ticks: { color: theme.foreground, font, maxRotation: 0, autoSkipPadding: 16, includeBounds: false, callback: (value) => formatTick(Number(value)) },
      title: { display: true, text: xTitle, color: theme.foreground, font },
    },
    y: {
      ...common,
      type: logScale ? 'logarithmic' as const : 'linear' as const,
      // A log axis over several decades labels only 1, 2 and 5 of each (every 1–9 would overlap); one
      // within a decade or two labels every tick it has.
      ticks: {
        color: theme.foreground, font,
        callback: (value, _index, ticks) => {
          const wide = logScale && ticks.length > 1 && ticks[ticks.length - 1].value / ticks[0].value > 20;
          return wide && !isRoundLogTick(Number(value)) ? '' : formatTick(Number(value));
        },
      },
      title: { display: true, text: logScale ? `${yTitle} (log scale)` : yTitle, color: theme.foreground, font },
    },
  };
}

/** A run as the panel names it: its change label, or its number for the first run of a config. */
export function runLabel(meta: Pick<RunMeta, 'index' | 'label'>): string {
  const label = meta.label.trim();
  return label.length > 0 ? label : `run ${meta.index + 1}`;
}

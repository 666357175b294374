import type { ChartOptions } from 'chart.js';
import type { RunMeta } from '../protocol';
import type { XRange } from '../model/decimation';
import { formatNumber } from '../model/format';
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
      // Round ticks only: the data's own ends would crowd the last round one.
      ticks: { color: theme.foreground, font, maxRotation: 0, autoSkipPadding: 16, includeBounds: false, callback: (value) => formatTick(Number(value)) },
      title: { display: true, text: xTitle, color: theme.foreground, font },
    },
    y: {
      ...common,
      type: logScale ? 'logarithmic' as const : 'linear' as const,
      ticks: { color: theme.foreground, font, callback: (value) => formatTick(Number(value)) },
      title: { display: true, text: logScale ? `${yTitle} (log scale)` : yTitle, color: theme.foreground, font },
    },
  };
}

/** An axis tick: three significant digits, in plain notation down to 1e-6 (0.0005, not 5.00e-4). */
export function formatTick(value: number): string {
  if (!Number.isFinite(value)) return '';
  const size = Math.abs(value);
  if (size !== 0 && (size < 1e-6 || size >= 1e7)) return formatNumber(value);
  return Number(value.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 8, useGrouping: false });
}

/** A run as the panel names it: its change label, or its number for the first run of a config. */
export function runLabel(meta: Pick<RunMeta, 'index' | 'label'>): string {
  const label = meta.label.trim();
  return label.length > 0 ? label : `run ${meta.index + 1}`;
}

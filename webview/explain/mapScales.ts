import type { Grid, StateBlock } from '../../engine/types';
import { divergingScale, parseColour, sequentialScale, type ColourScale, type Rgb } from './colourScale';
import { extent } from './grid';

// Which scale each map of the Explain view is painted with, from the theme's colours. Pure.
//   gates (sigmoid, in (0, 1))          sequential over [0, 1]: the same shade means the same value in
//                                       every gate, so a gate that is mostly shut looks shut (or, stretched,
//                                       over the map's own range)
//   tanh states (candidate, hidden)     diverging over [−1, 1]
//   the LSTM cell state (unbounded)     diverging, symmetric around 0 over its largest magnitude
//   attributions                        diverging, symmetric over the grid's largest magnitude

export interface MapColours {
  readonly background: Rgb;
  readonly foreground: Rgb;
  /** Positive values (and the sequential scale's middle): the theme's first chart colour (blue). */
  readonly positive: Rgb;
  /** Negative values: the theme's second chart colour (orange): blue against orange reads for most colour-blind readers. */
  readonly negative: Rgb;
}

/** The theme's colours as RGB; a colour the theme gives in a form we do not parse takes a neutral stand-in. */
export function mapColours(theme: { readonly background: string; readonly foreground: string; readonly palette: readonly string[] }): MapColours {
  const background = parseColour(theme.background) ?? [30, 30, 30];
  const foreground = parseColour(theme.foreground) ?? [204, 204, 204];
  return {
    background,
    foreground,
    positive: parseColour(theme.palette[0] ?? '') ?? [55, 148, 255],
    negative: parseColour(theme.palette[1] ?? '') ?? [209, 134, 22],
  };
}

/**
 * A block's scale: over its whole range (`stretched` false: a gate's 0.6 is the same shade in every map), or
 * over the map's own values, so that small changes over time show (a gate between 0.55 and 0.75).
 */
export function blockScale(block: StateBlock, colours: MapColours, stretched = false): ColourScale {
  const values = extent(block.values.data);
  if (block.range === 'sigmoid') {
    const [min, max] = stretched && values.max > values.min ? [values.min, values.max] : [0, 1];
    return sequentialScale(colours.background, colours.positive, colours.foreground, min, max);
  }
  const magnitude = block.range === 'tanh' && !stretched ? 1 : values.magnitude;
  return divergingScale(colours.negative, colours.background, colours.positive, magnitude);
}

export function attributionScale(grid: Grid, colours: MapColours): ColourScale {
  return divergingScale(colours.negative, colours.background, colours.positive, extent(grid.data).magnitude);
}

/** A feature's own range, for drawing many input features as a map (each row from its min to its max). */
export function inputScale(colours: MapColours): ColourScale {
  return sequentialScale(colours.background, colours.positive, colours.foreground, 0, 1);
}

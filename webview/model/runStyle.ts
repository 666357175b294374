// How a run looks in every chart, table row and legend entry of its panel: its colour is picked by the
// run's index within its config (creation order, from the host), so it is the same after a reload and
// in every chart. The colours are the theme's own chart colours; once they are used up, the next runs
// reuse them with other dash patterns and point markers, so that two runs of a config never look alike.

/** The theme's chart colours, in the order runs take them (neighbours contrast in every built-in theme). */
export const RUN_COLOUR_VARIABLES = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
] as const;

export type PointMarker = 'circle' | 'rectRot' | 'triangle' | 'rect';

/** The line styles of one round through the colours: round 0 is plain; the later ones differ from it. */
interface RoundStyle {
  /** Validation loss per epoch (solid in round 0). */
  readonly validationDash: readonly number[];
  /** Training loss per epoch (dashed in round 0). */
  readonly trainDash: readonly number[];
  /** The marker on each epoch's points. */
  readonly marker: PointMarker;
}

const ROUNDS: readonly RoundStyle[] = [
  { validationDash: [], trainDash: [6, 4], marker: 'circle' },
  { validationDash: [10, 3], trainDash: [2, 3], marker: 'rectRot' },
  { validationDash: [10, 3, 2, 3], trainDash: [2, 2, 6, 2], marker: 'triangle' },
  { validationDash: [4, 2], trainDash: [1, 4], marker: 'rect' },
];

/** How many runs of a config look distinct before styles repeat. */
export const DISTINCT_RUN_STYLES = RUN_COLOUR_VARIABLES.length * ROUNDS.length;

export interface RunStyle extends RoundStyle {
  /** Index into the palette (RUN_COLOUR_VARIABLES resolved by the theme). */
  readonly colourIndex: number;
  /** 0 for the first round through the colours, 1 for the second, … */
  readonly round: number;
}

/** The style of the run at `index` (0-based, in creation order) among its config's runs. */
export function runStyle(index: number, paletteSize: number = RUN_COLOUR_VARIABLES.length): RunStyle {
  const size = Math.max(1, Math.floor(paletteSize));
  const position = Number.isInteger(index) && index >= 0 ? index : 0;
  const round = Math.floor(position / size) % ROUNDS.length;
  return { colourIndex: position % size, round, ...ROUNDS[round] };
}

/**
 * `colour` (any CSS colour the theme gives: #rgb, #rrggbb, #rrggbbaa, rgb(), rgba()) at `alpha` times its
 * own alpha, or at exactly `alpha` when `replace` is set.
 */
export function withAlpha(colour: string, alpha: number, replace = false): string {
  const a = Math.min(1, Math.max(0, alpha));
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(colour.trim());
  if (hex) {
    const digits = hex[1].length <= 4 ? [...hex[1]].map((d) => d + d).join('') : hex[1];
    const [r, g, b] = [0, 2, 4].map((at) => Number.parseInt(digits.slice(at, at + 2), 16));
    const own = digits.length === 8 && !replace ? Number.parseInt(digits.slice(6, 8), 16) / 255 : 1;
    return `rgba(${r}, ${g}, ${b}, ${round3(own * a)})`;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+%?))?\s*\)$/i.exec(colour.trim());
  if (rgb) {
    const own = rgb[4] === undefined || replace ? 1 : rgb[4].endsWith('%') ? Number.parseFloat(rgb[4]) / 100 : Number.parseFloat(rgb[4]);
    return `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${round3(own * a)})`;
  }
  return colour; // a named colour or a form we do not parse: shown at full strength rather than wrong
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

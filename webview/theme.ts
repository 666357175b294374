import { RUN_COLOUR_VARIABLES, withAlpha } from './model/runStyle';

// The panel follows the VS Code theme. A canvas cannot use CSS variables, so the colours are read from
// the `--vscode-*` variables VS Code sets on <html>, and read again when the theme changes (VS Code
// rewrites <html style> and the body's `vscode-light` / `vscode-dark` / `vscode-high-contrast` class).

export interface ChartTheme {
  /** The theme's chart colours, in the order runs take them (see model/runStyle.ts). */
  readonly palette: readonly string[];
  readonly foreground: string;
  /** Secondary text, and the baselines' lines. */
  readonly muted: string;
  /** The editor background: painted under every chart, so an exported PNG is not transparent. */
  readonly background: string;
  readonly gridLines: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  /** High-contrast themes get solid, thicker lines and no faded ones. */
  readonly highContrast: boolean;
  /** `vscode-reduce-motion`: no animation at all. */
  readonly reduceMotion: boolean;
}

/** Fallbacks: VS Code's dark-theme values, only for a page opened outside VS Code. */
const FALLBACK_PALETTE = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

function cssVariable(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export function readChartTheme(): ChartTheme {
  const body = document.body.classList;
  return {
    // A run's colour is drawn solid: some themes give a chart colour with alpha (Light Modern's orange
    // is rgba(234, 92, 0, 0.33)), which would make that run's lines, faint ones above all, disappear.
    palette: RUN_COLOUR_VARIABLES.map((name, i) => opaque(cssVariable(name, FALLBACK_PALETTE[i]))),
    foreground: cssVariable('--vscode-editor-foreground', cssVariable('--vscode-foreground', '#cccccc')),
    muted: cssVariable('--vscode-descriptionForeground', '#a0a0a0'),
    background: cssVariable('--vscode-editor-background', '#1e1e1e'),
    gridLines: cssVariable('--vscode-charts-lines', 'rgba(128, 128, 128, 0.35)'),
    fontFamily: cssVariable('--vscode-font-family', 'sans-serif'),
    fontSize: Number.parseFloat(cssVariable('--vscode-font-size', '13')) || 13,
    highContrast: body.contains('vscode-high-contrast') || body.contains('vscode-high-contrast-light'),
    reduceMotion: body.contains('vscode-reduce-motion'),
  };
}

/** `colour` at full opacity (colours the theme gives as #rrggbbaa or rgba()). */
export function opaque(colour: string): string {
  return withAlpha(colour, 1, true);
}

/** Calls `onChange` whenever VS Code changes the theme; returns a function that stops watching. */
export function watchTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

// The loss chart follows the VS Code theme. A canvas cannot use CSS variables, so the colours are
// read from the `--vscode-*` variables VS Code sets on <html>, and read again when the theme changes
// (VS Code rewrites <html style> and the body's `vscode-light` / `vscode-dark` class).

export interface ChartTheme {
  /** One colour per run, by the run's index within its config. */
  readonly runColours: readonly string[];
  readonly gridLines: string;
  readonly text: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  /** High-contrast themes get solid, thicker lines. */
  readonly highContrast: boolean;
}

function cssVariable(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export function readChartTheme(): ChartTheme {
  const body = document.body.classList;
  return {
    runColours: [
      cssVariable('--vscode-charts-blue', '#3794ff'),
      cssVariable('--vscode-charts-orange', '#d18616'),
      cssVariable('--vscode-charts-green', '#89d185'),
      cssVariable('--vscode-charts-purple', '#b180d7'),
      cssVariable('--vscode-charts-red', '#f14c4c'),
      cssVariable('--vscode-charts-yellow', '#cca700'),
    ],
    gridLines: cssVariable('--vscode-charts-lines', 'rgba(128, 128, 128, 0.35)'),
    text: cssVariable('--vscode-foreground', '#cccccc'),
    fontFamily: cssVariable('--vscode-font-family', 'sans-serif'),
    fontSize: Number.parseFloat(cssVariable('--vscode-font-size', '13')) || 13,
    highContrast: body.contains('vscode-high-contrast') || body.contains('vscode-high-contrast-light'),
  };
}

/** Calls `onChange` whenever VS Code changes the theme; returns a function that stops watching. */
export function watchTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

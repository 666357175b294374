// The loss chart follows the VS Code theme. A canvas cannot use CSS variables, so the colours are
// read from the `--vscode-*` variables VS Code sets on <html>, and read again when the theme changes
// (VS Code rewrites <html style> and the body's `vscode-light` / `vscode-dark` class).

export interface ChartTheme {
  readonly trainLine: string;
  readonly validationLine: string;
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
    trainLine: cssVariable('--vscode-charts-blue', '#3794ff'),
    validationLine: cssVariable('--vscode-charts-orange', '#d18616'),
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

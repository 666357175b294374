// The HTML of a SeqLab panel. Pure (no `vscode` import) so that vitest can check the CSP.
//
// The CSP is as strict as VS Code's webview guide asks: nothing by default; scripts only with the
// per-load nonce; styles, images and fonts only from the extension's own files (`cspSource`). The PNG
// export needs no `data:` images: the canvas encodes itself (toDataURL) and the host writes the file.
// No 'unsafe-inline', no 'unsafe-eval': chart.js 4 needs neither.

export interface PanelHtmlOptions {
  /** `webview.cspSource`: the origin the webview loads the extension's files from. */
  readonly cspSource: string;
  /** A fresh random nonce for every load (see `createNonce`). */
  readonly nonce: string;
  /** `webview.asWebviewUri(dist/webview.js)`. */
  readonly scriptUri: string;
  /** `webview.asWebviewUri(dist/webview.css)`. */
  readonly styleUri: string;
  /** Shown until the script replaces it, and as the document title. */
  readonly title: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function renderPanelHtml(options: PanelHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUri } = options;
  const title = escapeHtml(options.title);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(cspSource, nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeHtml(styleUri)}">
  <title>${title}</title>
</head>
<body>
  <header>
    <h1 id="config-name">${title}</h1>
    <p id="config-path"></p>
    <p id="status" role="status">Starting…</p>
  </header>
  <main><!-- laid out by the script: webview/layout.ts --></main>
  <script nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>`;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

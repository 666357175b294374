import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, escapeHtml, renderPanelHtml } from '../../../extension/panel/panelHtml';

const options = {
  cspSource: 'https://*.vscode-cdn.net',
  nonce: 'bm9uY2Utb2YtMTYtYnl0ZXM=',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css',
  title: 'SeqLab: data.csv',
};

describe('contentSecurityPolicy', () => {
  it('allows nothing by default, scripts by nonce, and styles, images and fonts from the extension only', () => {
    expect(contentSecurityPolicy(options.cspSource, options.nonce)).toBe(
      "default-src 'none'; script-src 'nonce-bm9uY2Utb2YtMTYtYnl0ZXM='; style-src https://*.vscode-cdn.net; "
      + 'img-src https://*.vscode-cdn.net; font-src https://*.vscode-cdn.net');
  });
});

describe('renderPanelHtml', () => {
  const html = renderPanelHtml(options);

  it('puts the CSP in a meta tag and never loosens it', () => {
    const policy = escapeHtml(contentSecurityPolicy(options.cspSource, options.nonce)); // the browser decodes &#39; back to '
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${policy}">`);
    expect(html).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('loads exactly one script, the bundle, with the nonce', () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain(`<script nonce="${options.nonce}" src="${options.scriptUri}"></script>`);
  });

  it('has no inline styles or event handlers, which the CSP would block', () => {
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(html).toContain(`<link rel="stylesheet" href="${options.styleUri}">`);
  });

  it('escapes the title, which comes from a file name', () => {
    const hostile = renderPanelHtml({ ...options, title: 'SeqLab: <img src=x onerror=alert(1)>.csv' });
    expect(hostile).toContain('SeqLab: &lt;img src=x onerror=alert(1)&gt;.csv');
    expect(hostile).not.toContain('<img');
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});

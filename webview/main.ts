import type { HostToWebview, PanelConfig, WebviewToHost } from './protocol';
import { applyChartTheme, createLossChart } from './lossChart';
import { readChartTheme, watchTheme } from './theme';
import './main.css';

// The SeqLab panel's page. It draws the loss chart and says `ready` to the host, which then tells
// it what to show. It runs under a strict CSP (extension/panel/panelHtml.ts): one nonce'd script.

const vscode = acquireVsCodeApi();

function post(message: WebviewToHost): void {
  vscode.postMessage(message);
}

// Report problems to the host's SeqLab log: a webview's console is invisible to users.
window.addEventListener('error', (event) => post({ type: 'error', message: event.message }));
document.addEventListener('securitypolicyviolation', (event) =>
  post({ type: 'cspViolation', directive: event.effectiveDirective, blockedUri: event.blockedURI }));

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`The panel's page has no #${id}`);
  return found;
}

const status = element('status', HTMLParagraphElement);
const chart = createLossChart(element('loss-chart', HTMLCanvasElement), readChartTheme());
watchTheme(() => applyChartTheme(chart, readChartTheme()));

function show(config: PanelConfig): void {
  element('data-file', HTMLHeadingElement).textContent = config.name;
  element('data-path', HTMLParagraphElement).textContent = config.displayPath;
  status.textContent = 'No training run yet.';
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'snapshot':
      show(message.config);
      return;
    case 'runs':
    case 'append':
      return;
  }
});

status.textContent = 'Waiting for SeqLab…';
post({ type: 'ready' });

import type { HostToWebview, WebviewToHost } from './protocol';
import { PanelApp, type SavedState } from './panelApp';
import { watchTheme } from './theme';
import './main.css';

// The SeqLab panel's page. It says `ready` to the host, which answers with a snapshot of the config's
// runs, then deltas. It runs under a strict CSP (extension/panel/panelHtml.ts): one nonce'd script.

const vscode = acquireVsCodeApi<SavedState>();

function post(message: WebviewToHost): void {
  vscode.postMessage(message);
}

// Report problems to the host's SeqLab log: a webview's console is invisible to users.
window.addEventListener('error', (event) => post({ type: 'error', message: event.message }));
window.addEventListener('unhandledrejection', (event) => post({ type: 'error', message: String(event.reason) }));
document.addEventListener('securitypolicyviolation', (event) =>
  post({ type: 'cspViolation', directive: event.effectiveDirective, blockedUri: event.blockedURI }));

const app = new PanelApp({ post, getState: () => vscode.getState(), setState: (state) => vscode.setState(state) });
watchTheme(() => app.themeChanged());
window.addEventListener('message', (event: MessageEvent<HostToWebview>) => app.receive(event.data));
post({ type: 'ready' });

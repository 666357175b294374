// The messages between a SeqLab panel's host (extension/) and its webview (webview/).
// Types only: both sides import this file with `import type`, so it adds no code to either bundle.
// Discriminants are string literals rather than const enums: they survive per-file transpilation
// (esbuild, vitest) and read plainly in the webview's devtools.

/** The data file a panel belongs to, as the webview displays it. */
export interface PanelDataFile {
  /** Base name, e.g. `data.csv`. */
  readonly name: string;
  /** Path relative to the workspace folder, or the absolute path outside any folder. */
  readonly displayPath: string;
}

/** Host → webview. */
export type HostToWebview =
  /** Sent once the webview is ready: what the panel shows. `null` when the panel has no data file. */
  | { readonly type: 'show'; readonly dataFile: PanelDataFile | null };

/** Webview → host. The host checks each one with `isWebviewToHost` before acting on it. */
export type WebviewToHost =
  /** The webview's script ran and its chart exists; the host may now post messages. */
  | { readonly type: 'ready' }
  /** An uncaught error in the webview's script, for the SeqLab log. */
  | { readonly type: 'error'; readonly message: string }
  /** The webview's CSP blocked something: always a bug in SeqLab, so it is logged as an error. */
  | { readonly type: 'cspViolation'; readonly directive: string; readonly blockedUri: string };

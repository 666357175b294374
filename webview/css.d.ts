// esbuild bundles the panel's style sheet imported from main.ts into dist/webview.css.
declare module '*.css';

// Compiles the TypeScript of the real-VS-Code suites (test/vscode, test/e2e, test/tools) to out/,
// one CommonJS file per source file, not bundled: VS Code's extension host and mocha load test
// files by path (as @vscode/test-cli does with out/**/*.test.js), and the e2e spec files must share
// one instance of the session module. `vscode` stays a bare require that the extension host serves.
import { rmSync } from 'node:fs';
import * as esbuild from 'esbuild';

const OUT = 'out/test';

// Stale output of a renamed or deleted test would still be loaded: start from nothing.
rmSync(OUT, { recursive: true, force: true });
await esbuild.build({
  entryPoints: ['test/vscode/**/*.ts', 'test/e2e/**/*.ts', 'test/tools/**/*.ts'],
  outdir: OUT,
  outbase: 'test',
  bundle: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});

// The one test tool that runs the engine itself (the engine's forward on a run's weights, to check
// Predict against): bundled, since the engine is TypeScript. Overwrites its unbundled copy above.
await esbuild.build({
  entryPoints: ['test/tools/engineForward.ts'],
  outfile: `${OUT}/tools/engineForward.js`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['onnxruntime-node', 'onnxruntime-common'],
  logLevel: 'warning',
});

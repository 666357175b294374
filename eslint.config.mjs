// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The numerical core is pure: typed arrays in, typed arrays out. I/O lives at the engine's edges
// (engine/io, engine/cli, engine/data readers, engine/onnx files, engine/runtime).
const pureCore = [
  'engine/tensor.ts', 'engine/rng.ts', 'engine/params.ts', 'engine/spec.ts', 'engine/model.ts', 'engine/model/**', 'engine/train/step.ts',
  'engine/kernels/**', 'engine/layers/**', 'engine/losses/**', 'engine/optim/**',
];
const ioModules = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'worker_threads', 'node:worker_threads', 'child_process', 'node:child_process'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test-tools/**', '.vscode-test/**', 'test/artifacts/**', 'out/**', '**/*.generated.*', 'assembly/*.ts', 'engine/onnx/proto/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', performance: 'readonly', WebAssembly: 'readonly', SharedArrayBuffer: 'readonly', Atomics: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The CLI shim and the build script are plain CommonJS run by Node.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['engine/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'engine/ must stay editor-free: no vscode import.' }] }],
    },
  },
  {
    // The editor reaches the engine through its one face, engine/index.ts, and nothing deeper.
    files: ['extension/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)engine/(?!index$).+', message: 'Import the engine through engine/index.ts only.' }] }],
    },
  },
  {
    // The panel's browser code sees the engine's types and nothing else.
    files: ['webview/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)engine/(?!types$).+', message: 'The webview imports engine types from engine/types.ts only.' }] }],
    },
  },
  {
    files: pureCore,
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'engine/ must stay editor-free: no vscode import.' },
          ...ioModules.map((name) => ({ name, message: 'The numerical core is pure: do I/O at the engine edges.' })),
        ],
      }],
    },
  },
);

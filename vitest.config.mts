import { defineConfig } from 'vitest/config';

// Unit and integration tests of engine/ and the pure parts of extension/.
// The VS Code suite (test/vscode) and the browser suite (test/e2e) have their own runners.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 60_000,
    // Builds the WebAssembly SIMD kernels first (skipped when up to date).
    globalSetup: ['./test/unit/kernels/globalSetup.ts'],
    reporters: ['default', './test/unit/countReporter.ts'],
  },
});

// @ts-check
// The standard @vscode/test-cli entry, for a developer with desktop VS Code and internet:
//   node esbuild.js && node test/tools/build-tests.mjs && npx vscode-test
// It downloads VS Code (@vscode/test-electron) and runs the same extension-host suite as
// `npm run test:vscode`, which runs it offline under code-server instead (test/vscode/main.ts).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'extension-host',
  // The trusted suite (Restricted Mode and the throughput tool need their own boots: test/vscode/main.ts).
  files: 'out/test/vscode/suite/trusted/*.test.js',
  workspaceFolder: './test/fixtures/vscode/workspace',
  mocha: { ui: 'tdd', timeout: 30_000 },
  // Same settings as under code-server: no workspace-trust prompt, no welcome page.
  launchArgs: ['--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
});

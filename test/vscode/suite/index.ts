import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

// The entry VS Code calls inside the extension host (`extensionTestsPath`), the same contract as
// @vscode/test-electron's: export run(), settle when the tests are done. Here it runs under
// code-server (test/vscode/main.ts); `npx vscode-test` (.vscode-test.mjs) runs the same test files
// in desktop VS Code with its own entry.

/** The closing line SeqLab's suites print; the harness re-prints it last. */
export function summaryLine(passed: number, failed: number): string {
  return `${passed} passed, ${failed} failed`;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false });
  // test/vscode/main.ts boots one workspace per folder of tests (trusted, restricted).
  const folder = path.join(__dirname, process.env.SEQLAB_SUITE ?? 'trusted');
  for (const file of fs.readdirSync(folder).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(folder, file));
  }
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        console.log(summaryLine(stats?.passes ?? 0, stats?.failures ?? failures));
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (error) {
      // A test file that does not load is a failure, not an empty run.
      console.error(error);
      console.log(summaryLine(0, 1));
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

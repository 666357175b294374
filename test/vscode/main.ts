import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { resetArtifacts } from '../tools/artifacts';
import { runBoot, type Boot } from '../tools/hostSuite';
import { artifactsDir, repoRoot } from '../tools/paths';
import { PREDICT_WORKSPACE, preparePredictWorkspace } from './predictWorkspace';

// `npm run test:vscode`: runs test/vscode/suite inside the extension host of a real VS Code
// (code-server; test/tools/hostSuite.ts), once per workspace (trusted, Restricted Mode, then Predict's), each
// on a temporary copy.
// Exit status: the suites'. Last line: `N passed, N failed`, summed over the boots.

const BOOTS: readonly Boot[] = [
  {
    name: 'trusted',
    trusted: true,
    env: { SEQLAB_TEST_EPOCHS: '20' },
    workspace: {
      'data.csv': 'test/fixtures/vscode/workspace/data.csv',
      'EXPORT.CSV': 'test/fixtures/vscode/workspace/EXPORT.CSV',
      'notes.txt': 'test/fixtures/vscode/workspace/notes.txt',
      'model.json': 'test/fixtures/vscode/workspace/model.json',
      'seattle-weather.csv': 'samples/seattle-weather.csv',
    },
  },
  {
    // Restricted Mode needs its own boot: trust is decided when the window opens.
    name: 'restricted',
    trusted: false,
    env: { SEQLAB_TEST_EPOCHS: '20' },
    workspace: { 'seattle-weather.csv': 'samples/seattle-weather.csv' },
    prepare: (folder) => trainWithCli(folder, 'seattle-weather.csv', 2),
  },
  {
    // Runs trained by the CLI, other .onnx files and long CSVs for SeqLab: Predict.
    name: 'predict',
    trusted: true,
    workspace: PREDICT_WORKSPACE,
    prepare: preparePredictWorkspace,
  },
];

/** A real run in the workspace, trained by the CLI (Node 20) before VS Code opens it. */
function trainWithCli(folder: string, dataFile: string, epochs: number): void {
  const cli = path.join(repoRoot, 'bin', 'seqlab.js');
  execFileSync(process.execPath, [cli, 'init', dataFile], { cwd: folder, stdio: 'ignore' });
  execFileSync(process.execPath, [cli, 'train', dataFile.replace(/\.[^.]+$/, '.seqlab.json'), '--epochs', String(epochs)], { cwd: folder, stdio: 'ignore' });
}

async function main(): Promise<number> {
  const artifacts = artifactsDir('vscode');
  resetArtifacts(artifacts);
  const totals = { passed: 0, failed: 0 };
  let exitCode = 0;
  // SEQLAB_VSCODE_BOOTS=predict,trusted runs only those boots (while working on one suite).
  const only = process.env.SEQLAB_VSCODE_BOOTS?.split(',');
  for (const boot of BOOTS.filter(({ name }) => !only || only.includes(name))) {
    console.log(`\n--- ${boot.name} workspace ---`);
    const result = await runBoot(boot, artifacts);
    totals.passed += result.passed;
    totals.failed += result.failed;
    if (result.exitCode !== 0) exitCode = result.exitCode;
  }
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  return exitCode;
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});

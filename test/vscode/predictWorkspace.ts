import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../tools/paths';
import type { WorkspaceFiles } from '../tools/workspaceCopy';

// The workspace of the Predict suite (test/vscode/suite/predict): three runs trained by the CLI before
// VS Code opens it (a forecast on co2-concentration.csv, a classifier on seattle-weather.csv, a small
// character model on story.txt), an older text export from before models recorded their generation
// defaults, a hostile and a foreign .onnx, and long CSVs in co2's columns: 10,000 rows (latency) and
// 150,000 rows (a prediction long enough to cancel).

export const PREDICT_WORKSPACE: WorkspaceFiles = {
  'co2-concentration.csv': 'samples/co2-concentration.csv',
  'seattle-weather.csv': 'samples/seattle-weather.csv',
  'models/older-text.onnx': 'test/fixtures/onnx/exports/text-lstm-2l.onnx',
  'models/hostile.onnx': 'test/fixtures/onnx/hostile/17-loop-with-subgraph.onnx',
  'models/foreign.onnx': 'test/fixtures/onnx/hostile/39-no-seqlab-metadata.onnx',
};

export function preparePredictWorkspace(folder: string): void {
  const cli = (...args: string[]) => execFileSync(process.execPath, [path.join(repoRoot, 'bin', 'seqlab.js'), ...args], { cwd: folder, stdio: 'ignore' });
  fs.writeFileSync(path.join(folder, 'story.txt'), fs.readFileSync(path.join(repoRoot, 'samples', 'moby-dick.txt'), 'utf8').slice(0, 20_000));
  cli('init', 'story.txt');
  const storyConfig = path.join(folder, 'story.seqlab.json');
  const config = JSON.parse(fs.readFileSync(storyConfig, 'utf8'));
  config.model = { ...config.model, hiddenSize: 32, layers: 1 }; // small: the suite checks plumbing, not prose
  fs.writeFileSync(storyConfig, JSON.stringify(config, null, 2));
  cli('init', 'co2-concentration.csv');
  cli('init', 'seattle-weather.csv', '--task', 'classify', '--target', 'weather');
  // Trained oldest to newest: the model picker lists the classifier first, then co2, then the story.
  for (const name of ['story', 'co2-concentration', 'seattle-weather']) cli('train', `${name}.seqlab.json`, '--epochs', '2');
  writeCo2Like(path.join(folder, 'co2-10k.csv'), 10_000, 'month');
  writeCo2Like(path.join(folder, 'co2-150k.csv'), 150_000, 'day'); // monthly would run past the year 9999
  // The fixtures are older than every run (copied files keep no order of their own).
  const past = new Date(Date.now() - 3600_000);
  for (const file of ['older-text.onnx', 'hostile.onnx', 'foreign.onnx']) fs.utimesSync(path.join(folder, 'models', file), past, past);
}

/** A series in co2-concentration.csv's columns (Date, CO2, adjusted CO2): trend and season. */
function writeCo2Like(file: string, rows: number, step: 'month' | 'day'): void {
  const lines = ['Date,CO2,adjusted CO2'];
  for (let i = 0; i < rows; i++) {
    const adjusted = 315 + i / 12 + 0.4 * Math.sin(i / 7);
    const date = step === 'month' ? `${1958 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01` : new Date(Date.UTC(1958, 0, 1 + i)).toISOString().slice(0, 10);
    lines.push(`${date},${(adjusted + 3 * Math.sin((2 * Math.PI * i) / 12)).toFixed(2)},${adjusted.toFixed(2)}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

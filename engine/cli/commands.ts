// Every `seqlab` command, in the order `seqlab --help` lists them. Each command's module (and what it
// imports: onnxruntime, the training loop, luxon, ajv …) loads only when that command runs, so a
// command starts in about 100 ms instead of 160 ms and holds about 10 MB less (esbuild keeps an
// import() of a bundled module lazy).
import type { Command } from './command';

export interface CommandEntry {
  name: string;
  /** One line for `seqlab --help`. */
  summary: string;
  load(): Promise<Command>;
}

export const commands: CommandEntry[] = [
  { name: 'init', summary: 'Propose a config (<name>.seqlab.json) for a CSV or text file.', load: async () => (await import('./init')).initCommand },
  { name: 'data', summary: 'Check a config and print its data report: columns, missing values, splits, windows, scaling.', load: async () => (await import('./data')).dataCommand },
  { name: 'train', summary: 'Train a model from a .seqlab.json config; prints test metrics against the baselines.', load: async () => (await import('./train')).trainCommand },
  { name: 'resume', summary: 'Continue a stopped run from its checkpoint, exactly where it stopped.', load: async () => (await import('./train')).resumeCommand },
  { name: 'eval', summary: "Score a run's best weights on validation and test against the baselines.", load: async () => (await import('./eval')).evalCommand },
  { name: 'explain', summary: "Look inside a run's model on one window: gates, which inputs mattered, and diagnostics with fixes.", load: async () => (await import('./explain')).explainCommand },
  { name: 'export', summary: "Write a run's best weights as an ONNX model (scaling inside the graph, metadata included).", load: async () => (await import('./export')).exportCommand },
  { name: 'export-pytorch', summary: 'Write a folder that trains a config (or a run\'s config) with PyTorch, on GPUs or with torchrun.', load: async () => (await import('./exportPytorch')).exportPytorchCommand },
  { name: 'import-pytorch', summary: 'Make a run folder (metrics, baselines, summary, model.onnx) from a PyTorch-trained export folder.', load: async () => (await import('./importPytorch')).importPytorchCommand },
  { name: 'predict', summary: 'Run a forecast or classify model (.onnx) on a CSV and print or save the predictions.', load: async () => (await import('./predict')).predictCommand },
  { name: 'sample', summary: 'Generate text with a text model (.onnx), one token (character or word) per step.', load: async () => (await import('./sample')).sampleCommand },
  { name: 'inspect', summary: 'Show what an ONNX model is: task, columns, scaling, metrics, inputs/outputs and operators.', load: async () => (await import('./inspect')).inspectCommand },
];

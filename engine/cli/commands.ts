// Every `seqlab` command, in the order `seqlab --help` lists them.
import type { Command } from './command';
import { dataCommand } from './data';
import { initCommand } from './init';
import { evalCommand } from './eval';
import { explainCommand } from './explain';
import { exportCommand } from './export';
import { exportPytorchCommand } from './exportPytorch';
import { importPytorchCommand } from './importPytorch';
import { inspectCommand } from './inspect';
import { predictCommand } from './predict';
import { sampleCommand } from './sample';
import { resumeCommand, trainCommand } from './train';

export const commands: Command[] = [
  initCommand,
  dataCommand,
  trainCommand,
  resumeCommand,
  evalCommand,
  explainCommand,
  exportCommand,
  exportPytorchCommand,
  importPytorchCommand,
  predictCommand,
  sampleCommand,
  inspectCommand,
];

import * as vscode from 'vscode';
import { parseThreadsSetting, type ThreadsSetting } from './training/threads';

// SeqLab's settings (package.json `contributes.configuration`), read where they are used so that a
// change applies to the next run without a reload.

export type LiveRetrain = 'onSave' | 'onType' | 'off';

export interface TrainingSettings {
  readonly threads: ThreadsSetting;
  readonly maxConcurrentRuns: number;
}

export function trainingSettings(): TrainingSettings {
  const section = vscode.workspace.getConfiguration('seqlab.training');
  const max = section.get<number>('maxConcurrentRuns', 2);
  return {
    threads: parseThreadsSetting(section.get('threads')),
    maxConcurrentRuns: Number.isInteger(max) && max >= 1 ? max : 2,
  };
}

export function liveRetrainSetting(resource: vscode.Uri): LiveRetrain {
  const value = vscode.workspace.getConfiguration('seqlab', resource).get<string>('liveRetrain', 'onSave');
  return value === 'onType' || value === 'off' ? value : 'onSave';
}

/**
 * An epochs cap for the test suites only (`SEQLAB_TEST_EPOCHS`), so that they train real runs in
 * seconds. Ignored when SeqLab runs as an installed extension.
 */
export function testEpochsCap(mode: vscode.ExtensionMode): number | undefined {
  if (mode === vscode.ExtensionMode.Production) return undefined;
  const cap = Number(process.env.SEQLAB_TEST_EPOCHS);
  return Number.isInteger(cap) && cap > 0 ? cap : undefined;
}

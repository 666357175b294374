import type { RunStateKind } from '../protocol';

// How the panel words a run's state, in the legend, the table and the status line.

const STATE_LABELS: Readonly<Record<RunStateKind, string>> = {
  queued: 'queued',
  running: 'training',
  'running-elsewhere': 'training elsewhere',
  interrupted: 'interrupted',
  completed: 'completed',
  'early-stopped': 'stopped early',
  stopped: 'stopped',
  diverged: 'diverged',
  failed: 'failed',
};

export function stateLabel(state: RunStateKind): string {
  return STATE_LABELS[state] ?? state;
}


import type { RunMeta, RunStateKind } from '../protocol';

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

/** Whether Stop applies: the run trains (or waits to) in this window. */
export function isStoppable(meta: RunMeta): boolean {
  return meta.state === 'running' || meta.state === 'queued';
}

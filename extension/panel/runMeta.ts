import type { BaselineName, TaskMetrics } from '../../engine/index';
import type { RunMeta } from '../../webview/protocol';
import type { CatalogRun } from '../runs/runCatalog';
import type { SeriesStore } from '../runs/seriesStore';

// What the panel shows about a run besides its curves, from the catalog (state, label, summary) and
// its events (start, epochs, done). Pure.

export function runMeta(run: CatalogRun, store: SeriesStore, index: number): RunMeta {
  const { start, done, epochs } = store;
  const best = [...epochs].reverse().find((epoch) => epoch.best);
  const seconds = epochs.reduce((sum, epoch) => sum + epoch.seconds, 0);
  const baselines = start?.baselines ?? baselinesOf(run);
  return {
    id: run.id,
    index,
    label: run.label,
    created: run.created,
    state: run.state,
    task: run.task ?? start?.task ?? null,
    parameters: start?.parameters ?? null,
    epochs: start?.epochs ?? null,
    bestEpoch: run.summary?.bestEpoch ?? best?.epoch ?? null,
    seconds: epochs.length > 0 ? seconds : null,
    baselines,
    summary: run.summary,
    message: run.reason ?? (done && done.status !== 'completed' ? done.message : null) ?? store.lastError,
  };
}

function baselinesOf(run: CatalogRun): Partial<Record<BaselineName, TaskMetrics>> {
  const result: Partial<Record<BaselineName, TaskMetrics>> = {};
  for (const [name, value] of Object.entries(run.summary?.baselines ?? {})) result[name as BaselineName] = value.val;
  return result;
}

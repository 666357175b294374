import type { HostToWebview, PanelConfig, RunMeta, RunSeries } from '../../webview/protocol';
import type { CatalogRun, RunCatalog } from '../runs/runCatalog';
import { freshCursor, type SeriesCursor, type SeriesStore } from '../runs/seriesStore';
import { runMeta } from './runMeta';

// What one panel has been sent of its config's runs, and what to send next: a snapshot (every run,
// every point) when the webview is (re)loaded, then `append` deltas of the points since, and `runs`
// when a run's meta changed. The panel decides when (only while visible, a few times a second).

export class PanelFeed {
  private cursors = new Map<string, SeriesCursor>();
  /** The store each cursor counts in: a run's store is replaced when it is resumed here or its log was cut back. */
  private stores = new Map<string, SeriesStore>();
  private lastMeta = '';

  constructor(private readonly catalog: RunCatalog, private readonly configFile: string, private readonly describe: () => PanelConfig) {}

  /** The config's runs, oldest first: a run's index (its colour) is its place in this order. */
  private runs(): CatalogRun[] {
    return this.catalog.runsOf(this.configFile).reverse();
  }

  snapshot(): HostToWebview {
    this.cursors = new Map();
    this.stores = new Map();
    const runs = this.runs().map((run, index) => {
      const store = this.catalog.series(run);
      const cursor = freshCursor();
      this.cursors.set(run.id, cursor);
      this.stores.set(run.id, store);
      return { meta: runMeta(run, store, index), series: store.takeSince(cursor) };
    });
    this.lastMeta = JSON.stringify(runs.map((run) => run.meta));
    return { type: 'snapshot', config: this.describe(), runs };
  }

  /** The messages that bring the webview up to date since the last snapshot or update. */
  update(): HostToWebview[] {
    const messages: HostToWebview[] = [];
    const runs = this.runs();
    const stores = runs.map((run) => this.catalog.series(run));
    // A replaced store holds points the webview has, in another order: it gets everything again.
    if (runs.some((run, index) => this.stores.has(run.id) && this.stores.get(run.id) !== stores[index])) return [this.snapshot()];
    const metas: RunMeta[] = runs.map((run, index) => runMeta(run, stores[index], index));
    const metaText = JSON.stringify(metas);
    if (metaText !== this.lastMeta) {
      this.lastMeta = metaText;
      messages.push({ type: 'runs', runs: metas });
    }
    for (const [index, run] of runs.entries()) {
      const store = stores[index];
      let cursor = this.cursors.get(run.id);
      if (!cursor) this.cursors.set(run.id, (cursor = freshCursor()));
      this.stores.set(run.id, store);
      if (!store.hasNews(cursor)) continue;
      const series: RunSeries = store.takeSince(cursor);
      messages.push({ type: 'append', id: run.id, series });
    }
    return messages;
  }
}

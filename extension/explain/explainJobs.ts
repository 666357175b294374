import type { ExplainSplit } from '../../engine/index';
import type { ExplainResult } from '../../webview/protocol';
import { CliCancelled, cliMessage } from '../predict/cliProcess';
import { explainArgs, parseExplainReport, type CliRunner } from './explainCli';

// The explanations of one panel: one `seqlab explain` child at a time (a new request stops the one before:
// the user moved on), and every report kept while the panel lives, by run, version, split and window, so
// that going back to a window, or the page reloading when the panel is shown again, costs nothing.
// No `vscode` import here, so vitest runs it against the real CLI.

export interface ExplainJob {
  readonly runDir: string;
  /** runVersion(runDir): a new best epoch or a resume makes older reports stale. */
  readonly version: string;
  readonly split: ExplainSplit;
  /** null: the split's last window. */
  readonly index: number | null;
}

type Done = Extract<ExplainResult, { status: 'done' }>;

/** Reports kept per panel: a Moby Dick window is ~0.7 MB of JSON, co2's 0.1 MB. */
const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

export class ExplainJobs {
  private readonly cache = new Map<string, Done>();
  private cachedBytes = 0;
  private current: AbortController | undefined;

  constructor(private readonly run: CliRunner, private readonly maxCacheBytes = DEFAULT_CACHE_BYTES) {}

  /** A cached report, or a fresh one from a child process (stopping the one still running). */
  async explain(job: ExplainJob): Promise<ExplainResult> {
    this.cancel(); // the user moved on, even when the answer is at hand
    const hit = this.cache.get(cacheKey(job));
    if (hit) {
      this.touch(cacheKey(job), hit);
      return { ...hit, cached: true };
    }
    const controller = new AbortController();
    this.current = controller;
    const started = performance.now();
    try {
      const result = await this.run(explainArgs(job.runDir, job.split, job.index), controller.signal);
      if (result.code !== 0) return { status: 'failed', message: cliMessage(result, 'explain') };
      const report = parseExplainReport(result.stdout);
      if (!report) return { status: 'failed', message: 'seqlab explain printed no report (see the SeqLab log)' };
      const done: Done = { status: 'done', report, seconds: (performance.now() - started) / 1000, bytes: result.stdout.length, cached: false };
      this.store(cacheKey(job), done);
      // The split's last window is also window N: a later request by number finds it too.
      if (job.index === null) this.store(cacheKey({ ...job, index: report.index }), done);
      return done;
    } catch (error) {
      if (error instanceof CliCancelled) return { status: 'cancelled' };
      return { status: 'failed', message: (error as Error).message };
    } finally {
      if (this.current === controller) this.current = undefined;
    }
  }

  /** Stops the child computing an explanation, if any; true if there was one. */
  cancel(): boolean {
    const current = this.current;
    this.current = undefined;
    current?.abort();
    return current !== undefined;
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** How many reports are kept, and their JSON's size. */
  get cacheSize(): { readonly reports: number; readonly bytes: number } {
    return { reports: new Set(this.cache.values()).size, bytes: this.cachedBytes };
  }

  dispose(): void {
    this.cancel();
    this.cache.clear();
    this.cachedBytes = 0;
  }

  private store(key: string, done: Done): void {
    if (done.bytes > this.maxCacheBytes) return;
    this.cache.set(key, done);
    this.cachedBytes = this.bytesHeld();
    // Least recently used first (a Map keeps insertion order; touch() re-inserts).
    for (const [oldKey] of this.cache) {
      if (this.cachedBytes <= this.maxCacheBytes) break;
      this.cache.delete(oldKey);
      this.cachedBytes = this.bytesHeld();
    }
  }

  private touch(key: string, done: Done): void {
    this.cache.delete(key);
    this.cache.set(key, done);
  }

  /** The same report may sit under two keys (last window, and its number): counted once. */
  private bytesHeld(): number {
    let bytes = 0;
    for (const done of new Set(this.cache.values())) bytes += done.bytes;
    return bytes;
  }
}

function cacheKey(job: ExplainJob): string {
  return JSON.stringify([job.runDir, job.version, job.split, job.index]);
}

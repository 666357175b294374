import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readRunFolder, RUN_FILES, type RunSummary, type Task } from '../../engine/index';
import type { RunStateKind } from '../../webview/protocol';
import { Disposable } from '../dispose';
import type { LiveRun, RunManager } from '../training/runManager';
import { ReadQueue, RunLogFollower } from './logFollower';
import type { SeriesStore } from './seriesStore';

// Every run folder of the workspace (`**/.seqlab/runs/*/run.json`, CLI runs included), kept current by
// a file watcher, merged with the runs this window trains or has queued. A run's state is the engine's
// `runState`, except for this window's own runs, whose phase the host knows first.

export interface CatalogRun {
  readonly id: string;
  readonly runDir: string;
  readonly configFile: string;
  readonly label: string;
  readonly created: string;
  readonly state: RunStateKind;
  readonly task: Task | null;
  readonly summary: RunSummary | null;
  /** Why it failed, stopped or is interrupted, for the user. */
  readonly reason: string | null;
  readonly hasModel: boolean;
  /** From its creation to its last write (summary or metrics), or to now while it trains here. */
  readonly durationSeconds: number | null;
  /** Set for runs this window trains (or trained). */
  readonly live: LiveRun | undefined;
}

const RUN_GLOB = '**/.seqlab/runs/*/run.json';
/**
 * How often runs another process trains are looked at again. A live trainer's heartbeat rewrites its
 * lock (which the watcher sees), but a trainer that dies writes nothing: only a fresh look at its lock
 * shows the run interrupted (e.g. the runs of a window that was reloaded, once its old host has exited).
 */
const ELSEWHERE_POLL_MS = 5000;
/** States in which a run's log no longer grows (a resume makes it running again). */
const SETTLED = new Set<RunStateKind>(['completed', 'early-stopped', 'stopped', 'diverged', 'failed', 'interrupted']);
/** Run folders read per turn of the event loop when the workspace is scanned (about a millisecond each). */
const RUNS_PER_TURN = 8;

export class RunCatalog extends Disposable {
  private readonly onDisk = new Map<string, CatalogRun>();
  private readonly logs = new Map<string, RunLogFollower>();
  private readonly reads = new ReadQueue();
  private readonly changeEmitter = this.register(new vscode.EventEmitter<void>());
  /** Runs were added, removed or changed state (fires at most every ~200 ms). */
  readonly onDidChange = this.changeEmitter.event;
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly elsewhere = setInterval(() => this.recheckElsewhere(), ELSEWHERE_POLL_MS);
  private scanned: Promise<void>;

  constructor(private readonly manager: RunManager) {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/.seqlab/runs/*/{run.json,summary.json,run.lock,model.onnx}'));
    const touched = (uri: vscode.Uri): void => this.schedule(path.dirname(uri.fsPath));
    this.register(watcher.onDidCreate(touched));
    this.register(watcher.onDidChange(touched));
    this.register(watcher.onDidDelete(touched));
    // A run folder deleted whole is reported as the folder alone, not file by file.
    const folders = this.register(vscode.workspace.createFileSystemWatcher('**/.seqlab/runs/*', true, true, false));
    this.register(folders.onDidDelete((uri) => this.schedule(uri.fsPath)));
    this.register(manager.onDidChangeRun((run) => this.schedule(run.runDir)));
    // A live run's epoch, headline metric and duration change with every epoch.
    this.register(manager.onDidReceiveEvents(({ events }) => {
      if (events.some((event) => event.type === 'epoch')) this.schedule();
    }));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()));
    this.scanned = this.rescan();
  }

  /** Resolves once the first scan of the workspace is done. */
  ready(): Promise<void> {
    return this.scanned;
  }

  async rescan(): Promise<void> {
    const files = await vscode.workspace.findFiles(RUN_GLOB, '**/node_modules/**');
    const found = new Set(files.map((file) => path.dirname(file.fsPath)));
    for (const runDir of this.onDisk.keys()) if (!found.has(runDir)) this.onDisk.delete(runDir);
    // A few folders per turn of the event loop: a workspace may hold hundreds of runs.
    for (const [index, runDir] of [...found].entries()) {
      this.readRun(runDir);
      if (index % RUNS_PER_TURN === RUNS_PER_TURN - 1) await new Promise((resolve) => setImmediate(resolve));
    }
    this.changeEmitter.fire();
  }

  /** Reads these run folders again (e.g. just deleted), without waiting for the file watcher. */
  refresh(runDirs: readonly string[]): void {
    for (const runDir of runDirs) this.schedule(runDir);
  }

  /** Every run, newest first. */
  runs(): CatalogRun[] {
    const byDir = new Map<string, CatalogRun | undefined>(this.onDisk);
    for (const live of this.manager.all()) byDir.set(live.runDir, this.withLive(byDir.get(live.runDir), live));
    return [...byDir.values()].filter((run): run is CatalogRun => run !== undefined).sort((a, b) => b.created.localeCompare(a.created) || b.id.localeCompare(a.id));
  }

  runsOf(configFile: string): CatalogRun[] {
    return this.runs().filter((run) => run.configFile === configFile);
  }

  get(runDir: string): CatalogRun | undefined {
    return this.runs().find((run) => run.runDir === runDir);
  }

  /**
   * A run's curves: the live store for this window's runs, else what has been read of its metrics.jsonl
   * (read in the background and followed while it grows: a panel shows it as it arrives). A store is
   * replaced, not changed, when a resume cut the log back.
   */
  series(run: CatalogRun): SeriesStore {
    if (run.live) return run.live.store;
    let follower = this.logs.get(run.runDir);
    if (!follower) this.logs.set(run.runDir, (follower = new RunLogFollower(run.runDir, this.reads)));
    return follower.store(SETTLED.has(run.state));
  }

  /** Re-reads `runDir` from disk (if given) and fires onDidChange, at most every ~200 ms. */
  private schedule(runDir?: string): void {
    if (runDir !== undefined) this.pending.add(runDir);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const dirs = [...this.pending];
      this.pending.clear();
      for (const dir of dirs) this.readRun(dir);
      this.changeEmitter.fire();
    }, 200);
  }

  private recheckElsewhere(): void {
    for (const run of this.onDisk.values()) {
      if (run.state === 'running-elsewhere' && !this.manager.get(run.runDir)) this.schedule(run.runDir);
    }
  }

  private readRun(runDir: string): void {
    if (!fs.existsSync(path.join(runDir, RUN_FILES.run))) {
      this.onDisk.delete(runDir);
      this.logs.delete(runDir);
      return;
    }
    try {
      const folder = readRunFolder(runDir);
      const { state, info } = folder;
      this.onDisk.set(runDir, {
        id: path.basename(runDir),
        runDir,
        // The path relative to the run folder holds when the workspace was moved or copied.
        configFile: info.relative ? path.resolve(runDir, info.relative.configFile) : info.configFile,
        label: info.label ?? '',
        created: info.created,
        // A live lock that is not one of this window's runs: the CLI or another window trains it.
        state: state.kind === 'running' ? 'running-elsewhere' : state.kind,
        task: folder.config.data.task,
        summary: state.summary,
        reason: state.reason,
        hasModel: fs.existsSync(path.join(runDir, RUN_FILES.model)),
        durationSeconds: lastWrite(runDir, info.created),
        live: undefined,
      });
    } catch {
      this.onDisk.delete(runDir); // half-written by a trainer starting now: the watcher brings it back
    }
  }

  private withLive(disk: CatalogRun | undefined, live: LiveRun): CatalogRun | undefined {
    if (live.phase === 'ended') {
      // A queued run stopped before it began has no folder: it is gone.
      return disk ? { ...disk, label: disk.label || live.label, live } : undefined;
    }
    const state: RunStateKind = live.phase === 'queued' ? 'queued' : 'running';
    return {
      id: live.id, runDir: live.runDir, configFile: live.configFile, label: live.label, created: disk?.created ?? live.created,
      state, task: live.store.start?.task ?? disk?.task ?? null, summary: null, reason: null,
      hasModel: disk?.hasModel ?? false, live,
      durationSeconds: live.phase === 'queued' ? null : (Date.now() - Date.parse(live.created)) / 1000,
    };
  }

  override dispose(): void {
    clearTimeout(this.timer);
    clearInterval(this.elsewhere);
    super.dispose();
  }
}

function lastWrite(runDir: string, created: string): number | null {
  const last = Math.max(statTime(path.join(runDir, RUN_FILES.summary)), statTime(path.join(runDir, RUN_FILES.metrics)));
  const start = Date.parse(created);
  return last > 0 && Number.isFinite(start) ? (last - start) / 1000 : null;
}

function statTime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

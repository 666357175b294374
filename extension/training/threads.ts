// How many threads each training run gets (`seqlab.training.threads`). `auto` shares the machine's
// cores among the runs that are training now: two for a lone run (with which the engine measures
// whether one, two or three threads train fastest: engine/runs/threadChoice.ts), one each when two or
// more train at once. A number is taken as given, up to the engine's two. Runs that
// only score and export do not count: their thread count no longer matters.

export type ThreadsSetting = 'auto' | number;

export function threadsPerRun(setting: ThreadsSetting, trainingRuns: number, cores: number): number {
  if (typeof setting === 'number' && Number.isFinite(setting)) return Math.max(1, Math.min(2, Math.floor(setting)));
  return trainingRuns <= 1 && cores >= 2 ? 2 : 1;
}

/** Reads the setting's raw value, falling back to `auto` for anything else. */
export function parseThreadsSetting(value: unknown): ThreadsSetting {
  const count = typeof value === 'string' ? Number(value) : value;
  return typeof count === 'number' && Number.isInteger(count) && count >= 1 ? count : 'auto';
}

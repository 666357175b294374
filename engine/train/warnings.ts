// Warnings of a run (a TrainingEvent of type 'warning'), held back until the run's `start` event has
// gone out: some arise while the model is being allocated, before the loop starts, and every consumer
// (the CLI, metrics.jsonl, the panel) expects a run's events to begin with `start`.
import type { WarningEvent } from './events';

export class RunWarnings {
  private readonly pending: WarningEvent[] = [];
  private emit: ((event: WarningEvent) => void) | null = null;

  /** Reports a warning now, or as soon as the run has started. */
  readonly warn = (warning: { code: string; message: string }): void => {
    const event: WarningEvent = { type: 'warning', code: warning.code, message: warning.message };
    if (this.emit) this.emit(event);
    else this.pending.push(event);
  };

  /** From now on warnings go straight to `emit`; the ones held back go first. */
  open(emit: (event: WarningEvent) => void): void {
    if (this.emit) return;
    this.emit = emit;
    for (const event of this.pending.splice(0)) emit(event);
  }
}

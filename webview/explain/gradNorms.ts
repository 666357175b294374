import type { EpochEvent } from '../../engine/types';

// The gradient norm of every gate block per epoch, from the run's epoch events as they arrive (the
// engine adds `gateGradNorms` to each: the mean over the epoch's batches, before clipping). One series
// per layer and gate, so that vanishing (a layer's norms falling by decades) or exploding gradients show
// at a glance. A resumed run repeats epochs: the last event of an epoch counts. Pure.

export interface GradNormSeries {
  readonly layer: number;
  readonly gate: string;
  /** One value per epoch of `epochs` (null where an epoch has none). */
  readonly values: readonly (number | null)[];
}

export interface GradNormHistory {
  readonly epochs: readonly number[];
  readonly layers: number;
  readonly gates: readonly string[];
  readonly series: readonly GradNormSeries[];
}

export function gradNormHistory(events: readonly EpochEvent[]): GradNormHistory | null {
  const byEpoch = new Map<number, NonNullable<EpochEvent['gateGradNorms']>>();
  for (const event of events) if (event.gateGradNorms) byEpoch.set(event.epoch, event.gateGradNorms);
  if (byEpoch.size === 0) return null;
  const epochs = [...byEpoch.keys()].sort((a, b) => a - b);
  const last = byEpoch.get(epochs[epochs.length - 1])!;
  const gates = last.gates;
  const layers = last.norms.length;
  const series: GradNormSeries[] = [];
  for (let l = 0; l < layers; l++) {
    gates.forEach((gate, g) => series.push({
      layer: l,
      gate,
      values: epochs.map((epoch) => {
        const value = byEpoch.get(epoch)?.norms[l]?.[g];
        return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null; // a log axis has no 0
      }),
    }));
  }
  return { epochs, layers, gates, series };
}

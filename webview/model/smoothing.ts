import { Column } from './column';

// Exponential moving average with TensorBoard's debiasing: s_t = w·s_{t−1} + (1−w)·x_t, shown as
// s_t / (1 − w^t). Without the division the first points are pulled towards zero (s_0 = 0); with it
// the first smoothed point is the first raw point and a constant series stays constant.
// Non-finite points (a diverged loss) pass through unsmoothed and leave the average as it was.
//
// The smoothing runs over the raw series, every point, before anything is decimated for drawing:
// a smoothed point depends only on the points before it, so it does not move when the chart zooms
// or when more points arrive.

/** The slider's range: 0 is no smoothing; 1 would freeze the average at its first value. */
export const MAX_SMOOTHING = 0.99;

export function clampSmoothing(weight: number): number {
  return Number.isFinite(weight) ? Math.min(MAX_SMOOTHING, Math.max(0, weight)) : 0;
}

/** The running state of the average after some prefix of a series. */
interface EmaState {
  average: number; // s_t, before debiasing
  decay: number; // w^t over the finite points so far
}

function smoothStep(state: EmaState, weight: number, value: number): number {
  if (!Number.isFinite(value)) return value;
  state.average = weight * state.average + (1 - weight) * value;
  state.decay *= weight;
  return state.average / (1 - state.decay);
}

/** The whole series smoothed at once (the reference the incremental form is tested against). */
export function emaSmooth(raw: ArrayLike<number>, weight: number): Float64Array {
  const w = clampSmoothing(weight);
  const state: EmaState = { average: 0, decay: 1 };
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = smoothStep(state, w, raw[i]);
  return out;
}

/** A smoothed copy of a growing series, extended point by point as the series grows. */
export class SmoothedSeries {
  readonly values = new Column();
  private state: EmaState = { average: 0, decay: 1 };
  private weight: number;

  constructor(weight: number) {
    this.weight = clampSmoothing(weight);
  }

  /**
   * Brings the smoothed values in line with `raw[0, length)`, whose points from `changedFrom` on are
   * new or rewritten (a resumed run rewrites its tail): appending costs O(new points); a rewrite or
   * a new weight starts over.
   */
  update(raw: ArrayLike<number>, length: number, changedFrom: number, weight = this.weight): void {
    const w = clampSmoothing(weight);
    if (w !== this.weight || changedFrom < this.values.length || length < this.values.length) {
      this.weight = w;
      this.values.truncate(0);
      this.state = { average: 0, decay: 1 };
    }
    for (let i = this.values.length; i < length; i++) this.values.push(smoothStep(this.state, this.weight, raw[i]));
  }
}

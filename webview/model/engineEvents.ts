// The engine's event types as the panel reads them, from engine/types.ts (types only).
// Branch `runs` adds `EpochEvent.step`, `StartEvent.baselines` and the forecast sample's validation
// stretch; until it lands they are spelled out here, and this file shrinks to re-exports after it.
import type { EpochEvent as EngineEpochEvent, Sample, SampleEvent as EngineSampleEvent } from '../../engine/types';

export type { BaselineName, ClassifyMetrics, ForecastMetrics, RunSummary, Task, TaskMetrics, TextMetrics } from '../../engine/types';

/** One epoch's event; `step` is the optimiser steps taken by its end. */
export type EpochEvent = EngineEpochEvent & { readonly step: number };

/** The forecast sample: a stretch of the validation split predicted one step ahead, in original units. */
export interface ForecastSample {
  readonly task: 'forecast';
  readonly targets: readonly string[];
  /** The time column's values, or null when the data has none (the panel numbers the steps). */
  readonly times: readonly string[] | null;
  /** [K targets][N ≤ 200 steps] */
  readonly truth: readonly (readonly number[])[];
  readonly prediction: readonly (readonly number[])[];
  readonly naive: readonly (readonly number[])[];
  readonly seasonalNaive: readonly (readonly number[])[];
  /** The season length the seasonal-naive forecast repeats. */
  readonly season: number;
}

export type ClassifySample = Extract<Sample, { task: 'classify' }>;
export type TextSample = Extract<Sample, { task: 'text' }>;
export type PanelSample = ForecastSample | ClassifySample | TextSample;

export interface SampleEvent extends Omit<EngineSampleEvent, 'sample'> {
  readonly sample: PanelSample;
}

// The engine's event types as the panel reads them, from engine/types.ts (types only), with names for
// the three kinds of sample.
import type { Sample } from '../../engine/types';

export type {
  BaselineName, ClassifyMetrics, EpochEvent, ForecastMetrics, RunSummary, SampleEvent, Task, TaskMetrics, TextMetrics,
} from '../../engine/types';

export type ForecastSample = Extract<Sample, { task: 'forecast' }>;
export type ClassifySample = Extract<Sample, { task: 'classify' }>;
export type TextSample = Extract<Sample, { task: 'text' }>;

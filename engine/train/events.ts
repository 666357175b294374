// The events of a training run, shared by everything that drives or watches one: the CLI prints them
// (or writes them as JSON lines), the run folder records them in metrics.jsonl, and the extension's
// worker posts them to the panel. Plain JSON-serialisable data only.
import type { BaselineName } from '../eval/baselines';
import type { TaskMetrics } from '../eval/metrics';
import type { Task } from '../data/types';

export type RunStatus = 'completed' | 'early-stopped' | 'stopped' | 'diverged' | 'failed';

export interface StartEvent {
  type: 'start';
  task: Task;
  epochs: number;
  batchesPerEpoch: number;
  parameters: number;
  /** Where a resumed run picks up: epochs and batches already done. */
  resumedAt: { epoch: number; batch: number } | null;
  /** The kernels it trains with: 'reference', 'simd' or 'simd-relaxed', on 1 or 2 threads. */
  kernels: { name: string; threads: number };
  /** The baselines' validation metrics (they depend only on the data), to compare each epoch's `val` with. */
  baselines: Partial<Record<BaselineName, TaskMetrics>>;
}

export interface BatchEvent {
  type: 'batch';
  epoch: number; // 1-based epoch this batch belongs to
  batch: number; // 1-based batch within the epoch
  batches: number;
  step: number; // optimiser steps so far
  loss: number;
  gradNorm: number;
  lr: number;
}

export interface EpochEvent {
  type: 'epoch';
  epoch: number; // 1-based
  step: number; // optimiser steps so far
  trainLoss: number;
  valLoss: number;
  lr: number;
  /** Validation metrics in original units (forecast), or accuracy/F1 (classify), or bits per char (text). */
  val: TaskMetrics;
  best: boolean;
  seconds: number;
}

export type Sample =
  /**
   * Rolling one-step-ahead forecasts over the last N ≤ 200 validation steps, in original units: each
   * array is [K targets][N steps], aligned with `times` (the time column's labels, or null without one).
   * `season` is the seasonal-naive baseline's season in rows.
   */
  | { task: 'forecast'; targets: string[]; times: string[] | null; truth: number[][]; prediction: number[][]; naive: number[][]; seasonalNaive: number[][]; season: number }
  | { task: 'classify'; classes: string[]; windows: { truth: number; predicted: number; probabilities: number[] }[] }
  | { task: 'text'; prompt: string; text: string; temperature: number };

export interface SampleEvent {
  type: 'sample';
  epoch: number;
  sample: Sample;
}

export interface CheckpointEvent {
  type: 'checkpoint';
  epoch: number;
  batch: number;
  file: string;
}

export interface DoneEvent {
  type: 'done';
  status: RunStatus;
  epochs: number;
  bestEpoch: number;
  message: string;
}

export interface ErrorEvent {
  type: 'error';
  code: string;
  message: string;
}

export type TrainingEvent = StartEvent | BatchEvent | EpochEvent | SampleEvent | CheckpointEvent | DoneEvent | ErrorEvent;

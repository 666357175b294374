// The engine's one face for the editor: everything the extension host and its training worker may use.
// eslint lets extension/** import engine/ only through this module, so the seam between the editor and
// the engine stays in one place and the extension never grows a second copy of engine logic.

// Errors a user can act on (file, row, column or JSON path, and a hint).
export { SeqLabError, isSeqLabError, type ErrorCode, type ErrorWhere } from './errors';
export { ENGINE_VERSION } from './version';

// Configs: the schema, proposing one for a data file (as `seqlab init` does), loading and validating.
export { configSchema } from './config/validate';
export { loadConfig, parseConfigText, validateConfig, resolveDataFile, type LoadedConfig } from './config/load';
export { proposeConfig, defaultConfigPath, taskForFile, type ProposeOptions, type Proposal } from './config/propose';
export type { SeqLabConfig } from './config/schema.generated';

// Everything wrong with a config's text at once, for the editor's diagnostics (JSON pointer and text range
// per problem): syntax, schema, semantics, and what the data file says (missing columns, windows, memory).
export { diagnoseConfig, type ConfigProblem, type DiagnoseOptions } from './config/diagnose';

// Memory before it is spent: an estimate from a config and its data's shape (a cheap async scan of the
// file, or prepared data), what the machine can give, and the check startRun makes (refusing what would
// not fit, naming the setting to lower). The extension host refuses a config with it before a worker starts.
export {
  estimateMemory, shapeOfPrepared, availableMemory, formatBytes,
  type DataShape, type MemoryEstimate, type MemoryParts, type AvailableMemory,
} from './config/memory';
export { memoryProblem, memoryReport, describeMemory, assertMemoryFits, type MemoryProblem, type MemoryReport } from './config/memoryCheck';
export { scanDataShape, scanDataFile, shapeFromScan, type DataScan, type ScanOptions } from './data/scan';

// Runs: start, resume and stop (the loop polls `shouldStop` and `threads` before every batch), and
// their folders: what a run is (run.json, config.json, summary.json, its state) and its events.
export { startRun, resumeRun, type StartOptions, type RunHandlers, type RunResult } from './runs/session';
export { RUN_FILES, defaultRunDir, type RunInfo } from './runs/runFolder';
export { readRunFolder, readRunEvents, readRunEventsFrom, RUN_LOG_START, type RunRecord, type RunLogPosition, type RunEventsRead } from './runs/readRun';
// A run's state (running, interrupted, or how it ended), decided by one function for everyone; and the
// release of a dead trainer's run (e.g. a terminated worker), which records `failed` through the engine,
// or leaves it interrupted when the trainer was ended on purpose (an editor closing).
export { runState, describeRunState, releaseRun, releaseInterruptedRun } from './runs/runState';
export { scalarMetricNames, higherIsBetter } from './runs/summary';

// The events of a run (the CLI prints them, metrics.jsonl records them, the worker posts them), metrics
// and summaries: engine/types.ts, which the webview may import too.
export type * from './types';

// Looking inside a run's model (`seqlab explain`): run it in the training worker or a child process, only
// when asked; the report's shape is in engine/types.ts (explain/types.ts).
export { explainRun, diagnoseRun, type ExplainOptions } from './explain/run';

// Prepared data and the data report (what `seqlab data` prints).
export { prepareData, formatDataReport, type PreparedData, type DataReport } from './data/prepare';

// ONNX models: reading their metadata, and running them with onnxruntime-node.
export { readOnnx, type OnnxModelInfo } from './onnx/reader';
export type { SeqLabModelMetadata, TextSampling } from './onnx/metadataTypes';
// A text model's generation defaults (recorded at export; older models get DEFAULT_SAMPLING): pure, no onnxruntime.
export { DEFAULT_SAMPLING, samplingOf } from './onnx/metadata';
export { ModelCache } from './runtime/modelCache';
export { SeqLabModel } from './runtime/modelSession';

// Tests of the editor lower the SIMD kernels' memory limit in a training worker, so that it fills (and a
// run says so with an ARENA_FULL warning) without 4 GiB.
export { setArenaLimit } from './kernels/simd/arena';

// Atomic writes (temp file, fsync, rename), for the files the editor writes itself (a proposed config).
export { atomicWriteFileSync, removeTempFilesOf } from './io/atomicWrite';

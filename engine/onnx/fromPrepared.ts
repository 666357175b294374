// The bridge from a training run to the exporter: PreparedData (engine/data) + the model + the run's
// results → ExportInput. The run code (end-of-run export, `seqlab export <run-dir>`) calls
// exportInputFromRun and hands the result to writeOnnxFile.
import type { PreparedData } from '../data/types';
import type { ModelSpec } from '../spec';
import { UNK_TOKEN } from '../data/types';
import type { ExportInput } from './export';
import { DEFAULT_SAMPLING } from './metadata';
import type { JsonValue, ModelMetrics, TextSampling } from './metadataTypes';
import type { TaskMetadata } from './exportTasks';
import type { NamedParams } from './recurrent';

export interface RunFacts {
  configHash: string;
  /** summary.json's metrics and baselines (val/test), stored as they are. */
  metrics?: ModelMetrics;
  /** The resolved config the run used (config.json). */
  config?: JsonValue;
}

/** Everything SeqLab's metadata records about prepared data (the exporter adds io, model, format). */
export function metadataFromPrepared(data: PreparedData, facts: RunFacts): Omit<TaskMetadata, 'engineVersion'> {
  const common = {
    task: data.task,
    configHash: facts.configHash,
    window: data.window,
    ...(facts.metrics ? { metrics: facts.metrics } : {}),
    ...(facts.config !== undefined ? { config: facts.config } : {}),
  };
  if (data.task === 'text') {
    const unknown = data.vocabulary.indexOf(UNK_TOKEN);
    return { ...common, vocabulary: { tokens: data.vocabulary, unknown: unknown < 0 ? 0 : unknown, tokenizer: data.tokenizer }, sampling: samplingFromConfig(facts.config) };
  }
  const tabular = {
    ...common,
    columns: data.report.columns.map(({ name, kind, role }) => ({ name, kind, role })),
    inputColumns: data.inputColumns,
    normalization: data.normalisation,
    time: data.time,
  };
  if (data.task === 'forecast') return { ...tabular, horizon: data.horizon };
  return {
    ...tabular,
    label: data.labelColumn,
    sequenceId: data.sequenceIdColumn,
    ...(data.sequenceIdColumn === null ? { labelOffset: data.labelOffset } : {}),
    classes: data.classNames,
  };
}

/** The config's export.sampling over the defaults (a config without the block, or none, gets the defaults). */
function samplingFromConfig(config: JsonValue | undefined): TextSampling {
  const given = (config as { export?: { sampling?: Partial<TextSampling> } } | undefined)?.export?.sampling;
  return { ...DEFAULT_SAMPLING, ...given };
}

export function exportInputFromRun(spec: ModelSpec, params: NamedParams, data: PreparedData, facts: RunFacts): ExportInput {
  return { spec, params, metadata: metadataFromPrepared(data, facts) };
}

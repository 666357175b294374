// A run's model as ONNX: the best weights, the data's scaling inside the graph, and the run's metrics
// and config in the metadata. Written at the end of every run (when the config's export.onnx is on,
// by the run session) and on demand by `seqlab export`.
import type { PreparedData } from '../data/types';
import type { TaskMetrics } from '../eval/metrics';
import { writeOnnxFile } from '../onnx/export';
import { exportInputFromRun } from '../onnx/fromPrepared';
import type { JsonValue, MetricValues, ModelMetrics } from '../onnx/metadataTypes';
import type { ModelSpec } from '../spec';
import type { Floats } from '../tensor';
import { viewParams, type ParamLayout } from '../params';
import type { RunSummary } from './summary';

export interface ModelToExport {
  spec: ModelSpec;
  layout: ParamLayout;
  /** The weights to export (a run's best). */
  params: Floats;
  data: PreparedData;
  configHash: string;
  metrics: ModelMetrics | undefined;
}

export function writeRunModel(file: string, model: ModelToExport): string {
  const input = exportInputFromRun(model.spec, viewParams(model.layout, model.params), model.data, {
    configHash: model.configHash,
    metrics: model.metrics,
    config: model.data.config as unknown as JsonValue,
  });
  writeOnnxFile(file, { ...input, opset: model.data.config.export.opset });
  return file;
}

/** summary.json's metrics and baselines in the metadata's JSON shape. */
export function metricsOf(summary: Pick<RunSummary, 'metrics' | 'baselines'>): ModelMetrics {
  const json = (metrics: TaskMetrics | null) => (metrics ? (JSON.parse(JSON.stringify(metrics)) as MetricValues) : undefined);
  return {
    val: json(summary.metrics.val),
    test: json(summary.metrics.test),
    baselines: Object.fromEntries(Object.entries(summary.baselines).map(([name, value]) => [name, { val: json(value.val), test: json(value.test) }])),
  };
}

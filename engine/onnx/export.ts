// ModelSpec + named parameters + metadata → ONNX bytes (and, at the I/O edge, an atomic file write).
// The bytes depend only on the inputs, so exporting the same model twice gives the same file.
import type { ModelSpec } from '../spec';
import { ENGINE_VERSION } from '../version';
import { atomicWriteFileSync } from '../io/atomicWrite';
import { GraphBuilder, OPSET_VERSION, modelProto } from './graphBuilder';
import { encodeModelProto } from './proto';
import { METADATA_FORMAT, metadataToProps, type SeqLabModelMetadata } from './metadata';
import { checkParams, type NamedParams } from './recurrent';
import { exportClassifyGraph, exportForecastGraph, exportTextGraph, type TaskMetadata } from './exportTasks';

export interface ExportInput {
  spec: ModelSpec;
  /** Parameters by name (model.views.params), float32 or float64; written as float32. */
  params: NamedParams;
  /** Everything SeqLab records about the model; `engineVersion` defaults to this engine's. The
   *  normalization section is also the description of the scaling the graph performs. */
  metadata: Omit<TaskMetadata, 'engineVersion'> & { engineVersion?: string };
  /** ONNX opset, 14–21 (config export.opset); default 17 (IR 8), see graphBuilder.ts. */
  opset?: number;
}

/** The ONNX model (default IR 8, opset 17) as bytes; throws Error on an inconsistent input (a caller bug). */
export function exportOnnx(input: ExportInput): Uint8Array {
  const { spec, params } = input;
  const meta: TaskMetadata = { ...input.metadata, engineVersion: input.metadata.engineVersion ?? ENGINE_VERSION };
  checkParams(spec, params);
  const g = new GraphBuilder();
  const io =
    meta.task === 'forecast' ? exportForecastGraph(g, spec, params, meta)
      : meta.task === 'classify' ? exportClassifyGraph(g, spec, params, meta)
        : exportTextGraph(g, spec, params);
  const metadata: SeqLabModelMetadata = { formatVersion: METADATA_FORMAT, ...meta, model: spec, io };
  const graph = g.toGraph(`seqlab_${meta.task}`, `SeqLab ${meta.task} model: ${spec.layers}×${spec.cell.toUpperCase()}(${spec.hiddenSize})`);
  return encodeModelProto(modelProto({
    graph,
    opset: input.opset ?? OPSET_VERSION,
    metadataProps: metadataToProps(metadata),
    producerVersion: meta.engineVersion,
    docString: 'Exported by SeqLab. Inputs are raw values; scaling is inside the graph. See metadata_props seqlab.*.',
  }));
}

/** Exports and writes atomically (temp file, fsync, rename): a reader never sees a torn model. */
export function writeOnnxFile(file: string, input: ExportInput): Uint8Array {
  const bytes = exportOnnx(input);
  atomicWriteFileSync(file, bytes);
  return bytes;
}

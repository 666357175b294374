// Bytes → a validated description of an ONNX model: what SeqLab uses to read metadata, to show a model
// (`seqlab inspect`) and to vet a file before onnxruntime loads it. Every problem is a
// SeqLabError('BAD_MODEL') naming the file and what is wrong; nothing else escapes for any input bytes
// (test/unit/onnx/hostile.test.ts feeds it truncated, corrupted and hand-crafted hostile files).
import { SeqLabError } from '../errors';
import { decodeModelProto, type ModelProtoObject } from './proto';
import { LIMITS } from './limits';
import { hasSeqLabMetadata, metadataFromProps, METADATA_KEYS, type SeqLabModelMetadata } from './metadata';
import { validateModel } from './validate';
import type { Reject, TensorType } from './validateTensor';
import { checkIoAgainstGraph } from './validateIo';
import { scanModelBytes } from './scan';

export interface OnnxModelInfo {
  irVersion: number;
  opset: number;
  producer: string;
  inputs: TensorType[];
  outputs: TensorType[];
  operators: { op: string; count: number }[];
  parameterCount: number;
  /** Every metadata_props entry, SeqLab's and others'. */
  metadataProps: { key: string; value: string }[];
  /** Present when the file carries SeqLab metadata. */
  metadata?: SeqLabModelMetadata;
}

export interface ReadOptions {
  /** Named in error messages. */
  file?: string;
  /** Refuse files without SeqLab metadata (predict and sample need it; inspect does not). */
  requireSeqLab?: boolean;
}

export function readOnnx(bytes: Uint8Array, options: ReadOptions = {}): OnnxModelInfo {
  const where = options.file === undefined ? {} : { file: options.file };
  const reject: Reject = (message) => {
    throw new SeqLabError('BAD_MODEL', message, where);
  };
  if (bytes.length === 0) reject('the file is empty');
  if (bytes.length > LIMITS.maxBytes) reject(`the file has ${bytes.length} bytes; SeqLab reads models up to ${LIMITS.maxBytes} bytes`);
  scanModelBytes(bytes, reject);
  const model = decode(bytes, reject);
  const summary = validateModel(model, reject);
  const metadataProps = checkMetadataProps(model, reject);
  let metadata: SeqLabModelMetadata | undefined;
  if (hasSeqLabMetadata(metadataProps)) {
    metadata = metadataFromProps(metadataProps, options.file);
    checkIoAgainstGraph(metadata, summary, reject);
  } else if (options.requireSeqLab) {
    reject(`the model has no SeqLab metadata (metadata_props key ${METADATA_KEYS.formatVersion}), so SeqLab does not know its columns and scaling`);
  }
  return {
    irVersion: summary.irVersion,
    opset: summary.opset,
    producer: [model.producer_name, model.producer_version].filter(Boolean).join(' '),
    inputs: summary.inputs,
    outputs: summary.outputs,
    operators: [...summary.operators].map(([op, count]) => ({ op, count })),
    parameterCount: summary.parameterCount,
    metadataProps,
    ...(metadata ? { metadata } : {}),
  };
}

function decode(bytes: Uint8Array, reject: Reject): ModelProtoObject {
  try {
    return decodeModelProto(bytes);
  } catch (error) {
    // protobufjs reports truncation ("index out of range"), bad wire types and nesting beyond its
    // recursion limit ("max depth exceeded") as plain Errors; a RangeError would be the stack.
    const detail = error instanceof Error ? error.message : String(error);
    return reject(`not a readable ONNX model (protobuf decoding failed: ${detail.slice(0, 120)})`);
  }
}

function checkMetadataProps(model: ModelProtoObject, reject: Reject): { key: string; value: string }[] {
  const props = model.metadata_props ?? [];
  if (props.length > LIMITS.maxMetadataProps) reject(`metadata_props has ${props.length} entries; at most ${LIMITS.maxMetadataProps}`);
  let total = 0;
  const out = props.map(({ key, value }) => {
    total += (key?.length ?? 0) + (value?.length ?? 0);
    return { key: key ?? '', value: value ?? '' };
  });
  if (total > LIMITS.maxMetadataBytes) reject(`metadata_props hold ${total} characters; at most ${LIMITS.maxMetadataBytes}`);
  return out;
}

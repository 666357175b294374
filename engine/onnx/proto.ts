// The protobuf layer: ONNX messages encoded and decoded by protobufjs from the vendored onnx.proto
// (engine/onnx/proto/, ONNX v1.12.0). The schema is parsed once, on first use, by runtime reflection;
// the interfaces below describe the plain-object form of the fields SeqLab writes and reads
// (snake_case, exactly as in onnx.proto). int64 fields are numbers when SeqLab writes them and decimal
// strings when they are read back (so a hostile 2^63 cannot lose precision silently; see toSafeInt).
import * as protobuf from 'protobufjs';
import { ONNX_PROTO_TEXT } from './proto/onnxProtoText.generated';

export type Int64 = number | string;

/** TensorProto.DataType values (onnx.proto); test/unit/onnx/proto.test.ts checks them against the schema. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  COMPLEX64: 14,
  COMPLEX128: 15,
  BFLOAT16: 16,
} as const;

/** AttributeProto.AttributeType values (onnx.proto). */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
  TENSORS: 9,
  GRAPHS: 10,
  SPARSE_TENSOR: 11,
  SPARSE_TENSORS: 12,
  TYPE_PROTO: 13,
  TYPE_PROTOS: 14,
} as const;

/** TensorProto.DataLocation: EXTERNAL means the bytes live in another file, which SeqLab refuses. */
export const DATA_LOCATION_EXTERNAL = 1;

export interface StringStringEntry {
  key?: string;
  value?: string;
}

export interface TensorProtoObject {
  name?: string;
  dims?: Int64[];
  data_type?: number;
  raw_data?: Uint8Array;
  float_data?: number[];
  int32_data?: number[];
  int64_data?: Int64[];
  double_data?: number[];
  string_data?: Uint8Array[];
  uint64_data?: Int64[];
  external_data?: StringStringEntry[];
  data_location?: number;
  segment?: { begin?: Int64; end?: Int64 };
}

export interface DimensionObject {
  dim_value?: Int64;
  dim_param?: string;
}

export interface TypeProtoObject {
  tensor_type?: { elem_type?: number; shape?: { dim?: DimensionObject[] } };
  sequence_type?: unknown;
  map_type?: unknown;
  optional_type?: unknown;
  sparse_tensor_type?: unknown;
}

export interface ValueInfoObject {
  name?: string;
  type?: TypeProtoObject;
  doc_string?: string;
}

export interface AttributeObject {
  name?: string;
  type?: number;
  ref_attr_name?: string;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  t?: TensorProtoObject;
  g?: GraphProtoObject;
  floats?: number[];
  ints?: Int64[];
  strings?: Uint8Array[];
  tensors?: TensorProtoObject[];
  graphs?: GraphProtoObject[];
  sparse_tensor?: unknown;
  sparse_tensors?: unknown[];
  tp?: unknown;
  type_protos?: unknown[];
}

export interface NodeObject {
  input?: string[];
  output?: string[];
  name?: string;
  op_type?: string;
  domain?: string;
  attribute?: AttributeObject[];
  doc_string?: string;
}

export interface GraphProtoObject {
  node?: NodeObject[];
  name?: string;
  initializer?: TensorProtoObject[];
  sparse_initializer?: unknown[];
  doc_string?: string;
  input?: ValueInfoObject[];
  output?: ValueInfoObject[];
  value_info?: ValueInfoObject[];
}

export interface OperatorSetIdObject {
  domain?: string;
  version?: Int64;
}

export interface ModelProtoObject {
  ir_version?: Int64;
  opset_import?: OperatorSetIdObject[];
  producer_name?: string;
  producer_version?: string;
  domain?: string;
  model_version?: Int64;
  doc_string?: string;
  graph?: GraphProtoObject;
  metadata_props?: StringStringEntry[];
  training_info?: unknown[];
  functions?: unknown[];
}

let modelType: protobuf.Type | undefined;

/** onnx.ModelProto, reflected from the vendored schema (parsed once, ~5 ms). */
export function modelProtoType(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_PROTO_TEXT, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

/** Looks up any type or enum of the schema by its full name, e.g. `onnx.TensorProto.DataType`. */
export function lookupOnnx(name: string): protobuf.ReflectionObject {
  return modelProtoType().root.lookup(name) ?? (() => { throw new Error(`onnx.proto has no ${name}`); })();
}

export function encodeModelProto(model: ModelProtoObject): Uint8Array {
  const type = modelProtoType();
  // fromObject converts numbers to int64 and checks every field against the schema, so a typo in a
  // field name is dropped here rather than written; exporters are tested by decoding what they wrote.
  return type.encode(type.fromObject(model as Record<string, unknown>)).finish();
}

/**
 * Decodes ModelProto bytes into plain objects (int64 as decimal strings, bytes as Uint8Array). Throws
 * whatever protobufjs throws on malformed input (Error or RangeError); reader.ts wraps it.
 */
export function decodeModelProto(bytes: Uint8Array): ModelProtoObject {
  const type = modelProtoType();
  const message = type.decode(bytes);
  return type.toObject(message, { longs: String, enums: Number, arrays: false, defaults: false }) as ModelProtoObject;
}

/** An int64 read back as a string (or written as a number) → a JS number, or undefined if unsafe. */
export function toSafeInt(value: Int64 | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isSafeInteger(number) ? number : undefined;
}

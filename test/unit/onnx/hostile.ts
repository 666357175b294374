// A corpus of malformed and hostile ONNX files, each with the message SeqLab must answer it with.
// Most are a valid SeqLab export with one thing broken (decoded, edited, re-encoded with protobufjs);
// the rest are byte-level damage. test/fixtures/onnx/hostile/ holds them as files (hostile.test.ts
// checks the files are current; SEQLAB_UPDATE_FIXTURES=1 rewrites them).
import { createRng } from '../../../engine/rng';
import { exportOnnx } from '../../../engine/onnx/export';
import { DataType, decodeModelProto, encodeModelProto, type ModelProtoObject, type NodeObject } from '../../../engine/onnx/proto';
import { forecastCase } from './cases';

export interface HostileModel {
  name: string;
  bytes: Uint8Array;
  /** What the error message must say. */
  message: RegExp;
  /** Reaches onnxruntime (passes SeqLab's validator) and must fail there with a clear error. */
  failsInRuntime?: boolean;
  /** Megabytes of filler, built by the test and not kept as a fixture file. */
  large?: boolean;
}

function baseModel(): ModelProtoObject {
  return decodeModelProto(exportOnnx(forecastCase('lstm', 'relative', 1).input));
}

/** A valid export with `edit` applied to its decoded form. */
function edited(edit: (model: ModelProtoObject) => void): Uint8Array {
  const model = baseModel();
  edit(model);
  return encodeModelProto(model);
}

const nodes = (model: ModelProtoObject): NodeObject[] => model.graph!.node!;
const nodeOf = (model: ModelProtoObject, op: string): NodeObject => nodes(model).find((node) => node.op_type === op)!;
const initializer = (model: ModelProtoObject, name: string) => model.graph!.initializer!.find((tensor) => tensor.name === name)!;
const setMeta = (model: ModelProtoObject, key: string, value: string | undefined) => {
  model.metadata_props = model.metadata_props!.filter((prop) => prop.key !== key);
  if (value !== undefined) model.metadata_props.push({ key, value });
};

/** Length-delimited field `field` around `inner` (for hand-built nesting). */
function wrap(field: number, inner: Uint8Array): Uint8Array {
  const length: number[] = [];
  let n = inner.length;
  while (n > 127) {
    length.push((n & 127) | 128);
    n >>>= 7;
  }
  length.push(n);
  const out = new Uint8Array(1 + length.length + inner.length);
  out[0] = (field << 3) | 2;
  out.set(length, 1);
  out.set(inner, 1 + length.length);
  return out;
}

/** GraphProto → NodeProto → AttributeProto → GraphProto … `depth` times, inside ModelProto.graph. */
function deeplyNested(depth: number): Uint8Array {
  let inner: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < depth; i++) inner = wrap(1, wrap(5, wrap(6, inner)));
  return wrap(7, inner);
}

/** ModelProto.graph holding `count` copies of one field (`bytes` encodes it), e.g. empty NodeProtos. */
function graphFlood(count: number, field: number[]): Uint8Array {
  const inner = new Uint8Array(count * field.length);
  for (let i = 0; i < count; i++) inner.set(field, i * field.length);
  return wrap(7, inner);
}

function randomBytes(seed: number, length: number): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length }, () => rng.below(256));
}

export function hostileModels(): HostileModel[] {
  const valid = exportOnnx(forecastCase('lstm', 'relative', 1).input);
  const text = (s: string) => new TextEncoder().encode(s);
  return [
    { name: 'empty', bytes: new Uint8Array(0), message: /the file is empty/ },
    { name: 'random-bytes', bytes: randomBytes(1, 4096), message: /not a readable ONNX model|IR version|no graph|opset/ },
    { name: 'text-file', bytes: text('date,co2\n2020-01,410.2\n'), message: /not a readable ONNX model|IR version|no graph/ },
    { name: 'json-file', bytes: text('{"ir_version": 8, "graph": {}}'), message: /not a readable ONNX model|IR version|no graph/ },
    { name: 'png-header', bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), message: /not a readable ONNX model/ },
    { name: 'truncated-half', bytes: valid.subarray(0, valid.length >> 1), message: /not a readable ONNX model/ },
    { name: 'truncated-last-byte', bytes: valid.subarray(0, valid.length - 1), message: /not a readable ONNX model/ },
    { name: 'length-claims-1GB', bytes: Uint8Array.from([0x3a, 0x80, 0x80, 0x80, 0x80, 0x04, 1, 2, 3]), message: /not a readable ONNX model/ },
    { name: 'deep-nesting', bytes: deeplyNested(5_000), message: /messages are nested more than 24 levels deep/ },
    // 2 bytes per empty NodeProto: decoding these would take ~120 MB of heap per MB of file.
    { name: 'million-empty-nodes', bytes: graphFlood(1_100_000, [0x0a, 0x00]), message: /more than 1000000 protobuf values; SeqLab refuses it before decoding/, large: true },
    // One initializer whose packed int64_data has 1.2 M one-byte varints (one JS string each once decoded).
    { name: 'packed-int64-flood', bytes: wrap(7, wrap(5, wrap(7, new Uint8Array(1_200_000).fill(1)))), message: /more than 1000000 protobuf values/, large: true },
    { name: 'no-graph', bytes: edited((m) => delete m.graph), message: /has no graph/ },
    { name: 'no-ir-version', bytes: edited((m) => delete m.ir_version), message: /no IR version/ },
    { name: 'ir-version-99', bytes: edited((m) => (m.ir_version = 99)), message: /IR version 99 is outside/ },
    { name: 'no-opset', bytes: edited((m) => (m.opset_import = [])), message: /standard ONNX opset exactly once \(found 0\)/ },
    { name: 'opset-99', bytes: edited((m) => (m.opset_import = [{ domain: '', version: 99 }])), message: /opset 99 is outside/ },
    { name: 'custom-domain', bytes: edited((m) => { m.opset_import!.push({ domain: 'com.evil', version: 1 }); nodeOf(m, 'Div').domain = 'com.evil'; }), message: /operator domain "com.evil"/ },
    { name: 'operator-not-allowed', bytes: edited((m) => (nodeOf(m, 'Div').op_type = 'Einsum')), message: /operator Einsum is not one SeqLab runs/ },
    {
      name: 'loop-with-subgraph',
      bytes: edited((m) => nodes(m).push({ op_type: 'Loop', input: ['', ''], output: ['loop_out'], attribute: [{ name: 'body', type: 5, g: { name: 'body', node: [] } }] })),
      message: /operator Loop is not one SeqLab runs/,
    },
    { name: 'graph-attribute', bytes: edited((m) => (nodeOf(m, 'Div').attribute ??= []).push({ name: 'then_branch', type: 5, g: { name: 'x' } })), message: /attribute then_branch holds a graph/ },
    { name: 'external-data', bytes: edited((m) => { const t = initializer(m, 'rnn_0_W'); delete t.raw_data; t.data_location = 1; t.external_data = [{ key: 'location', value: '/etc/passwd' }]; }), message: /external file \(external_data\)/ },
    { name: 'external-location-only', bytes: edited((m) => (initializer(m, 'head_bias').data_location = 1)), message: /external file/ },
    { name: 'huge-initializer-dims', bytes: edited((m) => (initializer(m, 'head_weight').dims = [1_000_000_000, 1_000_000_000])), message: /dimension 1000000000 on axis 0/ },
    { name: 'int64-overflow-dim', bytes: edited((m) => (initializer(m, 'head_weight').dims = ['9223372036854775807', 1])), message: /dimension 9223372036854775807/ },
    { name: 'negative-dim', bytes: edited((m) => (initializer(m, 'head_bias').dims = [-6])), message: /dimension -6/ },
    { name: 'too-many-elements', bytes: edited((m) => (initializer(m, 'head_weight').dims = [1 << 16, 1 << 16])), message: /4294967296 elements/ },
    { name: 'raw-data-short', bytes: edited((m) => (initializer(m, 'head_bias').raw_data = new Uint8Array(12))), message: /raw_data has 12 bytes, but dims \[6\] of float32 need 24/ },
    { name: 'float-data-count', bytes: edited((m) => { const t = initializer(m, 'head_bias'); delete t.raw_data; t.float_data = [1, 2, 3]; }), message: /float_data has 3 values, but dims \[6\] need 6/ },
    { name: 'string-tensor', bytes: edited((m) => { const t = initializer(m, 'head_bias'); t.data_type = DataType.STRING; }), message: /unsupported element type 8 \(string\)/ },
    { name: 'float8-tensor', bytes: edited((m) => (initializer(m, 'head_bias').data_type = 17)), message: /unsupported element type 17 \(float8e4m3fn\)/ },
    { name: 'absurd-input-dim', bytes: edited((m) => (m.graph!.input![0].type!.tensor_type!.shape!.dim![2] = { dim_value: 2 ** 40 })), message: /graph input x has size 1099511627776 on axis 2/ },
    { name: 'sequence-input', bytes: edited((m) => (m.graph!.input![0].type = { sequence_type: { elem_type: { tensor_type: { elem_type: 1 } } } })), message: /graph input x is not a tensor/ },
    { name: 'undefined-value', bytes: edited((m) => (nodeOf(m, 'Div').input![1] = 'nowhere')), message: /reads nowhere, which no earlier node/ },
    { name: 'not-topological', bytes: edited((m) => m.graph!.node!.reverse()), message: /which no earlier node, input or initializer defines/ },
    { name: 'output-twice', bytes: edited((m) => (nodeOf(m, 'Div').output = [nodeOf(m, 'Sub').output![0]])), message: /defined twice/ },
    { name: 'output-never-computed', bytes: edited((m) => (m.graph!.output![0].name = 'ghost')), message: /graph output ghost is never computed/ },
    { name: 'lstm-wrong-R-shape', bytes: edited((m) => { const t = initializer(m, 'rnn_0_R'); t.dims = [1, 12, 12]; t.raw_data = new Uint8Array(1 * 12 * 12 * 4); }), message: /R has shape \[1, 12, 12\], expected \[directions, 24, 6\]/ },
    { name: 'lstm-layout-1', bytes: edited((m) => nodeOf(m, 'LSTM').attribute!.push({ name: 'layout', type: 2, i: 1 })), message: /layout=1 \(batch-first\) is not supported/ },
    { name: 'functions', bytes: edited((m) => (m.functions = [{ name: 'f', domain: 'x' }])), message: /defines its own functions/ },
    { name: 'sparse-initializer', bytes: edited((m) => (m.graph!.sparse_initializer = [{ dims: [2] }])), message: /sparse initializers/ },
    { name: 'no-seqlab-metadata', bytes: edited((m) => (m.metadata_props = [{ key: 'model_author', value: 'x' }])), message: /no SeqLab metadata/ },
    { name: 'metadata-io-unknown-input', bytes: edited((m) => setMeta(m, 'seqlab.io', '{"input":"features","output":"forecast"}')), message: /names input "features", which the graph does not have/ },
    { name: 'metadata-wrong-std', bytes: edited((m) => setMeta(m, 'seqlab.normalization', '{"formulation":"relative","scaling":"standard","features":{"names":["a"],"mean":[0],"std":[1],"relative":[true]},"targets":{"names":[],"mean":[],"std":[],"featureIndex":[]}}')), message: /features\.names must name the model's 3 features/ },
    { name: 'metadata-not-json', bytes: edited((m) => setMeta(m, 'seqlab.model', '{cell: lstm')), message: /seqlab.model is not valid JSON/ },
    { name: 'metadata-flood', bytes: edited((m) => { for (let i = 0; i < 2000; i++) m.metadata_props!.push({ key: `k${i}`, value: '' }); }), message: /metadata_props has 20\d\d entries/ },
    { name: 'metadata-task-vs-graph', bytes: edited((m) => (m.graph!.input![0].type!.tensor_type!.elem_type = DataType.INT64)), message: /graph value x holds int64; expected float32/ },
    { name: 'feature-count-mismatch', bytes: edited((m) => (m.graph!.input![0].type!.tensor_type!.shape!.dim![2] = { dim_value: 7 })), message: /graph value x has size 7 on axis 2; the metadata implies 3/ },
    {
      name: 'head-shape-mismatch',
      // Passes SeqLab's checks (Gemm shapes are onnxruntime's to check) and must fail cleanly there.
      bytes: edited((m) => { const t = initializer(m, 'head_weight'); t.dims = [6, 5]; t.raw_data = new Uint8Array(6 * 5 * 4); }),
      message: /onnxruntime (cannot load|could not run) the model/,
      failsInRuntime: true,
    },
  ];
}

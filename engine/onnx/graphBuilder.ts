// A small helper that collects ONNX nodes, initializers and graph inputs/outputs under unique names
// and turns them into a ModelProto object. Exporters describe the graph with it and never touch
// protobuf details (field names, int64 handling, raw_data byte order).
import type { Floats } from '../tensor';
import {
  AttributeType,
  DataType,
  type AttributeObject,
  type GraphProtoObject,
  type ModelProtoObject,
  type NodeObject,
  type TensorProtoObject,
  type ValueInfoObject,
} from './proto';

/**
 * The default: IR 8 / opset 17, the newest pair that ONNX 1.12's checker (the Debian python3-onnx that
 * scripts/check_onnx.py runs) accepts, and far inside onnxruntime-node 1.30's limits (IR ≤ 13,
 * opset ≤ 26). Opset 17 has everything SeqLab needs: LSTM/GRU-14 (layout attribute, left at 0),
 * Squeeze-13 with axes as an input, Softmax-13 on one axis, Slice-13, Gather-13, Gemm-13, Reshape-14.
 * None of these operators changed meaning between opsets 14 and 21 (later versions only add types),
 * so the same graph is written for any opset in that range (config export.opset), with the IR
 * version that opset requires (onnx/helper.py VERSION_TABLE).
 */
export const OPSET_VERSION = 17;
export const SUPPORTED_OPSETS = { min: 14, max: 21 } as const;

export function irVersionFor(opset: number): number {
  if (!(Number.isInteger(opset) && opset >= SUPPORTED_OPSETS.min && opset <= SUPPORTED_OPSETS.max)) {
    throw new Error(`export: opset ${opset} is not supported (${SUPPORTED_OPSETS.min}–${SUPPORTED_OPSETS.max})`);
  }
  return opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
}

/** A dimension: a fixed size or a symbolic name such as `batch` or `seq`. */
export type Dim = number | string;

export type ElemType = (typeof DataType)[keyof typeof DataType];

export const attr = {
  int: (name: string, value: number): AttributeObject => ({ name, type: AttributeType.INT, i: value }),
  ints: (name: string, values: number[]): AttributeObject => ({ name, type: AttributeType.INTS, ints: values }),
  float: (name: string, value: number): AttributeObject => ({ name, type: AttributeType.FLOAT, f: value }),
  string: (name: string, value: string): AttributeObject => ({ name, type: AttributeType.STRING, s: new TextEncoder().encode(value) }),
};

export class GraphBuilder {
  private readonly nodes: NodeObject[] = [];
  private readonly initializers: TensorProtoObject[] = [];
  private readonly inputs: ValueInfoObject[] = [];
  private readonly outputs: ValueInfoObject[] = [];
  private readonly used = new Set<string>();
  /** Names already given a value (input, initializer or node output): SSA form allows each once. */
  private readonly produced = new Set<string>();
  private readonly counters = new Map<string, number>();

  /** A fresh value name starting with `prefix` (prefix itself when still free). */
  fresh(prefix: string): string {
    let name = prefix;
    while (this.used.has(name)) {
      const next = (this.counters.get(prefix) ?? 0) + 1;
      this.counters.set(prefix, next);
      name = `${prefix}_${next}`;
    }
    this.used.add(name);
    return name;
  }

  input(name: string, elemType: ElemType, dims: Dim[]): string {
    if (this.used.has(name)) throw new Error(`value name ${name} is used twice`);
    this.produce(name);
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Declares an existing value as a graph output (its producer must already name it `name`). */
  output(name: string, elemType: ElemType, dims: Dim[]): string {
    this.outputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** A float32 initializer; the values are copied (and rounded to float32 if they are float64). */
  floats(prefix: string, dims: number[], values: Floats | number[]): string {
    const count = dims.reduce((product, dim) => product * dim, 1);
    if (values.length !== count) throw new Error(`initializer ${prefix}: ${values.length} values for dims [${dims.join(', ')}]`);
    // raw_data is little-endian whatever the host is; DataView makes that explicit.
    const raw = new Uint8Array(count * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < count; i++) view.setFloat32(i * 4, values[i], true);
    return this.initializer({ dims, data_type: DataType.FLOAT, raw_data: raw }, prefix);
  }

  /** An int64 initializer (shapes, axes, indices, Slice bounds). */
  int64s(prefix: string, dims: number[], values: number[]): string {
    const raw = new Uint8Array(values.length * 8);
    const view = new DataView(raw.buffer);
    values.forEach((value, i) => view.setBigInt64(i * 8, BigInt(value), true));
    return this.initializer({ dims, data_type: DataType.INT64, raw_data: raw }, prefix);
  }

  /** Adds a node; `outputs` are names to give its outputs ('' leaves an optional output unused). */
  node(opType: string, inputs: string[], outputs: string[], attributes: AttributeObject[] = []): string[] {
    const named = outputs.map((output) => (output === '' ? '' : this.produce(output)));
    this.nodes.push({ op_type: opType, name: this.fresh(`node_${opType}`), input: trimOptional(inputs), output: trimOptional(named), attribute: attributes });
    return named;
  }

  /** Shorthand for a node with a single output named after `prefix`. */
  op(opType: string, inputs: string[], prefix: string, attributes: AttributeObject[] = []): string {
    return this.node(opType, inputs, [this.fresh(prefix)], attributes)[0];
  }

  toGraph(name: string, docString: string): GraphProtoObject {
    return { name, doc_string: docString, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs };
  }

  private initializer(tensor: TensorProtoObject, prefix: string): string {
    const name = this.produce(this.fresh(prefix));
    this.initializers.push({ name, ...tensor });
    return name;
  }

  /** Gives `name` its one value; a name reserved by fresh() may be produced once. */
  private produce(name: string): string {
    if (this.produced.has(name)) throw new Error(`value ${name} is produced twice`);
    this.used.add(name);
    this.produced.add(name);
    return name;
  }
}

function valueInfo(name: string, elemType: ElemType, dims: Dim[]): ValueInfoObject {
  const dim = dims.map((value) => (typeof value === 'number' ? { dim_value: value } : { dim_param: value }));
  return { name, type: { tensor_type: { elem_type: elemType, shape: { dim } } } };
}

/** Optional trailing inputs/outputs are left out rather than written as ''. */
function trimOptional(names: string[]): string[] {
  let end = names.length;
  while (end > 0 && names[end - 1] === '') end--;
  return names.slice(0, end);
}

export interface ModelOptions {
  graph: GraphProtoObject;
  opset: number;
  metadataProps: { key: string; value: string }[];
  producerVersion: string;
  docString: string;
}

export function modelProto({ graph, opset, metadataProps, producerVersion, docString }: ModelOptions): ModelProtoObject {
  return {
    ir_version: irVersionFor(opset),
    opset_import: [{ domain: '', version: opset }],
    producer_name: 'seqlab',
    producer_version: producerVersion,
    doc_string: docString,
    graph,
    metadata_props: metadataProps,
  };
}

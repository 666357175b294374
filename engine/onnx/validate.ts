// The validator: everything SeqLab checks in a decoded ModelProto before onnxruntime sees it. It is
// deliberately stricter than ONNX (an allow-list of operators, no subgraphs, no external data, bounded
// sizes), because a model file is user input and onnxruntime is native code.
import { AttributeType, DataType, toSafeInt, type AttributeObject, type GraphProtoObject, type ModelProtoObject, type NodeObject } from './proto';
import { ALLOWED_OPERATORS, LIMITS } from './limits';
import { checkTensor, checkValueInfo, type Reject, type TensorType } from './validateTensor';

export interface GraphSummary {
  irVersion: number;
  opset: number;
  inputs: TensorType[];
  outputs: TensorType[];
  /** Operator → number of nodes, in first-use order. */
  operators: Map<string, number>;
  /** Initializer name → dims. */
  initializers: Map<string, number[]>;
  /** Elements of the float initializers (the weights). */
  parameterCount: number;
}

/** Float initializers are the weights; int64 ones are shapes, axes and indices. */
const FLOAT_TYPES = new Set<number>([DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16]);

const DEFAULT_DOMAINS = new Set(['', 'ai.onnx']);

/** Attribute types a node of the allow-list may carry; graphs (control flow) and sparse tensors are refused. */
const PLAIN_ATTRIBUTE_TYPES = new Set<number>([AttributeType.FLOAT, AttributeType.INT, AttributeType.STRING, AttributeType.TENSOR,
  AttributeType.FLOATS, AttributeType.INTS, AttributeType.STRINGS]);

export function validateModel(model: ModelProtoObject, reject: Reject): GraphSummary {
  const irVersion = toSafeInt(model.ir_version);
  if (irVersion === undefined) reject('the model has no IR version (ModelProto.ir_version); is this an ONNX file?');
  if (irVersion < LIMITS.minIrVersion || irVersion > LIMITS.maxIrVersion) {
    reject(`IR version ${irVersion} is outside the range SeqLab accepts (${LIMITS.minIrVersion}–${LIMITS.maxIrVersion})`);
  }
  const opsets = model.opset_import ?? [];
  const foreign = opsets.find((opset) => !DEFAULT_DOMAINS.has(opset.domain ?? ''));
  if (foreign) reject(`the model imports the operator domain "${foreign.domain}"; SeqLab runs only standard ONNX operators`);
  const standard = opsets.filter((opset) => DEFAULT_DOMAINS.has(opset.domain ?? ''));
  if (standard.length !== 1) reject(`the model must import the standard ONNX opset exactly once (found ${standard.length})`);
  const opset = toSafeInt(standard[0].version);
  if (opset === undefined || opset < LIMITS.minOpset || opset > LIMITS.maxOpset) {
    reject(`opset ${String(standard[0].version)} is outside the range SeqLab accepts (${LIMITS.minOpset}–${LIMITS.maxOpset})`);
  }
  if ((model.functions?.length ?? 0) > 0) reject('the model defines its own functions (ModelProto.functions), which SeqLab does not run');
  if ((model.training_info?.length ?? 0) > 0) reject('the model carries training_info, which SeqLab does not run');
  if (!model.graph) reject('the model has no graph');
  return { irVersion, opset, ...validateGraph(model.graph, reject) };
}

function validateGraph(graph: GraphProtoObject, reject: Reject): Omit<GraphSummary, 'irVersion' | 'opset'> {
  const nodes = graph.node ?? [];
  const initializerList = graph.initializer ?? [];
  if (nodes.length === 0) reject('the graph has no nodes');
  if (nodes.length > LIMITS.maxNodes) reject(`the graph has ${nodes.length} nodes; at most ${LIMITS.maxNodes} are accepted`);
  if (initializerList.length > LIMITS.maxInitializers) reject(`the graph has ${initializerList.length} initializers; at most ${LIMITS.maxInitializers}`);
  if ((graph.sparse_initializer?.length ?? 0) > 0) reject('the graph has sparse initializers, which SeqLab does not accept');
  const valueCount = (graph.input?.length ?? 0) + (graph.output?.length ?? 0) + (graph.value_info?.length ?? 0);
  if (valueCount > LIMITS.maxGraphValues) reject(`the graph declares ${valueCount} values; at most ${LIMITS.maxGraphValues}`);

  const defined = new Set<string>();
  const define = (name: string, what: string): void => {
    if (defined.has(name)) reject(`${what} ${name} is defined twice`);
    defined.add(name);
  };
  const initializers = new Map<string, number[]>();
  let parameterCount = 0;
  let totalElements = 0;
  for (const tensor of initializerList) {
    const name = tensor.name ?? '';
    if (name === '') reject('an initializer has no name');
    const count = checkTensor(tensor, `initializer ${name}`, reject);
    totalElements += count;
    if (totalElements > LIMITS.maxTensorElements) reject(`the initializers hold more than ${LIMITS.maxTensorElements} elements together`);
    if (FLOAT_TYPES.has(tensor.data_type ?? 0)) parameterCount += count;
    define(name, 'initializer');
    initializers.set(name, (tensor.dims ?? []).map(Number));
  }
  // An input that is also an initializer is only a default the caller may override (IR.md).
  const inputs = (graph.input ?? []).map((value) => checkValueInfo(value, 'graph input', reject)).filter((input) => !initializers.has(input.name));
  for (const input of inputs) define(input.name, 'graph input');
  for (const value of graph.value_info ?? []) checkValueInfo(value, 'value_info', reject);

  const operators = new Map<string, number>();
  nodes.forEach((node, index) => {
    const label = describeNode(node, index);
    checkNode(node, label, initializers, reject);
    operators.set(node.op_type!, (operators.get(node.op_type!) ?? 0) + 1);
    // Nodes must be topologically sorted (IR.md): every input is already defined.
    for (const input of node.input ?? []) {
      if (input !== '' && !defined.has(input)) reject(`${label} reads ${input}, which no earlier node, input or initializer defines`);
    }
    for (const output of node.output ?? []) if (output !== '') define(output, `${label} output`);
  });
  const outputs = (graph.output ?? []).map((value) => checkValueInfo(value, 'graph output', reject));
  if (outputs.length === 0) reject('the graph has no outputs');
  for (const output of outputs) if (!defined.has(output.name)) reject(`graph output ${output.name} is never computed`);
  return { inputs, outputs, operators, initializers, parameterCount };
}

function describeNode(node: NodeObject, index: number): string {
  return `node ${index + 1}${node.name ? ` (${node.name})` : ''} ${node.op_type ?? '(no op_type)'}`;
}

function checkNode(node: NodeObject, label: string, initializers: Map<string, number[]>, reject: Reject): void {
  const op = node.op_type ?? '';
  if (!DEFAULT_DOMAINS.has(node.domain ?? '')) reject(`${label} is in the custom domain "${node.domain}"`);
  if (!ALLOWED_OPERATORS.has(op)) {
    reject(`${label}: operator ${op === '' ? '(none)' : op} is not one SeqLab runs (allowed: ${[...ALLOWED_OPERATORS].join(', ')})`);
  }
  if ((node.input?.length ?? 0) > LIMITS.maxNodeInputs || (node.output?.length ?? 0) > LIMITS.maxNodeInputs) reject(`${label} has too many inputs or outputs`);
  if ((node.output?.length ?? 0) === 0) reject(`${label} has no outputs`);
  for (const attribute of node.attribute ?? []) checkAttribute(attribute, label, reject);
  if (op === 'LSTM' || op === 'GRU' || op === 'RNN') checkRecurrent(node, op, label, initializers, reject);
}

function checkAttribute(attribute: AttributeObject, label: string, reject: Reject): void {
  const name = attribute.name ?? '';
  if (attribute.ref_attr_name) reject(`${label}: attribute ${name} refers to a function attribute`);
  const type = attribute.type ?? 0;
  if (!PLAIN_ATTRIBUTE_TYPES.has(type) || attribute.g || (attribute.graphs?.length ?? 0) > 0 || attribute.sparse_tensor || (attribute.tensors?.length ?? 0) > 0) {
    reject(`${label}: attribute ${name} holds a graph, tensor list or sparse tensor, which SeqLab does not accept`);
  }
  if (attribute.t) checkTensor(attribute.t, `${label} attribute ${name}`, reject);
  if ((attribute.ints?.length ?? 0) > LIMITS.maxDim || (attribute.floats?.length ?? 0) > LIMITS.maxDim) reject(`${label}: attribute ${name} is too long`);
}

/** W, R and B must agree with hidden_size (G gates: LSTM 4, GRU 3, RNN 1); layout 1 is refused by ORT's CPU kernels. */
function checkRecurrent(node: NodeObject, op: string, label: string, initializers: Map<string, number[]>, reject: Reject): void {
  const attribute = (name: string) => (node.attribute ?? []).find((candidate) => candidate.name === name);
  const hidden = toSafeInt(attribute('hidden_size')?.i);
  if (hidden === undefined || hidden < 1 || hidden > LIMITS.maxDim) reject(`${label}: hidden_size must be a positive integer`);
  const layout = toSafeInt(attribute('layout')?.i) ?? 0;
  if (layout !== 0) reject(`${label}: layout=${layout} (batch-first) is not supported by onnxruntime's CPU kernels; export with layout 0 and a Transpose`);
  const gates = (op === 'LSTM' ? 4 : op === 'GRU' ? 3 : 1) * hidden;
  const inputs = node.input ?? [];
  const expect = (index: number, what: string, want: (dims: number[]) => boolean, shape: string): void => {
    const dims = initializers.get(inputs[index] ?? '');
    if (dims && !want(dims)) reject(`${label}: ${what} has shape [${dims.join(', ')}], expected ${shape} for hidden_size ${hidden}`);
  };
  if (inputs.length < 3) reject(`${label} needs the inputs X, W and R`);
  expect(1, 'W', (d) => d.length === 3 && d[1] === gates, `[directions, ${gates}, input]`);
  expect(2, 'R', (d) => d.length === 3 && d[1] === gates && d[2] === hidden, `[directions, ${gates}, ${hidden}]`);
  expect(3, 'B', (d) => d.length === 2 && d[1] === 2 * gates, `[directions, ${2 * gates}]`);
}

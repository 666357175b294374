// What SeqLab accepts in an ONNX file before anything runs it: the bounds that keep hostile input from
// exhausting memory or time, and the operators a SeqLab or PyTorch LSTM/GRU export is made of.

export const LIMITS = {
  /** Whole file. SeqLab models are kilobytes to megabytes; a 2×LSTM(1024) PyTorch export is ~70 MB. */
  maxBytes: 256 * 1024 * 1024,
  maxNodes: 10_000,
  maxInitializers: 10_000,
  maxGraphValues: 10_000,
  maxNodeInputs: 64,
  maxRank: 8,
  /** Largest single dimension (fixed input/output dims and initializer dims). */
  maxDim: 1 << 24,
  /** Elements in one initializer, and in all of them together (256 Mi float32 = 1 GiB). */
  maxTensorElements: 1 << 28,
  maxMetadataProps: 1_000,
  /** Protobuf values decoding may allocate (messages, strings, int64s): ~100 bytes each at worst. A
   *  SeqLab export has a few hundred; a large PyTorch export a few thousand. */
  maxDecodedObjects: 1_000_000,
  /** Bytes of metadata keys and values together (vocabularies and configs are small). */
  maxMetadataBytes: 16 * 1024 * 1024,
  minIrVersion: 3,
  /** IR 10 (ONNX 1.16+); onnxruntime-node 1.30 goes to 13, but newer IRs add types SeqLab cannot check. */
  maxIrVersion: 10,
  /** LSTM/GRU as we know them since opset 7; onnxruntime-node 1.30 implements up to 26. */
  minOpset: 7,
  maxOpset: 26,
} as const;

/**
 * Operators a model may use. SeqLab's exports need LSTM, GRU, Transpose, Squeeze, Slice, Gather,
 * Gemm, MatMul, Add, Sub, Mul, Div, Reshape, Concat and Softmax; the rest are what torch.onnx.export
 * emits around nn.LSTM/nn.GRU (initial states built from Shape → Gather → Unsqueeze → Concat →
 * ConstantOfShape/Expand, Cast, Constant, Identity) and common head activations. Everything else
 * (control flow with subgraphs, custom domains, I/O ops) is refused before onnxruntime sees the file.
 */
export const ALLOWED_OPERATORS: ReadonlySet<string> = new Set([
  'LSTM', 'GRU', 'RNN',
  'Gemm', 'MatMul', 'Add', 'Sub', 'Mul', 'Div', 'Neg',
  'Softmax', 'LogSoftmax', 'Tanh', 'Sigmoid', 'Relu',
  'Transpose', 'Squeeze', 'Unsqueeze', 'Reshape', 'Flatten', 'Slice', 'Gather', 'Concat', 'Expand',
  'Shape', 'ConstantOfShape', 'Constant', 'Identity', 'Cast',
]);

/** Element types SeqLab accepts in initializers and graph inputs/outputs, with their byte sizes. */
export const ELEMENT_BYTES: ReadonlyMap<number, { name: string; bytes: number }> = new Map([
  [1, { name: 'float32', bytes: 4 }],
  [2, { name: 'uint8', bytes: 1 }],
  [3, { name: 'int8', bytes: 1 }],
  [6, { name: 'int32', bytes: 4 }],
  [7, { name: 'int64', bytes: 8 }],
  [9, { name: 'bool', bytes: 1 }],
  [10, { name: 'float16', bytes: 2 }],
  [11, { name: 'float64', bytes: 8 }],
]);

/** TensorProto.DataType names (onnx.proto, IR 10), for messages about types SeqLab refuses. */
const OTHER_TYPES = ['undefined', 'float32', 'uint8', 'int8', 'uint16', 'int16', 'int32', 'int64', 'string', 'bool', 'float16', 'float64',
  'uint32', 'uint64', 'complex64', 'complex128', 'bfloat16', 'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz', 'uint4', 'int4'];

/** "float32", or "unsupported element type 8 (string)". */
export function elementTypeName(type: number | undefined): string {
  if (type === undefined) return 'no element type';
  const supported = ELEMENT_BYTES.get(type)?.name;
  if (supported) return supported;
  const name = OTHER_TYPES[type];
  return `unsupported element type ${type}${name ? ` (${name})` : ''}`;
}

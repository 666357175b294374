// Checks of single tensors and value types: dims within bounds, a supported element type, no external
// data, and stored bytes that match dims × element size. onnxruntime would otherwise read past a short
// buffer's meaning or allocate what absurd dims ask for before it complains.
import { DATA_LOCATION_EXTERNAL, toSafeInt, type Int64, type TensorProtoObject, type ValueInfoObject } from './proto';
import { ELEMENT_BYTES, LIMITS, elementTypeName } from './limits';

export type Dim = number | string;

/** Collects problems as messages; the caller turns the first into a SeqLabError. */
export type Reject = (message: string) => never;

export function checkDims(dims: Int64[] | undefined, what: string, reject: Reject): number[] {
  const list = dims ?? [];
  if (list.length > LIMITS.maxRank) reject(`${what} has rank ${list.length}; at most ${LIMITS.maxRank} is accepted`);
  return list.map((raw, axis) => {
    const dim = toSafeInt(raw);
    if (dim === undefined || dim < 0 || dim > LIMITS.maxDim) {
      reject(`${what} has dimension ${String(raw)} on axis ${axis}; dimensions must lie in [0, ${LIMITS.maxDim}]`);
    }
    return dim;
  });
}

export function elementCount(dims: number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}

/** Checks an initializer (or a Constant's tensor attribute) and returns its element count. */
export function checkTensor(tensor: TensorProtoObject, what: string, reject: Reject): number {
  if ((tensor.external_data?.length ?? 0) > 0 || tensor.data_location === DATA_LOCATION_EXTERNAL) {
    reject(`${what} keeps its data in an external file (external_data), which SeqLab never reads`);
  }
  if (tensor.segment !== undefined) reject(`${what} is a segment of a larger tensor, which SeqLab does not accept`);
  const element = tensor.data_type === undefined ? undefined : ELEMENT_BYTES.get(tensor.data_type);
  if (!element) reject(`${what} has ${elementTypeName(tensor.data_type)}`);
  const dims = checkDims(tensor.dims, what, reject);
  const count = elementCount(dims);
  if (count > LIMITS.maxTensorElements) reject(`${what} has ${count} elements (dims [${dims.join(', ')}]); at most ${LIMITS.maxTensorElements} are accepted`);
  const stored = storedElements(tensor);
  if (stored.field === 'raw_data') {
    const expected = count * element.bytes;
    if (stored.length !== expected) {
      reject(`${what}: raw_data has ${stored.length} bytes, but dims [${dims.join(', ')}] of ${element.name} need ${expected}`);
    }
  } else if (stored.length !== count) {
    reject(`${what}: ${stored.field} has ${stored.length} values, but dims [${dims.join(', ')}] need ${count}`);
  }
  return count;
}

/** Where a tensor's values are stored and how many there are (bytes for raw_data). */
function storedElements(tensor: TensorProtoObject): { field: string; length: number } {
  const fields: [string, { length: number } | undefined][] = [
    ['raw_data', tensor.raw_data],
    ['float_data', tensor.float_data],
    ['int32_data', tensor.int32_data],
    ['int64_data', tensor.int64_data],
    ['double_data', tensor.double_data],
    ['uint64_data', tensor.uint64_data],
  ];
  const present = fields.filter(([, values]) => values !== undefined && values.length > 0);
  if (present.length > 1) return { field: present.map(([field]) => field).join(' and '), length: -1 };
  if (present.length === 0) return { field: 'raw_data', length: 0 };
  return { field: present[0][0], length: present[0][1]!.length };
}

export interface TensorType {
  name: string;
  elemType: number;
  dims: Dim[];
}

/** A graph input or output: a tensor with a supported element type and bounded dims. */
export function checkValueInfo(value: ValueInfoObject, what: string, reject: Reject): TensorType {
  const name = value.name ?? '';
  if (name === '') reject(`${what} has no name`);
  const tensorType = value.type?.tensor_type;
  if (!tensorType) reject(`${what} ${name} is not a tensor (sequences, maps and optionals are not supported)`);
  const elemType = tensorType.elem_type ?? 0;
  if (!ELEMENT_BYTES.has(elemType)) reject(`${what} ${name} has ${elementTypeName(elemType)}`);
  const dimList = tensorType.shape?.dim ?? [];
  if (dimList.length > LIMITS.maxRank) reject(`${what} ${name} has rank ${dimList.length}; at most ${LIMITS.maxRank} is accepted`);
  const dims = dimList.map((dim, axis): Dim => {
    if (dim.dim_value === undefined) return dim.dim_param ?? '?';
    const size = toSafeInt(dim.dim_value);
    if (size === undefined || size < 0 || size > LIMITS.maxDim) {
      reject(`${what} ${name} has size ${String(dim.dim_value)} on axis ${axis}; sizes must lie in [0, ${LIMITS.maxDim}]`);
    }
    return size;
  });
  return { name, elemType, dims };
}

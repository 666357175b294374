// A bounded pre-scan of ModelProto bytes, before protobufjs decodes them into objects. Decoding turns
// every 2-byte empty message into a JS object of ~100 bytes (measured: 10 MB of empty NodeProtos took
// 1.1 GB of heap), and every byte of a packed int64 list into a string, so a small hostile file could
// exhaust memory. The scan walks the wire format with protobufjs's own Reader and the schema's
// reflection (which fields are messages), counts what decoding would allocate, and refuses a file over
// budget; it decodes no values.
import * as protobuf from 'protobufjs';
import { modelProtoType } from './proto';
import { LIMITS } from './limits';
import type { Reject } from './validateTensor';

const WIRE_LENGTH_DELIMITED = 2;
/** Field types stored as varints: a packed list of them decodes one JS value per (at least one) byte. */
const VARINT_TYPES = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'bool', 'enum']);
/** ModelProto → GraphProto → NodeProto → AttributeProto → TensorProto → … is 6 deep; subgraphs are refused later. */
const MAX_DEPTH = 24;

export function scanModelBytes(bytes: Uint8Array, reject: Reject): void {
  const budget = { objects: 0 };
  const reader = protobuf.Reader.create(bytes);
  try {
    scanMessage(modelProtoType(), reader, bytes.length, 0, budget, reject);
  } catch (error) {
    if (error instanceof Error && error.name === 'SeqLabError') throw error;
    reject(`not a readable ONNX model (protobuf decoding failed: ${error instanceof Error ? error.message.slice(0, 120) : String(error)})`);
  }
}

function scanMessage(type: protobuf.Type, reader: protobuf.Reader, end: number, depth: number, budget: { objects: number }, reject: Reject): void {
  if (depth > MAX_DEPTH) reject(`messages are nested more than ${MAX_DEPTH} levels deep`);
  while (reader.pos < end) {
    const tag = reader.uint32();
    const wire = tag & 7;
    const field = type.fieldsById[tag >>> 3] as protobuf.Field | undefined;
    spend(budget, 1, reject);
    if (wire !== WIRE_LENGTH_DELIMITED) {
      reader.skipType(wire, 0, tag >>> 3);
      continue;
    }
    const length = reader.uint32();
    const start = reader.pos;
    if (length > end - start) reject(`not a readable ONNX model (a field of ${length} bytes runs past the end of its message at offset ${start})`);
    field?.resolve();
    if (field?.resolvedType instanceof protobuf.Type) {
      scanMessage(field.resolvedType, reader, start + length, depth + 1, budget, reject);
    } else if (field?.repeated && (VARINT_TYPES.has(field.type) || field.resolvedType instanceof protobuf.Enum)) {
      spend(budget, length, reject); // packed varints: at most one value per byte
    }
    reader.pos = start + length;
  }
  if (reader.pos !== end) reject('not a readable ONNX model (a field runs past the end of its message)');
}

function spend(budget: { objects: number }, count: number, reject: Reject): void {
  budget.objects += count;
  if (budget.objects > LIMITS.maxDecodedObjects) reject(`the file holds more than ${LIMITS.maxDecodedObjects} protobuf values; SeqLab refuses it before decoding`);
}

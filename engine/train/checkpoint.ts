// Checkpoint bytes: everything a run needs to continue bit-identically, in one self-checking blob.
//   "SEQLABCK" | u32 format | u32 n | n bytes of JSON {header, buffers: [{name, kind, offset, length}]}
//   | zero padding to a multiple of 8 | buffers (offsets relative to here, each 8-aligned) | u32 CRC32
// The CRC covers every byte before it, so a torn or corrupted file is refused with a clear message
// instead of resuming from garbage. Pure: bytes in, bytes out (the run folder writes them atomically).
import { SeqLabError } from '../errors';
import type { Floats } from '../tensor';

const MAGIC = 'SEQLABCK';
const FORMAT = 1;

export type CheckpointArray = Floats | Int32Array;
type ArrayKind = 'f32' | 'f64' | 'i32';

interface BufferEntry {
  name: string;
  kind: ArrayKind;
  offset: number;
  length: number;
}

export function encodeCheckpoint(header: object, buffers: Record<string, CheckpointArray>): Uint8Array {
  const entries: BufferEntry[] = [];
  let dataBytes = 0;
  for (const [name, array] of Object.entries(buffers)) {
    entries.push({ name, kind: kindOf(array), offset: dataBytes, length: array.length });
    dataBytes = align8(dataBytes + array.byteLength);
  }
  const json = new TextEncoder().encode(JSON.stringify({ header, buffers: entries }));
  const dataStart = align8(16 + json.length);
  const bytes = new Uint8Array(dataStart + dataBytes + 4);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, FORMAT, true);
  view.setUint32(12, json.length, true);
  bytes.set(json, 16);
  for (const entry of entries) {
    const array = buffers[entry.name];
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), dataStart + entry.offset);
  }
  view.setUint32(bytes.length - 4, crc32(bytes.subarray(0, bytes.length - 4)), true);
  return bytes;
}

export interface DecodedCheckpoint<H> {
  header: H;
  buffers: Record<string, CheckpointArray>;
}

export function decodeCheckpoint<H>(bytes: Uint8Array, file = 'checkpoint'): DecodedCheckpoint<H> {
  const fail = (message: string) =>
    new SeqLabError('BAD_MODEL', message, { file }, 'The run folder may be damaged; start a new run or resume from an intact copy.');
  if (bytes.length < 20 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw fail('not a SeqLab checkpoint (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint32(8, true);
  if (format !== FORMAT) throw fail(`checkpoint format ${format} is not supported (this SeqLab reads format ${FORMAT})`);
  if (view.getUint32(bytes.length - 4, true) !== crc32(bytes.subarray(0, bytes.length - 4))) throw fail('checkpoint is corrupted (checksum mismatch)');
  const jsonLength = view.getUint32(12, true);
  if (16 + jsonLength > bytes.length - 4) throw fail('checkpoint header runs past the end of the file');
  let parsed: { header: H; buffers: BufferEntry[] };
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + jsonLength)));
  } catch (error) {
    throw fail(`checkpoint header is unreadable (${(error as Error).message})`);
  }
  const dataStart = align8(16 + jsonLength);
  const buffers: Record<string, CheckpointArray> = {};
  for (const entry of parsed.buffers) {
    const size = entry.length * (entry.kind === 'f64' ? 8 : 4);
    const from = dataStart + entry.offset;
    if (!(from >= dataStart && from + size <= bytes.length - 4)) throw fail(`buffer ${entry.name} lies outside the file`);
    const copy = bytes.slice(from, from + size).buffer; // an aligned copy, independent of the file's bytes
    buffers[entry.name] = entry.kind === 'f32' ? new Float32Array(copy) : entry.kind === 'f64' ? new Float64Array(copy) : new Int32Array(copy);
  }
  return { header: parsed.header, buffers };
}

/**
 * The header alone, from the first bytes of a checkpoint, for a quick look (a run's progress in a list of
 * runs) without reading its weights. No checksum: a resume decodes and checks the whole file. `read`
 * returns up to `length` bytes from `offset`; null when these are not a SeqLab checkpoint's.
 */
export function peekCheckpointHeader<H>(read: (offset: number, length: number) => Uint8Array): H | null {
  const prefix = read(0, 16);
  if (prefix.length < 16 || new TextDecoder().decode(prefix.subarray(0, 8)) !== MAGIC) return null;
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  const jsonLength = view.getUint32(12, true);
  if (view.getUint32(8, true) !== FORMAT || jsonLength > MAX_PEEK_BYTES) return null;
  const json = read(16, jsonLength);
  if (json.length < jsonLength) return null;
  try {
    return (JSON.parse(new TextDecoder().decode(json)) as { header: H }).header;
  } catch {
    return null;
  }
}

/** Headers are a few kilobytes; anything near this is not one. */
const MAX_PEEK_BYTES = 1 << 24;

function kindOf(array: CheckpointArray): ArrayKind {
  return array instanceof Float32Array ? 'f32' : array instanceof Float64Array ? 'f64' : 'i32';
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3), as zip and PNG use. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

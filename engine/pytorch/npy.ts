// NumPy's .npy format, version 1.0 (numpy.org/neps/nep-0001-npy-format.html): the arrays SeqLab hands
// to PyTorch and reads back. Layout:
//   "\x93NUMPY" · major 1 · minor 0 · header length (uint16 LE) · header · data
// The header is a Python dict literal, e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), },
// padded with spaces and ended by "\n" so the data starts at a multiple of 64 bytes. Data is C order,
// little-endian. SeqLab writes and reads four dtypes: float32, float64, int32, int64 (read as int32 when
// every value fits; token ids and indices from numpy often come as int64).
import * as fs from 'node:fs';
import { SeqLabError } from '../errors';

export type NpyArray = Float32Array | Float64Array | Int32Array;

export interface Npy {
  shape: number[];
  data: NpyArray;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const DESCR = new Map<string, 'f4' | 'f8' | 'i4' | 'i8'>([['<f4', 'f4'], ['<f8', 'f8'], ['<i4', 'i4'], ['<i8', 'i8'], ['|i4', 'i4']]);

export function descrOf(data: NpyArray): string {
  return data instanceof Float32Array ? '<f4' : data instanceof Float64Array ? '<f8' : '<i4';
}

export function encodeNpy(data: NpyArray, shape: number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`npy: shape [${shape.join(', ')}] holds ${count} values, the array ${data.length}`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descrOf(data)}', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = MAGIC.length + 4 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const bytes = new Uint8Array(MAGIC.length + 4 + header.length + data.byteLength);
  bytes.set(MAGIC, 0);
  bytes[6] = 1;
  bytes[7] = 0;
  new DataView(bytes.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
  // Typed arrays are little-endian on every platform Node runs on (x64, arm64).
  bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return bytes;
}

export interface NpyHeader {
  /** As written: '<f4', '<f8', '<i4' or '<i8'. */
  descr: string;
  shape: number[];
  /** Bytes before the data. */
  dataOffset: number;
}

/** Parses the header of .npy bytes (the data may be absent); anything but a C-order, little-endian
 *  f4/f8/i4/i8 array is a BAD_DATA error naming the file. */
export function parseNpyHeader(bytes: Uint8Array, file: string): NpyHeader {
  const fail = (message: string): never => {
    throw new SeqLabError('BAD_DATA', `not a .npy array SeqLab reads: ${message}`, { file });
  };
  if (bytes.length < 10 || MAGIC.some((byte, i) => bytes[i] !== byte)) fail('no \\x93NUMPY magic');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : major === 2 || major === 3 ? view.getUint32(8, true) : fail(`format version ${major}`);
  const start = major === 1 ? 10 : 12;
  if (start + headerLength > bytes.length) fail('the header runs past the end of the file');
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1] ?? fail('no descr in the header');
  if (!DESCR.has(descr)) fail(`dtype ${descr} (expected little-endian float32, float64, int32 or int64)`);
  if (!/'fortran_order':\s*False/.test(header)) fail('Fortran order');
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? fail('no shape in the header');
  const shape = shapeText.split(',').map((part) => part.trim()).filter((part) => part.length > 0).map(Number);
  if (shape.some((dim) => !Number.isSafeInteger(dim) || dim < 0)) fail(`shape (${shapeText})`);
  return { descr: descr === '|i4' ? '<i4' : descr, shape, dataOffset: start + headerLength };
}

/** The header of a .npy file, reading only its first bytes. */
export function readNpyHeader(file: string): NpyHeader {
  const fd = fs.openSync(file, 'r');
  try {
    const head = new Uint8Array(65536);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return parseNpyHeader(head.subarray(0, read), file);
  } finally {
    fs.closeSync(fd);
  }
}

/** Parses .npy bytes into a typed array (int64 becomes int32 when every value fits). */
export function decodeNpy(bytes: Uint8Array, file: string): Npy {
  const { descr, shape, dataOffset } = parseNpyHeader(bytes, file);
  const kind = DESCR.get(descr)!;
  const count = shape.reduce((a, b) => a * b, 1);
  const size = kind === 'f8' || kind === 'i8' ? 8 : 4;
  if (bytes.length - dataOffset !== count * size) {
    throw new SeqLabError('BAD_DATA', `not a .npy array SeqLab reads: shape (${shape.join(', ')}) needs ${count * size} bytes of data, the file has ${bytes.length - dataOffset}`, { file });
  }
  // Copy into a fresh, aligned buffer (the file's data offset need not be a multiple of 8).
  const raw = bytes.slice(dataOffset).buffer;
  if (kind === 'f4') return { shape, data: new Float32Array(raw) };
  if (kind === 'f8') return { shape, data: new Float64Array(raw) };
  if (kind === 'i4') return { shape, data: new Int32Array(raw) };
  const wide = new BigInt64Array(raw);
  const data = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const value = wide[i];
    if (value > 2147483647n || value < -2147483648n) throw new SeqLabError('BAD_DATA', `int64 value ${value} at index ${i} does not fit in int32`, { file });
    data[i] = Number(value);
  }
  return { shape, data };
}

export function readNpy(file: string): Npy {
  return decodeNpy(new Uint8Array(fs.readFileSync(file)), file);
}

// The .npy writer and reader (NPY format 1.0): round trips, NumPy reading what SeqLab writes and SeqLab
// reading what NumPy writes (int64 included), and malformed files refused by name.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SeqLabError } from '../../../engine/errors';
import { decodeNpy, encodeNpy, readNpy, readNpyHeader } from '../../../engine/pytorch/npy';
import { tempDir } from '../helpers/tinyRuns';
import { PYTHON, requireTorch } from './helpers';

describe('.npy', () => {
  it('round-trips float32, float64 and int32 arrays of any rank, data aligned to 64 bytes', () => {
    const cases = [
      { data: Float32Array.from([1.5, -2, 3e-8]), shape: [3] },
      { data: Float64Array.from({ length: 24 }, (_, i) => Math.PI * i), shape: [2, 3, 4] },
      { data: Int32Array.from([7, -1, 2147483647, -2147483648]), shape: [2, 2] },
      { data: new Float32Array(0), shape: [0, 5] },
    ];
    for (const { data, shape } of cases) {
      const bytes = encodeNpy(data, shape);
      expect(readNpyHeaderOf(bytes).dataOffset % 64).toBe(0);
      const back = decodeNpy(bytes, 'x.npy');
      expect(back.shape).toEqual(shape);
      expect(back.data).toEqual(data);
    }
    expect(() => encodeNpy(new Float32Array(5), [2, 3])).toThrow(/holds 6 values, the array 5/);
  });

  it('NumPy reads what SeqLab writes, and SeqLab reads what NumPy writes', () => {
    requireTorch();
    const dir = tempDir('seqlab-npy-');
    fs.writeFileSync(path.join(dir, 'a.npy'), encodeNpy(Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]), [2, 3]));
    fs.writeFileSync(path.join(dir, 'b.npy'), encodeNpy(Int32Array.from([3, 1, 2]), [3]));
    const script = [
      'import numpy as np, sys',
      'd = sys.argv[1]',
      'a = np.load(d + "/a.npy"); b = np.load(d + "/b.npy")',
      'assert a.dtype == np.float64 and a.shape == (2, 3) and a[1, 2] == 0.6, a',
      'assert b.dtype == np.int32 and b.tolist() == [3, 1, 2], b',
      'np.save(d + "/c.npy", np.arange(6, dtype=np.int64).reshape(3, 2) - 2)',
      'np.save(d + "/d.npy", np.array([[1.25, -3]], dtype=np.float32))',
    ].join('\n');
    execFileSync(PYTHON, ['-c', script, dir]);
    expect(readNpy(path.join(dir, 'c.npy'))).toEqual({ shape: [3, 2], data: Int32Array.from([-2, -1, 0, 1, 2, 3]) });
    expect(readNpy(path.join(dir, 'd.npy'))).toEqual({ shape: [1, 2], data: Float32Array.from([1.25, -3]) });
    expect(readNpyHeader(path.join(dir, 'c.npy'))).toMatchObject({ descr: '<i8', shape: [3, 2] });
  });

  it('refuses what it does not read, naming the file', () => {
    const good = encodeNpy(Float32Array.from([1, 2]), [2]);
    const header = (text: string) => {
      const bytes = good.slice();
      const start = 10;
      const original = new TextDecoder().decode(bytes.subarray(start, bytes.indexOf(10, start)));
      const replaced = text.padEnd(original.length, ' ');
      bytes.set(new TextEncoder().encode(replaced), start);
      return bytes;
    };
    const describeError = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as SeqLabError).describe();
      }
      return 'no error';
    };
    expect(describeError(() => decodeNpy(new Uint8Array([1, 2, 3]), 'f.npy'))).toBe('f.npy: not a .npy array SeqLab reads: no \\x93NUMPY magic');
    expect(() => decodeNpy(header("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }"), 'f.npy')).toThrow(/dtype >f4/);
    expect(() => decodeNpy(header("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }"), 'f.npy')).toThrow(/Fortran order/);
    expect(() => decodeNpy(header("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), 'f.npy')).toThrow(/needs 12 bytes of data, the file has 8/);
    expect(() => decodeNpy(good.subarray(0, 40), 'f.npy')).toThrow(/the header runs past the end/);
  });
});

function readNpyHeaderOf(bytes: Uint8Array): { dataOffset: number } {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  return { dataOffset: 10 + length };
}

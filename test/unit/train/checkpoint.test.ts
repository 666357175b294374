import { describe, expect, it } from 'vitest';
import { isSeqLabError } from '../../../engine/errors';
import { decodeCheckpoint, encodeCheckpoint } from '../../../engine/train/checkpoint';

const header = { epoch: 3, rng: [1, 2, 3, 4], schedule: { lr: 0.001, best: 0.25 } };
const buffers = {
  params: Float32Array.from([0.1, -2, 3.5, 1e-8, NaN]),
  moments: Float64Array.from([1 / 3, -0, Infinity]),
  order: Int32Array.from([4, 2, 0, 1, 3]),
  empty: new Float32Array(0),
};

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('checkpoint codec', () => {
  it('round-trips the header and every buffer bit for bit', () => {
    const decoded = decodeCheckpoint<typeof header>(encodeCheckpoint(header, buffers));
    expect(decoded.header).toEqual(header);
    for (const [name, array] of Object.entries(buffers)) {
      const got = decoded.buffers[name];
      expect(got.constructor).toBe(array.constructor);
      expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(array.buffer, array.byteOffset, array.byteLength))).toBe(true);
    }
  });

  it('reads buffers that were views at odd offsets', () => {
    const backing = new Float32Array(10).map((_, i) => i);
    const decoded = decodeCheckpoint(encodeCheckpoint({}, { view: backing.subarray(3, 7) }));
    expect(Array.from(decoded.buffers.view)).toEqual([3, 4, 5, 6]);
  });

  it('refuses a flipped byte, a truncated file and a foreign file with a clear error', () => {
    const bytes = encodeCheckpoint(header, buffers);
    const flipped = bytes.slice();
    flipped[bytes.length - 20] ^= 0x40;
    const cases: [Uint8Array, RegExp][] = [
      [flipped, /corrupted/],
      [bytes.subarray(0, bytes.length - 9), /corrupted/],
      [new TextEncoder().encode('{"not": "a checkpoint"}'), /bad magic/],
      [new Uint8Array(3), /bad magic/],
    ];
    for (const [input, message] of cases) {
      const error = thrownBy(() => decodeCheckpoint(input, 'run/checkpoint.bin'));
      expect(isSeqLabError(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });
});

// The SIMD matrix kernels against the reference TypeScript kernels on awkward shapes: sizes that are
// not multiples of the 4×8 tile, single rows and columns, K = 1 and K = 0, K past one 256-deep block,
// accumulate on and off, and views starting at unaligned byte offsets.
import { afterAll, describe, expect, it } from 'vitest';
import type { MatmulDims } from '../../../engine/kernels';
import * as reference from '../../../engine/kernels/reference';
import { arenaArray, errorBounds, firstOutside, makeBackend, operandSizes, referenceProduct, seeded, VARIANTS, type Product } from './simdHelpers';

const shapes: [number, number, number][] = [
  [1, 1, 1], [1, 9, 5], [7, 1, 5], [5, 7, 1], [1, 300, 17], [300, 1, 17], [4, 8, 4], [3, 5, 2],
  [13, 21, 33], [17, 8, 257], [64, 256, 64], [33, 129, 513], [130, 1030, 19],
];
const products: Product[] = ['ABt', 'AB', 'AtB'];

for (const variant of VARIANTS) {
  describe(`${variant} SIMD build`, () => {
    const backend = makeBackend(1, true, variant);
    afterAll(() => backend.dispose());

    function run(kind: Product, out: Float32Array, a: Float32Array, b: Float32Array, dims: MatmulDims, accumulate: boolean): void {
      const k = backend.kernels;
      if (kind === 'ABt') k.matmulABt(out, a, b, dims, accumulate);
      else if (kind === 'AB') k.matmulAB(out, a, b, dims, accumulate);
      else k.matmulAtB(out, a, b, dims, accumulate);
    }

    describe('SIMD matmul kernels match the reference within float32 rounding', () => {
      for (const kind of products) {
        for (const [M, N, K] of shapes) {
          for (const accumulate of [false, true]) {
            it(`${kind} M=${M} N=${N} K=${K} accumulate=${accumulate}`, () => {
              const dims = { M, N, K };
              const next = seeded(M * 7919 + N * 104729 + K * 31 + (accumulate ? 1 : 0));
              const [aSize, bSize] = operandSizes(dims);
              const a = arenaArray(backend, aSize, next, 1);
              const b = arenaArray(backend, bSize, next, 2);
              const out = arenaArray(backend, M * N, next, 3);
              const expected = new Float64Array(out);
              const out0 = Float32Array.from(out);
              referenceProduct(kind)(expected, a, b, dims, accumulate);
              run(kind, out, a, b, dims, accumulate);
              const bounds = errorBounds(kind, a, b, accumulate ? out0 : null, dims);
              expect(firstOutside(out, expected, bounds)).toBe(-1);
            });
          }
        }
      }

      it('K = 0 overwrites with zeros, or leaves the output when accumulating', () => {
        const next = seeded(5);
        const empty = backend.arena.floats('f32', 0) as Float32Array;
        const out = arenaArray(backend, 6, next);
        const before = Float32Array.from(out);
        backend.kernels.matmulABt(out, empty, empty, { M: 2, N: 3, K: 0 }, true);
        expect(Array.from(out)).toEqual(Array.from(before));
        backend.kernels.matmulAtB(out, empty, empty, { M: 2, N: 3, K: 0 }, false);
        expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
      });

      it('writes nothing outside out[0, M·N)', () => {
        const next = seeded(9);
        const dims = { M: 5, N: 11, K: 7 };
        const whole = arenaArray(backend, dims.M * dims.N + 16, next);
        const guardBefore = Float32Array.from(whole.subarray(dims.M * dims.N));
        const [aSize, bSize] = operandSizes(dims);
        for (const kind of products) run(kind, whole, arenaArray(backend, aSize, next), arenaArray(backend, bSize, next), dims, false);
        expect(Array.from(whole.subarray(dims.M * dims.N))).toEqual(Array.from(guardBefore));
      });

      it('rejects views too short for their dimensions instead of reading past them', () => {
        const next = seeded(11);
        const a = arenaArray(backend, 12, next), b = arenaArray(backend, 12, next), out = arenaArray(backend, 8, next);
        expect(() => backend.kernels.matmulABt(out, a, b, { M: 3, N: 4, K: 4 }, false)).toThrow(RangeError);
      });
    });

    describe('arrays outside the wasm memory fall back to the reference kernels', () => {
      it('float64 and heap float32 arrays give exactly the reference result', () => {
        const next = seeded(21);
        const dims = { M: 6, N: 10, K: 9 };
        for (const make of [(n: number) => new Float64Array(n), (n: number) => new Float32Array(n)]) {
          const a = make(dims.M * dims.K).map(() => next());
          const b = make(dims.N * dims.K).map(() => next());
          const out = make(dims.M * dims.N);
          const expected = make(dims.M * dims.N);
          backend.kernels.matmulABt(out, a, b, dims, false);
          reference.matmulABt(expected, a, b, dims, false);
          expect(Array.from(out)).toEqual(Array.from(expected));
        }
      });
    });

    describe('sumRows', () => {
      for (const [rows, cols] of [[1, 1], [1, 7], [7, 1], [13, 9], [300, 33]]) {
        for (const accumulate of [false, true]) {
          it(`rows=${rows} cols=${cols} accumulate=${accumulate}`, () => {
            const next = seeded(rows * 13 + cols + (accumulate ? 1 : 0));
            const a = arenaArray(backend, rows * cols, next);
            const out = arenaArray(backend, cols, next);
            const expected = new Float64Array(out);
            reference.sumRows(expected, a, rows, cols, accumulate);
            backend.kernels.sumRows(out, a, rows, cols, accumulate);
            expect(firstOutside(out, expected, (rows + 2) * 2 ** -24 * (rows + 1))).toBe(-1);
          });
        }
      }
    });

    describe('products shared with the helper thread', () => {
      const shared = makeBackend(2, true, variant); // one-tile chunks claimed by both threads
      afterAll(() => shared.dispose());
      it('are bit-identical to one thread for every kind, shape and accumulate mode', () => {
        for (const kind of products) {
          for (const [M, N, K] of shapes) {
            for (const accumulate of [false, true]) {
              const dims = { M, N, K };
              const [aSize, bSize] = operandSizes(dims);
              const next = seeded(M + N * 3 + K * 5);
              const a = arenaArray(shared, aSize, next), b = arenaArray(shared, bSize, next), out = arenaArray(shared, M * N, next);
              const single = arenaArray(backend, M * N, () => 0);
              single.set(out);
              const a1 = arenaArray(backend, aSize, () => 0), b1 = arenaArray(backend, bSize, () => 0);
              a1.set(a);
              b1.set(b);
              const call = (k: typeof backend.kernels, o: Float32Array, x: Float32Array, y: Float32Array) =>
                kind === 'ABt' ? k.matmulABt(o, x, y, dims, accumulate) : kind === 'AB' ? k.matmulAB(o, x, y, dims, accumulate) : k.matmulAtB(o, x, y, dims, accumulate);
              call(shared.kernels, out, a, b);
              call(backend.kernels, single, a1, b1);
              expect(Buffer.from(out.buffer, out.byteOffset, out.byteLength).equals(Buffer.from(single.buffer, single.byteOffset, single.byteLength)), `${kind} ${M}x${N}x${K}`).toBe(true);
            }
          }
        }
      });
    });
  });
}

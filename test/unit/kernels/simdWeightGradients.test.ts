// The fused weight-gradient kernel (dW and dR from one pass over dGates, with the bias sums) against
// what it replaces: the same backend's matmulAtB for each product and sumRows, bit for bit, and the
// reference kernels in float64 within float32 rounding. Awkward shapes: widths that are not multiples
// of the 8-column panel, no dR, K past one 256-deep block, columns past one packed B block (the
// unfused fallback), unaligned views; one thread and two (chunks of one tile) give the same bits.
import { afterAll, describe, expect, it } from 'vitest';
import type { WeightGradientDims } from '../../../engine/kernels';
import * as reference from '../../../engine/kernels/reference';
import type { SimdBackend } from '../../../engine/kernels/simd/backend';
import { arenaArray, errorBounds, firstOutside, helperChunks, makeBackend, seeded, VARIANTS } from './simdHelpers';

/** [M, N1, N2, K]: gate rows, input width, hidden width (0: no dR), rows of dGates. */
const shapes: [number, number, number, number][] = [
  [1, 1, 1, 1], [4, 8, 8, 4], [3, 5, 0, 7], [5, 1, 9, 2], [13, 7, 21, 300], [130, 3, 17, 513],
  [257, 65, 0, 33], [64, 8, 64, 640], [12, 1000, 30, 9],
];

interface Case {
  dW: Float32Array;
  dR: Float32Array | null;
  dBias: Float32Array | null;
  dY: Float32Array;
  x: Float32Array;
  h: Float32Array | null;
}

/** Operands in `backend`'s memory, from one seed (so two backends get equal inputs). */
function makeCase(backend: SimdBackend, dims: WeightGradientDims, withBias: boolean, seed: number): Case {
  const { M, N1, N2, K } = dims;
  const next = seeded(seed);
  return {
    dW: arenaArray(backend, M * N1, next, 1),
    dR: N2 > 0 ? arenaArray(backend, M * N2, next, 2) : null,
    dBias: withBias ? arenaArray(backend, M, next, 3) : null,
    dY: arenaArray(backend, K * M, next, 1),
    x: arenaArray(backend, K * N1, next, 2),
    h: N2 > 0 ? arenaArray(backend, K * N2, next, 3) : null,
  };
}

const bytes = (array: Float32Array | null) => (array ? Buffer.from(array.buffer, array.byteOffset, array.byteLength) : Buffer.alloc(0));
const sameBits = (a: Case, b: Case) => bytes(a.dW).equals(bytes(b.dW)) && bytes(a.dR).equals(bytes(b.dR)) && bytes(a.dBias).equals(bytes(b.dBias));

for (const variant of VARIANTS) {
  describe(`weightGradients, ${variant} SIMD build`, () => {
    const single = makeBackend(1, true, variant);
    const shared = makeBackend(2, true, variant);
    afterAll(() => {
      single.dispose();
      shared.dispose();
    });

    for (const [M, N1, N2, K] of shapes) {
      for (const [withBias, accumulateBias] of [[false, false], [true, false], [true, true]]) {
        it(`M=${M} N1=${N1} N2=${N2} K=${K} bias=${withBias}${withBias ? ` accumulate=${accumulateBias}` : ''}`, () => {
          const dims = { M, N1, N2, K };
          const seed = M * 7 + N1 * 131 + N2 * 1009 + K * 31 + (withBias ? 1 : 0) + (accumulateBias ? 2 : 0);
          const fused = makeCase(single, dims, withBias, seed);
          const apart = makeCase(single, dims, withBias, seed);
          const start = { dW: Float64Array.from(fused.dW), dR: fused.dR && Float64Array.from(fused.dR), dBias: fused.dBias && Float64Array.from(fused.dBias) };

          single.kernels.weightGradients(fused.dW, fused.dR, fused.dBias, fused.dY, fused.x, fused.h, dims, accumulateBias);
          // What the layers called before: one product at a time, then the bias sum.
          single.kernels.matmulAtB(apart.dW, apart.dY, apart.x, { M, N: N1, K }, true);
          if (apart.dR && apart.h) single.kernels.matmulAtB(apart.dR, apart.dY, apart.h, { M, N: N2, K }, true);
          if (apart.dBias) single.kernels.sumRows(apart.dBias, apart.dY, K, M, accumulateBias);
          expect(sameBits(fused, apart)).toBe(true);

          const two = makeCase(shared, dims, withBias, seed);
          shared.kernels.weightGradients(two.dW, two.dR, two.dBias, two.dY, two.x, two.h, dims, accumulateBias);
          expect(sameBits(two, fused)).toBe(true);

          // Against the reference in float64, within float32 rounding.
          reference.weightGradients(start.dW, start.dR, start.dBias, fused.dY, fused.x, fused.h, dims, accumulateBias);
          expect(firstOutside(fused.dW, start.dW, errorBounds('AtB', fused.dY, fused.x, Float32Array.from(apart.dW), { M, N: N1, K }).map((b) => 2 * b))).toBe(-1);
          if (fused.dR && start.dR) expect(firstOutside(fused.dR, start.dR, errorBounds('AtB', fused.dY, fused.h!, Float32Array.from(apart.dR!), { M, N: N2, K }).map((b) => 2 * b))).toBe(-1);
          if (fused.dBias && start.dBias) expect(firstOutside(fused.dBias, start.dBias, (K + 2) * 2 ** -24 * (K + 2))).toBe(-1);
        });
      }
    }

    it('the two threads both compute chunks of a large call', () => {
      const dims = { M: 256, N1: 8, N2: 64, K: 64 };
      const before = helperChunks(shared);
      const c = makeCase(shared, dims, true, 99);
      // The helper may be starting, or not scheduled on a busy machine: call until it has taken a chunk.
      const deadline = Date.now() + 20_000;
      do shared.kernels.weightGradients(c.dW, c.dR, c.dBias, c.dY, c.x, c.h, dims, false);
      while (helperChunks(shared) === before && Date.now() < deadline);
      expect(helperChunks(shared)).toBeGreaterThan(before);
    });

    it('writes nothing outside dW, dR and dBias', () => {
      const dims = { M: 5, N1: 3, N2: 7, K: 9 };
      const next = seeded(17);
      const guard = 16;
      const dW = arenaArray(single, dims.M * dims.N1 + guard, next), dR = arenaArray(single, dims.M * dims.N2 + guard, next), dBias = arenaArray(single, dims.M + guard, next);
      const tails = [dW.slice(dims.M * dims.N1), dR.slice(dims.M * dims.N2), dBias.slice(dims.M)];
      single.kernels.weightGradients(dW, dR, dBias, arenaArray(single, dims.K * dims.M, next), arenaArray(single, dims.K * dims.N1, next), arenaArray(single, dims.K * dims.N2, next), dims, false);
      expect([dW.slice(dims.M * dims.N1), dR.slice(dims.M * dims.N2), dBias.slice(dims.M)]).toEqual(tails);
    });

    it('rejects views too short for their dimensions instead of reading past them', () => {
      const next = seeded(23);
      const dims = { M: 4, N1: 3, N2: 5, K: 6 };
      const dW = arenaArray(single, 12, next), dR = arenaArray(single, 19, next), dY = arenaArray(single, 24, next), x = arenaArray(single, 18, next), h = arenaArray(single, 30, next);
      expect(() => single.kernels.weightGradients(dW, dR, null, dY, x, h, dims, false)).toThrow(RangeError);
    });

    it('arrays outside the wasm memory give exactly the reference result', () => {
      const dims = { M: 6, N1: 5, N2: 4, K: 11 };
      const next = seeded(29);
      const make = (n: number) => Float32Array.from({ length: n }, next);
      const [dY, x, h] = [make(dims.K * dims.M), make(dims.K * dims.N1), make(dims.K * dims.N2)];
      const outs = () => [make(dims.M * dims.N1), make(dims.M * dims.N2), make(dims.M)];
      const [dW, dR, dBias] = outs();
      const [eW, eR, eBias] = [Float32Array.from(dW), Float32Array.from(dR), Float32Array.from(dBias)];
      single.kernels.weightGradients(dW, dR, dBias, dY, x, h, dims, true);
      reference.weightGradients(eW, eR, eBias, dY, x, h, dims, true);
      expect([dW, dR, dBias]).toEqual([eW, eR, eBias]);
    });
  });
}

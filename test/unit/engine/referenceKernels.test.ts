// The reference matrix kernels against the textbook triple loop, on awkward shapes, in both dtypes.
import { describe, expect, it } from 'vitest';
import { matmulAB, matmulABt, matmulAtB, sumRows } from '../../../engine/kernels/reference';
import { createRng } from '../../../engine/rng';

const shapes = [
  [1, 1, 1], [1, 7, 3], [5, 1, 4], [3, 5, 1], [4, 4, 4], [7, 9, 5], [13, 6, 11], [2, 17, 33],
];

function random(length: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length }, () => rng.uniform() * 2 - 1);
}

/** C[m,n] = Σ_k A(m,k)·B(k,n), with A and B given as element accessors. */
function naive(M: number, N: number, K: number, a: (m: number, k: number) => number, b: (k: number, n: number) => number): Float64Array {
  const out = new Float64Array(M * N);
  for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) out[m * N + n] += a(m, k) * b(k, n);
  return out;
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tolerance: number): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

describe('reference kernels', () => {
  for (const [M, N, K] of shapes) {
    const dims = { M, N, K };
    it(`matmulABt, matmulAB, matmulAtB at M=${M} N=${N} K=${K}, overwrite and accumulate`, () => {
      const a = random(M * K, 1);
      const bT = random(N * K, 2); // [N, K]
      const b = random(K * N, 3); // [K, N]
      const aT = random(K * M, 4); // [K, M]
      const start = random(M * N, 5);
      const cases: [typeof matmulABt, Float64Array, Float64Array, Float64Array][] = [
        [matmulABt, a, bT, naive(M, N, K, (m, k) => a[m * K + k], (k, n) => bT[n * K + k])],
        [matmulAB, a, b, naive(M, N, K, (m, k) => a[m * K + k], (k, n) => b[k * N + n])],
        [matmulAtB, aT, b, naive(M, N, K, (m, k) => aT[k * M + m], (k, n) => b[k * N + n])],
      ];
      for (const [kernel, left, right, want] of cases) {
        const out = Float64Array.from(start);
        kernel(out, left, right, dims, false);
        expectClose(out, want, 1e-12);
        const accumulated = Float64Array.from(start);
        kernel(accumulated, left, right, dims, true);
        expectClose(accumulated, want.map((value, i) => value + start[i]), 1e-12);
        const single = new Float32Array(M * N);
        kernel(single, Float32Array.from(left), Float32Array.from(right), dims, false);
        expectClose(single, want, 1e-5 * K);
      }
    });
  }

  it('sumRows adds each column over the rows', () => {
    const a = random(4 * 3, 7);
    const out = Float64Array.from([1, 2, 3]);
    sumRows(out, a, 4, 3, true);
    for (let c = 0; c < 3; c++) expect(out[c]).toBeCloseTo(c + 1 + a[c] + a[3 + c] + a[6 + c] + a[9 + c], 14);
  });
});

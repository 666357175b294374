// The fused LSTM/GRU cell steps (SIMD) against the reference steps in engine/kernels/cells.ts, and the
// prepared (packed-once) recurrent products against the plain products. H values not multiples of 4
// exercise the scalar tail; pre-activations span the saturating range of σ and tanh.
import { afterAll, describe, expect, it } from 'vitest';
import * as cells from '../../../engine/kernels/cells';
import * as reference from '../../../engine/kernels/reference';
import { arenaArray, errorBounds, firstOutside, helperChunks, makeBackend, seeded, VARIANTS } from './simdHelpers';

describe.each(VARIANTS)('%s SIMD build', (variant) => {
  const backend = makeBackend(1, true, variant);
  afterAll(() => backend.dispose());
  const k = backend.kernels;

  /** Values of the cell kernels are O(1); float32 with a few-ulp exp/tanh stays far inside this. */
  const CELL_TOLERANCE = 2e-6;

  function copyToHeap(array: Float32Array): Float32Array {
    return Float32Array.from(array);
  }

  describe('fused LSTM steps', () => {
    for (const [T, B, H] of [[3, 2, 5], [2, 3, 8], [1, 1, 1], [4, 5, 13]]) {
      it(`forward then backward, every step: T=${T} B=${B} H=${H}`, () => {
        const next = seeded(T * 100 + B * 10 + H);
        const wide = () => 6 * next(); // pre-activations in [−6, 6)
        const G = 4 * H;
        const gates = arenaArray(backend, T * B * G, wide);
        const cellsBuf = arenaArray(backend, (T + 1) * B * H, () => 0);
        for (let i = 0; i < B * H; i++) cellsBuf[i] = next();
        const hiddens = arenaArray(backend, (T + 1) * B * H, () => 0);
        const tanhCells = arenaArray(backend, T * B * H, () => 0);
        const ref = { gates: copyToHeap(gates), cells: copyToHeap(cellsBuf), hiddens: copyToHeap(hiddens), tanhCells: copyToHeap(tanhCells) };
        for (let t = 0; t < T; t++) {
          k.lstmForwardStep(gates, cellsBuf, tanhCells, hiddens, t, B, H);
          cells.lstmForwardStep(ref.gates, ref.cells, ref.tanhCells, ref.hiddens, t, B, H);
        }
        for (const [name, fast, slow] of [['gates', gates, ref.gates], ['cells', cellsBuf, ref.cells], ['hiddens', hiddens, ref.hiddens], ['tanhCells', tanhCells, ref.tanhCells]] as const) {
          expect(firstOutside(fast, slow, CELL_TOLERANCE), name).toBe(-1);
        }

        const dY = arenaArray(backend, T * B * H, next);
        const dHidden = arenaArray(backend, B * H, next);
        const dCell = arenaArray(backend, B * H, next);
        const dGates = arenaArray(backend, T * B * G, () => 0);
        const refD = { dGates: copyToHeap(dGates), dHidden: copyToHeap(dHidden), dCell: copyToHeap(dCell) };
        for (let t = T - 1; t >= 0; t--) {
          // Both sides read the same (reference) forward state, so only the backward step is compared.
          k.lstmBackwardStep(dGates, gates, cellsBuf, tanhCells, dY, dHidden, dCell, t, B, H);
          cells.lstmBackwardStep(refD.dGates, gates, cellsBuf, tanhCells, dY, refD.dHidden, refD.dCell, t, B, H);
        }
        expect(firstOutside(dGates, refD.dGates, CELL_TOLERANCE * 4)).toBe(-1);
        expect(firstOutside(dCell, refD.dCell, CELL_TOLERANCE * 4)).toBe(-1);
        expect(Array.from(dHidden)).toEqual(Array.from(refD.dHidden)); // read, never written
      });
    }

    it('saturates cleanly: huge pre-activations give 0/1 gates, ±1 tanh and no NaN', () => {
      const H = 4, B = 1;
      const gates = arenaArray(backend, 4 * H, () => 0);
      gates.set([1e4, -1e4, 100, -100, 1e4, 1e4, -1e4, -1e4, 50, -50, 0, 1e-3, 1e30, -1e30, 3, -3]);
      const cellsBuf = arenaArray(backend, 2 * H, () => 0.5);
      const hiddens = arenaArray(backend, 2 * H, () => 0);
      const tanhCells = arenaArray(backend, H, () => 0);
      k.lstmForwardStep(gates, cellsBuf, tanhCells, hiddens, 0, B, H);
      expect(gates[0]).toBe(1);
      expect(gates[1]).toBeLessThan(1e-37); // e^x is clamped at −87.3, so σ(−10⁴) is a denormal, not 0
      expect(gates[1]).toBeGreaterThanOrEqual(0);
      expect(gates[12]).toBe(1);
      expect(gates[13]).toBe(-1);
      expect(firstOutside(gates.subarray(14), [Math.tanh(3), -Math.tanh(3)], 1e-6)).toBe(-1);
      expect(gates.every(Number.isFinite) && hiddens.every(Number.isFinite)).toBe(true);
    });
  });

  describe('fused GRU steps', () => {
    for (const [T, B, H] of [[3, 2, 5], [2, 3, 8], [1, 1, 1], [4, 5, 13]]) {
      it(`forward then backward, every step: T=${T} B=${B} H=${H}`, () => {
        const next = seeded(T * 1000 + B * 10 + H);
        const wide = () => 5 * next();
        const G = 3 * H;
        const inputGates = arenaArray(backend, T * B * G, wide);
        const hiddenGates = arenaArray(backend, T * B * G, wide);
        const hiddens = arenaArray(backend, (T + 1) * B * H, () => 0);
        for (let i = 0; i < B * H; i++) hiddens[i] = next();
        const ref = { inputGates: copyToHeap(inputGates), hiddens: copyToHeap(hiddens) };
        for (let t = 0; t < T; t++) {
          k.gruForwardStep(inputGates, hiddenGates, hiddens, t, B, H);
          cells.gruForwardStep(ref.inputGates, hiddenGates, ref.hiddens, t, B, H);
        }
        expect(firstOutside(inputGates, ref.inputGates, CELL_TOLERANCE)).toBe(-1);
        expect(firstOutside(hiddens, ref.hiddens, CELL_TOLERANCE)).toBe(-1);

        const dY = arenaArray(backend, T * B * H, next);
        const dHidden = arenaArray(backend, B * H, next);
        const dInputGates = arenaArray(backend, T * B * G, () => 0);
        const dHiddenGates = arenaArray(backend, T * B * G, () => 0);
        const refD = { dInputGates: copyToHeap(dInputGates), dHiddenGates: copyToHeap(dHiddenGates), dHidden: copyToHeap(dHidden) };
        for (let t = T - 1; t >= 0; t--) {
          k.gruBackwardStep(dInputGates, dHiddenGates, dHidden, inputGates, hiddenGates, hiddens, dY, t, B, H);
          cells.gruBackwardStep(refD.dInputGates, refD.dHiddenGates, refD.dHidden, inputGates, hiddenGates, hiddens, dY, t, B, H);
        }
        expect(firstOutside(dInputGates, refD.dInputGates, CELL_TOLERANCE * 4)).toBe(-1);
        expect(firstOutside(dHiddenGates, refD.dHiddenGates, CELL_TOLERANCE * 4)).toBe(-1);
        expect(firstOutside(dHidden, refD.dHidden, CELL_TOLERANCE * 4)).toBe(-1);
      });
    }
  });

  describe('prepared recurrent products', () => {
    for (const [M, N, K] of [[1, 1, 1], [2, 12, 3], [64, 256, 64], [7, 33, 300], [13, 1030, 5]]) {
      for (const transposed of [true, false]) {
        it(`M=${M} N=${N} K=${K} ${transposed ? 'a·bᵀ' : 'a·b'}, reused over steps with accumulate on and off`, () => {
          const next = seeded(M + 17 * N + 257 * K + (transposed ? 5 : 0));
          const b = arenaArray(backend, N * K, next);
          const prepared = backend.kernels.prepareMatrix(b, N, K, transposed);
          expect(prepared.packedBy).toBeDefined();
          const kind = transposed ? 'ABt' : 'AB';
          for (const accumulate of [false, true, true]) {
            const a = arenaArray(backend, M * K, next);
            const out = arenaArray(backend, M * N, next);
            const out0 = Float32Array.from(out);
            const expected = new Float64Array(out);
            (transposed ? reference.matmulABt : reference.matmulAB)(expected, a, b, { M, N, K }, accumulate);
            backend.kernels.matmulPrepared(out, a, prepared, M, accumulate);
            expect(firstOutside(out, expected, errorBounds(kind, a, b, accumulate ? out0 : null, { M, N, K }))).toBe(-1);
          }
        });
      }
    }

    it('a matrix prepared by the reference, or heap operands, still give the right product', () => {
      const next = seeded(77);
      const [M, N, K] = [3, 10, 6];
      const b = Float32Array.from({ length: N * K }, next);
      const a = Float32Array.from({ length: M * K }, next);
      const out = new Float32Array(M * N);
      const expected = new Float32Array(M * N);
      k.matmulPrepared(out, a, k.prepareMatrix(b, N, K, true), M, false);
      reference.matmulABt(expected, a, b, { M, N, K }, false);
      expect(Array.from(out)).toEqual(Array.from(expected));
    });
  });

  describe('whole LSTM steps and sequences (recurrent product + cell) in one call', () => {
    const shared = makeBackend(2, true, variant); // one-row-tile chunks shared with the helper thread
    afterAll(() => shared.dispose());
    for (const [T, B, H] of [[3, 5, 7], [2, 9, 8], [2, 1, 3], [4, 13, 5]]) {
      it(`T=${T} B=${B} H=${H}: matches the composed reference; a step at a time, a sequence per call, one thread and two all bit for bit`, () => {
        const G = 4 * H;
        // `sequence`: all T steps in one call, which hands the helper whole rows through every step.
        const run = (be: typeof backend, useReference: boolean, sequence = false) => {
          const next = seeded(T * 7 + B * 3 + H);
          const R = arenaArray(be, G * H, next);
          const gates = arenaArray(be, T * B * G, () => 2 * next());
          const cellsBuf = arenaArray(be, (T + 1) * B * H, next);
          const hiddens = arenaArray(be, (T + 1) * B * H, next);
          const tanhCells = arenaArray(be, T * B * H, () => 0);
          const dY = arenaArray(be, T * B * H, next);
          const dHidden = arenaArray(be, B * H, () => 0);
          const dCell = arenaArray(be, B * H, () => 0);
          const dGates = arenaArray(be, T * B * G, () => 0);
          const heap = (x: Float32Array) => (useReference ? Float32Array.from(x) : x); // heap arrays take the reference path
          const bufs = { gates: heap(gates), cells: heap(cellsBuf), hiddens: heap(hiddens), tanhCells: heap(tanhCells), dY: heap(dY), dHidden: heap(dHidden), dCell: heap(dCell), dGates: heap(dGates), R: heap(R) };
          const kk = be.kernels;
          const forwardR = kk.prepareMatrix(bufs.R, G, H, true);
          const backwardR = kk.prepareMatrix(bufs.R, H, G, false);
          if (sequence) {
            kk.lstmForwardSequence(bufs.gates, bufs.cells, bufs.tanhCells, bufs.hiddens, forwardR, T, B, H, true);
            kk.lstmBackwardSequence(bufs.dGates, bufs.gates, bufs.cells, bufs.tanhCells, bufs.dY, bufs.dHidden, bufs.dCell, backwardR, T, B, H);
            return bufs;
          }
          for (let t = 0; t < T; t++) kk.lstmForwardRecurrent(bufs.gates, bufs.cells, bufs.tanhCells, bufs.hiddens, forwardR, t, B, H, t === 0);
          for (let t = T - 1; t >= 0; t--) kk.lstmBackwardRecurrent(bufs.dGates, bufs.gates, bufs.cells, bufs.tanhCells, bufs.dY, bufs.dHidden, bufs.dCell, backwardR, t, B, H);
          return bufs;
        };
        const single = run(backend, false);
        const reference = run(backend, true);
        const others = { 'two threads': run(shared, false), 'one thread, sequence': run(backend, false, true), 'two threads, sequence': run(shared, false, true) };
        for (const name of ['gates', 'cells', 'hiddens', 'tanhCells', 'dGates', 'dHidden', 'dCell'] as const) {
          for (const [how, other] of Object.entries(others)) expect(sameBits(other[name], single[name]), `${name}, ${how}`).toBe(true);
          expect(firstOutside(single[name], reference[name], 2e-5), name).toBe(-1);
        }
        // The sequence of the reference kernels (a heap copy) is the step loop's, value for value.
        const referenceSequence = run(backend, true, true);
        for (const name of ['gates', 'hiddens', 'dGates', 'dHidden'] as const) expect(sameBits(referenceSequence[name], reference[name]), name).toBe(true);
      });
    }

    it('the helper thread takes whole rows of a sequence', () => {
      const [T, B, H] = [6, 16, 8];
      const next = seeded(5);
      const R = shared.kernels.prepareMatrix(arenaArray(shared, 4 * H * H, next), 4 * H, H, true);
      const gates = arenaArray(shared, T * B * 4 * H, next);
      const [cellsBuf, hiddens] = [arenaArray(shared, (T + 1) * B * H, next), arenaArray(shared, (T + 1) * B * H, next)];
      const tanhCells = arenaArray(shared, T * B * H, () => 0);
      const before = helperChunks(shared);
      // The helper may be starting, or not scheduled on a busy machine: call until it has taken a chunk.
      const deadline = Date.now() + 20_000;
      do shared.kernels.lstmForwardSequence(gates, cellsBuf, tanhCells, hiddens, R, T, B, H, false);
      while (helperChunks(shared) === before && Date.now() < deadline);
      // Four chunks of four rows, each through all T steps: a helper taking steps one by one would add up to T per call.
      expect(helperChunks(shared) - before).toBeGreaterThan(0);
      expect(helperChunks(shared) - before).toBeLessThan(B / 4 + 1);
    });
  });

  describe('whole GRU steps and sequences (Rb + recurrent product + cell) in one call', () => {
    const shared = makeBackend(2, true, variant);
    afterAll(() => shared.dispose());
    for (const [T, B, H] of [[3, 5, 7], [2, 9, 8], [2, 1, 3], [4, 13, 5]]) {
      it(`T=${T} B=${B} H=${H}: matches the composed reference; a step at a time, a sequence per call, one thread and two all bit for bit`, () => {
        const G = 3 * H;
        const run = (be: typeof backend, useReference: boolean, sequence = false) => {
          const next = seeded(T * 11 + B * 5 + H);
          const heap = (x: Float32Array) => (useReference ? Float32Array.from(x) : x);
          const bufs = {
            R: heap(arenaArray(be, G * H, next)),
            Rb: heap(arenaArray(be, G, next)),
            inputGates: heap(arenaArray(be, T * B * G, () => 2 * next())),
            hiddenGates: heap(arenaArray(be, T * B * G, () => 0)),
            hiddens: heap(arenaArray(be, (T + 1) * B * H, next)),
            dY: heap(arenaArray(be, T * B * H, next)),
            dHidden: heap(arenaArray(be, B * H, () => 0)),
            dInputGates: heap(arenaArray(be, T * B * G, () => 0)),
            dHiddenGates: heap(arenaArray(be, T * B * G, () => 0)),
          };
          const kk = be.kernels;
          const forwardR = kk.prepareMatrix(bufs.R, G, H, true);
          const backwardR = kk.prepareMatrix(bufs.R, H, G, false);
          if (sequence) {
            kk.gruForwardSequence(bufs.inputGates, bufs.hiddenGates, bufs.hiddens, bufs.Rb, forwardR, T, B, H, true);
            kk.gruBackwardSequence(bufs.dInputGates, bufs.dHiddenGates, bufs.dHidden, bufs.inputGates, bufs.hiddenGates, bufs.hiddens, bufs.dY, backwardR, T, B, H);
            return bufs;
          }
          for (let t = 0; t < T; t++) kk.gruForwardRecurrent(bufs.inputGates, bufs.hiddenGates, bufs.hiddens, bufs.Rb, forwardR, t, B, H, t === 0);
          for (let t = T - 1; t >= 0; t--) {
            kk.gruBackwardRecurrent(bufs.dInputGates, bufs.dHiddenGates, bufs.dHidden, bufs.inputGates, bufs.hiddenGates, bufs.hiddens, bufs.dY, backwardR, t, B, H);
          }
          return bufs;
        };
        const single = run(backend, false);
        const reference = run(backend, true);
        const others = { 'two threads': run(shared, false), 'one thread, sequence': run(backend, false, true), 'two threads, sequence': run(shared, false, true) };
        for (const name of ['inputGates', 'hiddenGates', 'hiddens', 'dInputGates', 'dHiddenGates', 'dHidden'] as const) {
          for (const [how, other] of Object.entries(others)) expect(sameBits(other[name], single[name]), `${name}, ${how}`).toBe(true);
          expect(firstOutside(single[name], reference[name], 2e-5), name).toBe(-1);
        }
        const referenceSequence = run(backend, true, true);
        for (const name of ['hiddenGates', 'hiddens', 'dHiddenGates', 'dHidden'] as const) expect(sameBits(referenceSequence[name], reference[name]), name).toBe(true);
      });
    }
  });
});

/** Whether two float arrays hold the same bits (NaN payloads and −0 included). */
function sameBits(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

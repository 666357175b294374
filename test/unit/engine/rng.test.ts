import { describe, expect, it } from 'vitest';
import { createRng } from '../../../engine/rng';

describe('seeded PRNG', () => {
  it('gives the same stream for the same seed and different streams for nearby seeds', () => {
    const draw = (seed: number) => Array.from({ length: 8 }, createRng(seed).uint32);
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('resumes exactly from a saved state', () => {
    const rng = createRng(7);
    for (let i = 0; i < 100; i++) rng.uniform();
    const state = rng.getState();
    const expected = Array.from({ length: 5 }, rng.uniform);
    const resumed = createRng(0);
    resumed.setState(state);
    expect(Array.from({ length: 5 }, resumed.uniform)).toEqual(expected);
  });

  it('draws uniforms in [0, 1) with the right mean, and unbiased integers', () => {
    const rng = createRng(3);
    let sum = 0;
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      counts[rng.below(3)]++;
    }
    expect(sum / 30_000).toBeCloseTo(0.5, 2);
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });

  it('draws standard normals', () => {
    const rng = createRng(11);
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < 20_000; i++) {
      const z = rng.normal();
      sum += z;
      squares += z * z;
    }
    expect(Math.abs(sum / 20_000)).toBeLessThan(0.03);
    expect(Math.abs(squares / 20_000 - 1)).toBeLessThan(0.04);
  });

  it('shuffles into a permutation', () => {
    const values = createRng(5).shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(values).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(values)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

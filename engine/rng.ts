// One seeded PRNG drives every random choice (initialisation, dropout masks, shuffling, sampling), so
// one seed gives a bit-identical run. xoshiro128** (Blackman & Vigna): 128 bits of state, 32-bit
// outputs, fast in JS integer arithmetic; the state is four uint32s and goes into checkpoints.

export interface Rng {
  /** Uniform integer in [0, 2^32). */
  uint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Uniform integer in [0, n), unbiased. */
  below(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [index: number]: number }>(array: T): T;
  /** A copy of the state, for checkpoints. */
  getState(): number[];
  setState(state: readonly number[]): void;
}

export function createRng(seed: number): Rng {
  const s = new Uint32Array(4);
  // splitmix32 expands the seed so that nearby seeds give unrelated streams and the state is never zero.
  let x = (seed >>> 0) ^ Math.floor(seed / 0x1_0000_0000);
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    s[i] = (z ^ (z >>> 16)) >>> 0;
  }

  function uint32(): number {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  function uniform(): number {
    const high = uint32() >>> 5; // 27 bits
    const low = uint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  function below(n: number): number {
    if (!(n > 0 && n <= 0x1_0000_0000 && Number.isInteger(n))) throw new RangeError(`below(${n}): n must be an integer in [1, 2^32]`);
    // Rejection keeps every value equally likely: draws in the incomplete last block are retried.
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
    let value = uint32();
    while (value >= limit) value = uint32();
    return value % n;
  }

  function normal(): number {
    let u = uniform();
    while (u === 0) u = uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  return {
    uint32,
    uniform,
    below,
    normal,
    shuffle(array) {
      for (let i = array.length - 1; i > 0; i--) {
        const j = below(i + 1);
        const swap = array[i];
        array[i] = array[j];
        array[j] = swap;
      }
      return array;
    },
    getState: () => Array.from(s),
    setState(state) {
      if (state.length !== 4 || state.every((word) => word === 0)) throw new Error('invalid PRNG state');
      for (let i = 0; i < 4; i++) s[i] = state[i] >>> 0;
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

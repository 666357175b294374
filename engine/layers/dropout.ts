// Inverted dropout: at training time each element is zeroed with probability p and the survivors are
// scaled by 1/(1−p), so inference needs no rescaling. The mask comes from the run's seeded PRNG.
// Dims: N = elements.
//   forward:  out = x ⊙ mask       mask ∈ {0, 1/(1−p)}
//   backward: dx = dout ⊙ mask
import type { Rng } from '../rng';
import type { Floats } from '../tensor';

export function dropoutForward(out: Floats, mask: Floats, x: Floats, p: number, rng: Rng, N: number): void {
  const keep = 1 / (1 - p);
  for (let n = 0; n < N; n++) {
    const m = rng.uniform() < p ? 0 : keep;
    mask[n] = m;
    out[n] = x[n] * m;
  }
}

export function dropoutBackward(dx: Floats, dOut: Floats, mask: Floats, N: number): void {
  for (let n = 0; n < N; n++) dx[n] = dOut[n] * mask[n];
}

// Softmax cross-entropy on logits, mean over the counted rows (PyTorch CrossEntropyLoss = LogSoftmax + NLL).
// Dims: N = rows (batch, or batch × time), C = classes. `mask` [N] (1 = counts) or null.
//   loss_n = logsumexp(z_n) − z_n[y_n]          (max-shifted, so large logits cannot overflow)
//   dz_n   = (softmax(z_n) − onehot(y_n)) / n
import type { Floats } from '../tensor';
import { countOf } from './regression';

export function crossEntropyLoss(dLogits: Floats, logits: Floats, targets: Int32Array, mask: Floats | null, N: number, C: number): number {
  const count = countOf(mask, N);
  let sum = 0;
  for (let n = 0; n < N; n++) {
    const row = n * C;
    if (mask && mask[n] === 0) {
      dLogits.fill(0, row, row + C);
      continue;
    }
    const target = targets[n];
    if (!(target >= 0 && target < C)) throw new RangeError(`target class ${target} in row ${n} is outside [0, ${C})`);
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, logits[row + c]);
    let total = 0;
    for (let c = 0; c < C; c++) total += Math.exp(logits[row + c] - max);
    const logSumExp = max + Math.log(total);
    sum += logSumExp - logits[row + target];
    for (let c = 0; c < C; c++) dLogits[row + c] = Math.exp(logits[row + c] - logSumExp) / count;
    dLogits[row + target] -= 1 / count;
  }
  return sum / count;
}

/** Softmax of each row of logits [N, C] into probabilities [N, C], optionally at a temperature. */
export function softmaxRows(probabilities: Floats, logits: Floats, N: number, C: number, temperature = 1): void {
  for (let n = 0; n < N; n++) {
    const row = n * C;
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, logits[row + c]);
    let total = 0;
    for (let c = 0; c < C; c++) {
      const e = Math.exp((logits[row + c] - max) / temperature);
      probabilities[row + c] = e;
      total += e;
    }
    for (let c = 0; c < C; c++) probabilities[row + c] /= total;
  }
}

// Task metrics, computed the same way for the model and for every baseline (same windows, same units).
// Forecasts: arrays [W, S, K] in original units (W windows, S horizon steps, K targets).
//   MAE = mean|p − y|   RMSE = √mean(p − y)²   sMAPE = 100·mean(2|p − y| / (|p| + |y|))  (0 when both are 0)
//   MASE = mean over targets of MAE_k / scale_k, scale_k = mean |y_t − y_{t−1}| of target k on the
//          training split (Hyndman & Koehler 2006, non-seasonal scaling)
//   perStep: the same four metrics at each horizon step (averaged over windows and targets).
// Classification: accuracy, macro-F1 (mean F1 over classes present in the truth or the predictions),
//   confusion matrix [truth][predicted].
// Text, per token: perplexity = e^(mean cross-entropy); character models add bits per character =
//   mean cross-entropy / ln 2, word models the accuracy of the likeliest next token.

export interface ForecastMetrics {
  mae: number;
  rmse: number;
  smape: number;
  mase: number;
  perStep: { mae: number[]; rmse: number[]; smape: number[]; mase: number[] };
}

export interface ClassifyMetrics {
  accuracy: number;
  macroF1: number;
  confusion: number[][];
}

/** A character model's metrics. */
export interface TextMetrics {
  bitsPerChar: number;
  perplexity: number;
}

/** A word model's metrics (per token; a token is a word or a punctuation mark). */
export interface WordMetrics {
  perplexity: number;
  accuracy: number;
}

export type TaskMetrics = ForecastMetrics | ClassifyMetrics | TextMetrics | WordMetrics;

export function forecastMetrics(pred: ArrayLike<number>, truth: ArrayLike<number>, W: number, S: number, K: number, maseScale: ArrayLike<number>): ForecastMetrics {
  const perStep = { mae: [] as number[], rmse: [] as number[], smape: [] as number[], mase: [] as number[] };
  const total = { abs: 0, sq: 0, smape: 0, scaled: 0 };
  for (let s = 0; s < S; s++) {
    let abs = 0, sq = 0, smape = 0, scaled = 0;
    for (let w = 0; w < W; w++) {
      for (let k = 0; k < K; k++) {
        const i = (w * S + s) * K + k;
        const diff = pred[i] - truth[i];
        const size = Math.abs(pred[i]) + Math.abs(truth[i]);
        abs += Math.abs(diff);
        sq += diff * diff;
        smape += size === 0 ? 0 : (2 * Math.abs(diff)) / size;
        scaled += Math.abs(diff) / (maseScale[k] > 0 ? maseScale[k] : 1);
      }
    }
    const n = W * K;
    perStep.mae.push(abs / n);
    perStep.rmse.push(Math.sqrt(sq / n));
    perStep.smape.push((100 * smape) / n);
    perStep.mase.push(scaled / n);
    total.abs += abs;
    total.sq += sq;
    total.smape += smape;
    total.scaled += scaled;
  }
  const n = W * S * K;
  return { mae: total.abs / n, rmse: Math.sqrt(total.sq / n), smape: (100 * total.smape) / n, mase: total.scaled / n, perStep };
}

/** Mean absolute one-step change of a series: the MASE denominator (from the training split only). */
export function naiveScale(series: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let t = 1; t < series.length; t++) {
    if (Number.isFinite(series[t]) && Number.isFinite(series[t - 1])) {
      sum += Math.abs(series[t] - series[t - 1]);
      count++;
    }
  }
  return count > 0 ? sum / count : 1;
}

export function classifyMetrics(predicted: ArrayLike<number>, truth: ArrayLike<number>, classes: number): ClassifyMetrics {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    confusion[truth[i]][predicted[i]]++;
    if (truth[i] === predicted[i]) correct++;
  }
  let f1Sum = 0;
  let present = 0;
  for (let c = 0; c < classes; c++) {
    const truePositive = confusion[c][c];
    let actual = 0;
    let predictedAs = 0;
    for (let other = 0; other < classes; other++) {
      actual += confusion[c][other];
      predictedAs += confusion[other][c];
    }
    if (actual === 0 && predictedAs === 0) continue;
    present++;
    f1Sum += (2 * truePositive) / (actual + predictedAs);
  }
  return { accuracy: truth.length > 0 ? correct / truth.length : 0, macroF1: present > 0 ? f1Sum / present : 0, confusion };
}

export function textMetrics(meanCrossEntropyNats: number): TextMetrics {
  return { bitsPerChar: meanCrossEntropyNats / Math.LN2, perplexity: Math.exp(meanCrossEntropyNats) };
}

export function wordMetrics(meanCrossEntropyNats: number, accuracy: number): WordMetrics {
  return { perplexity: Math.exp(meanCrossEntropyNats), accuracy };
}

/** The metrics of a text model by its tokenizer, from its mean cross-entropy and top-1 accuracy. */
export function tokenMetrics(tokenizer: 'char' | 'word', meanCrossEntropyNats: number, accuracy: number): TextMetrics | WordMetrics {
  return tokenizer === 'word' ? wordMetrics(meanCrossEntropyNats, accuracy) : textMetrics(meanCrossEntropyNats);
}

/** Index of the largest value in each row of scores [N, C]. */
export function argmaxRows(scores: ArrayLike<number>, N: number, C: number): Int32Array {
  const out = new Int32Array(N);
  for (let n = 0; n < N; n++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (scores[n * C + c] > scores[n * C + best]) best = c;
    out[n] = best;
  }
  return out;
}

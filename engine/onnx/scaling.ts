// Pre- and post-processing inside the graph, so that a user feeds raw numbers and gets raw numbers.
// The formulas are the data layer's (engine/data/types.ts), computed here in float32 where the data
// layer computes them in float64; the parity tests bound the difference.
//   x' = (x − base) / std, base_f = x[last row of the window]_f for relative features, else mean_f
//   y  = base_k + y'·std_k, base_k = mean_k (absolute) or the target's value at the window's last row
import type { Normalisation } from './metadataTypes';
import { attr, type GraphBuilder } from './graphBuilder';

/** Largest safe integer: "to the end" for Slice (ONNX clamps any bound past the axis). */
const TO_THE_END = Number.MAX_SAFE_INTEGER;

export interface ScaledInput {
  /** The scaled features [batch, seq, F]. */
  scaled: string;
  /** Each window's last row of raw features [batch, 1, F], when some feature is relative. */
  lastRow?: string;
}

export function emitInputScaling(g: GraphBuilder, x: string, norm: Normalisation): ScaledInput {
  const { mean, std: stdValues, relative } = norm.features;
  const std = g.floats('feature_std', [stdValues.length], stdValues);
  if (!relative.some(Boolean)) {
    const centred = g.op('Sub', [x, g.floats('feature_mean', [mean.length], mean)], 'x_centred');
    return { scaled: g.op('Div', [centred, std], 'x_scaled') };
  }
  const starts = g.int64s('last_row_start', [1], [-1]);
  const ends = g.int64s('last_row_end', [1], [TO_THE_END]);
  const axes = g.int64s('last_row_axis', [1], [1]);
  const lastRow = g.op('Slice', [x, starts, ends, axes], 'x_last_row');
  let base = lastRow;
  if (!relative.every(Boolean)) {
    // Mixed (one-hot slots stay absolute): base = last·mask + mean·(1 − mask); with mask ∈ {0, 1} both
    // products and the sum are exact, so each slot gets exactly its last value or its mean.
    const mask = g.floats('relative_mask', [relative.length], relative.map(Number));
    const meanOfAbsolute = g.floats('absolute_mean', [mean.length], mean.map((value, f) => (relative[f] ? 0 : value)));
    base = g.op('Add', [g.op('Mul', [lastRow, mask], 'x_last_masked'), meanOfAbsolute], 'x_base');
  }
  const change = g.op('Sub', [x, base], 'x_change');
  return { scaled: g.op('Div', [change, std], 'x_scaled'), lastRow };
}

/**
 * The network's forecast [batch, horizon·K] (step-major: index h·K + k) → original units
 * [batch, horizon, K].
 */
export function emitForecastUnscaling(g: GraphBuilder, normalized: string, norm: Normalisation, horizon: number, input: ScaledInput, output: string): string {
  const { mean, std: stdValues, featureIndex } = norm.targets;
  const targets = stdValues.length;
  const shape = g.int64s('forecast_shape', [3], [-1, horizon, targets]);
  const stepwise = g.op('Reshape', [normalized, shape], 'forecast_steps');
  const spread = g.op('Mul', [stepwise, g.floats('target_std', [targets], stdValues)], 'forecast_spread');
  let base: string;
  if (norm.formulation === 'absolute') {
    base = g.floats('target_mean', [targets], mean);
  } else {
    const indices = g.int64s('target_feature_index', [targets], featureIndex);
    base = g.op('Gather', [input.lastRow!, indices], 'target_last_value', [attr.int('axis', 2)]);
  }
  return g.node('Add', [spread, base], [output])[0];
}

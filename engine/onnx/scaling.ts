// Pre- and post-processing inside the graph, so that a user feeds raw numbers and gets raw numbers.
// The formulas are those of metadataTypes.ts's Normalization; they are computed in float32 here and
// in float64 by the data layer, which the parity tests show costs less than 1e-5 in either unit.
import type { Normalization } from './metadataTypes';
import { attr, type GraphBuilder } from './graphBuilder';

/** Largest int64, the conventional "to the end" bound of Slice. */
const INT64_MAX = Number.MAX_SAFE_INTEGER;

export interface ScaledInput {
  /** The scaled features [batch, seq, F]. */
  scaled: string;
  /** relative only: each window's last row of raw features [batch, 1, F]. */
  lastRow?: string;
}

/** x [batch, seq, F] raw → scaled: (x − mean)/std (absolute) or (x − x[:, −1:, :])/std (relative). */
export function emitInputScaling(g: GraphBuilder, x: string, norm: Normalization): ScaledInput {
  const std = g.floats('feature_std', [norm.featureStd.length], norm.featureStd);
  if (norm.formulation === 'absolute') {
    const mean = g.floats('feature_mean', [norm.featureMean.length], norm.featureMean);
    const centred = g.op('Sub', [x, mean], 'x_centred');
    return { scaled: g.op('Div', [centred, std], 'x_scaled') };
  }
  const starts = g.int64s('last_row_start', [1], [-1]);
  const ends = g.int64s('last_row_end', [1], [INT64_MAX]);
  const axes = g.int64s('last_row_axis', [1], [1]);
  const lastRow = g.op('Slice', [x, starts, ends, axes], 'x_last_row');
  const change = g.op('Sub', [x, lastRow], 'x_change');
  return { scaled: g.op('Div', [change, std], 'x_scaled'), lastRow };
}

/**
 * The network's forecast [batch, horizon·K] (step-major: index h·K + k) → original units
 * [batch, horizon, K]: y'·std + mean (absolute) or y'·std + last value of the target (relative).
 */
export function emitForecastUnscaling(
  g: GraphBuilder,
  normalized: string,
  norm: Normalization,
  horizon: number,
  input: ScaledInput,
  output: string,
): string {
  const targets = norm.targetStd!.length;
  const shape = g.int64s('forecast_shape', [3], [-1, horizon, targets]);
  const stepwise = g.op('Reshape', [normalized, shape], 'forecast_steps');
  const std = g.floats('target_std', [targets], norm.targetStd!);
  const spread = g.op('Mul', [stepwise, std], 'forecast_spread');
  let base: string;
  if (norm.formulation === 'absolute') {
    base = g.floats('target_mean', [targets], norm.targetMean!);
  } else {
    const indices = g.int64s('target_feature_index', [targets], norm.targetFeatureIndex!);
    base = g.op('Gather', [input.lastRow!, indices], 'target_last_value', [attr.int('axis', 2)]);
  }
  return g.node('Add', [spread, base], [output])[0];
}

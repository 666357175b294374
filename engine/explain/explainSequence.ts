// One sequence explained: the model's own forward with capture (heatmaps of every gate and state), and
// the attribution of its target output over the input (gradient × input, integrated gradients).
// Run it on a float64 copy of the weights: the attributions' completeness is then limited by the path's
// steps, not by float32 rounding.
import type { PreparedData, SplitName } from '../data/types';
import { allocCapture, modelForward, type Model } from '../model';
import { attribute, type AttributionInput, type AttributionResult } from './attribution';
import { embeddedModel, embedTokens } from './embedded';
import { inspectLayers, SIGNIFICANT } from './inspect';
import { argmax, loadSequence } from './sequence';
import type { Attribution, AttributionTarget, ExplainInput, Grid, LayerInspection } from './types';

export const DEFAULT_IG_STEPS = 32;

export interface SequenceOptions {
  /** Forecast: the horizon step whose first target is attributed (1 = the next step). */
  horizon?: number;
  /** Integrated-gradients path steps. */
  steps?: number;
}

export interface SequenceExplanation {
  input: ExplainInput;
  layers: LayerInspection[];
  attribution: Attribution;
}

export function explainSequence(model: Model, data: PreparedData, split: SplitName, index: number, options: SequenceOptions = {}): SequenceExplanation {
  const steps = options.steps ?? DEFAULT_IG_STEPS;
  const sequence = loadSequence(data, split, index, model.dtype, options.horizon ?? 1);
  const { T, length } = sequence;
  const capture = allocCapture(model.spec, 1, T, model.dtype);
  const lengths = length < T ? Int32Array.of(length) : undefined;
  const out = Float64Array.from(modelForward(model, { B: 1, T, x: sequence.x, lengths }, { training: false, capture }));
  const layers = inspectLayers(capture, model.spec.hiddenSize, 0, length);
  const target = sequence.target(out);

  let input: AttributionInput;
  if (data.task === 'text') {
    const E = model.spec.input.kind === 'tokens' ? model.spec.input.embed : 0;
    const vectors = new Float64Array(T * E);
    embedTokens(model, sequence.x as Int32Array, vectors);
    input = { model: embeddedModel(model), T, x: model.dtype === 'f64' ? vectors : Float32Array.from(vectors), target };
  } else {
    input = { model, T, x: sequence.x as Float64Array, length, target };
  }
  const result = attribute(input, steps);
  const F = data.task === 'text' ? (model.spec.input.kind === 'tokens' ? model.spec.input.embed : 0) : data.input.size;
  const features = sequence.input.features;
  // Text: one row, each step's attribution summed over the embedding width.
  const rowsOf = (values: Float64Array): Grid => (data.task === 'text' ? sumOverFeatures(values, T, F) : transpose(values, F, length));
  const gradientTimesInput = rowsOf(result.gradientTimesInput);
  const integratedGradients = rowsOf(result.integratedGradients);
  const sum = integratedGradients.data.reduce((a, b) => a + b, 0);
  const difference = result.value - result.baselineValue;
  const perFeature = features.map((feature, r) => {
    const row = (grid: Grid) => grid.data.slice(r * grid.steps, (r + 1) * grid.steps);
    return {
      feature,
      gradientTimesInput: row(gradientTimesInput).reduce((a, b) => a + b, 0),
      integratedGradients: row(integratedGradients).reduce((a, b) => a + b, 0),
      absolute: row(integratedGradients).reduce((a, b) => a + Math.abs(b), 0),
    };
  });
  for (const grid of [gradientTimesInput, integratedGradients]) grid.data = grid.data.map((v) => Number(v.toPrecision(SIGNIFICANT)));
  return {
    input: sequence.input,
    layers,
    attribution: {
      target: describeTarget(data, split, index, out, result, options.horizon ?? 1),
      baseline: baselineText(data),
      features,
      gradientTimesInput,
      integratedGradients,
      integrationSteps: steps,
      completeness: { sum, difference, error: Math.abs(sum - difference) },
      perFeature,
    },
  };
}

function describeTarget(data: PreparedData, split: SplitName, index: number, out: Float64Array, result: AttributionResult, horizon: number): AttributionTarget {
  const windows = Int32Array.of(index);
  if (data.task === 'forecast') {
    const K = data.targetNames.length;
    const O = data.outputSize;
    const original = new Float64Array(O);
    const truth = new Float64Array(O);
    const last = new Float64Array(K);
    data.toOriginal(split, windows, out, original);
    data.truth(split, windows, truth);
    data.lastValues(split, windows, last);
    const i = (horizon - 1) * K;
    return {
      task: 'forecast', name: data.targetNames[0], horizonStep: horizon, units: 'original',
      prediction: original[i], truth: truth[i], naive: last[0],
      baselinePrediction: original[i] - (result.value - result.baselineValue), // y = base + std·y', the base is shared
      time: data.timeLabel(data.lastRow(split, index) + horizon),
    };
  }
  if (data.task === 'classify') {
    const c = argmax(out, data.outputSize);
    return {
      task: 'classify', className: data.classNames[c], classIndex: c, probability: Math.exp(result.value),
      truthClass: data.classNames[data.labels(split)[index]], baselineProbability: Math.exp(result.baselineValue),
    };
  }
  const V = data.outputSize;
  const T = data.window;
  const x = new Int32Array(T);
  const next = new Int32Array(T);
  data.fillBatch(split, windows, x, next);
  const predicted = argmax(out, V, (T - 1) * V);
  let max = -Infinity;
  for (let o = 0; o < V; o++) max = Math.max(max, out[(T - 1) * V + o]);
  let sum = 0;
  for (let o = 0; o < V; o++) sum += Math.exp(out[(T - 1) * V + o] - max);
  return {
    task: 'text', token: data.vocabulary[next[T - 1]], logProbability: result.value, baselineLogProbability: result.baselineValue,
    predicted: data.vocabulary[predicted], predictedProbability: Math.exp(out[(T - 1) * V + predicted] - max) / sum,
  };
}

function baselineText(data: PreparedData): string {
  if (data.task === 'text') return 'every character replaced by the zero embedding vector';
  if (data.task === 'forecast' && data.normalisation.formulation === 'relative') {
    return 'zero in the model’s input space: features scaled relative to the window’s last step stay at their last value, the others at their training mean';
  }
  return 'every feature at its training mean (zero once scaled)';
}

/** values [T, F] → [F, steps] (the first `steps` steps). */
function transpose(values: Float64Array, F: number, steps: number): Grid {
  const data = new Array<number>(F * steps);
  for (let f = 0; f < F; f++) for (let t = 0; t < steps; t++) data[f * steps + t] = values[t * F + f];
  return { rows: F, steps, data };
}

function sumOverFeatures(values: Float64Array, T: number, F: number): Grid {
  const data = new Array<number>(T).fill(0);
  for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) data[t] += values[t * F + f];
  return { rows: 1, steps: T, data };
}

import type { Attribution, ExplainReport, StateBlock } from '../../engine/types';
import type { AttributionMethod, ExplainSettings } from './explainSettings';
import type { UnitSort } from './unitOrder';
import { formatValue } from './grid';

// The words of the Explain view: what was explained, what the attribution is of and in which units, how
// saturated a gate is. Pure, so the wording is tested with the numbers it carries.

/** "Forecast of adjusted CO2 for 2010-12-01 (1 step ahead): 391 (truth 390.7, naive 390.9)". */
export function targetCaption(report: ExplainReport): string {
  const t = report.attribution.target;
  if (t.task === 'forecast') {
    const ahead = `${t.horizonStep} step${t.horizonStep > 1 ? 's' : ''} ahead`;
    return `Forecast of ${t.name}${t.time ? ` for ${t.time}` : ''} (${ahead}): ${formatValue(t.prediction)} `
      + `(truth ${formatValue(t.truth)}, naive ${formatValue(t.naive)}; from the baseline input ${formatValue(t.baselinePrediction)}).`;
  }
  if (t.task === 'classify') {
    return `Predicted class ${t.className} with probability ${percent(t.probability)} (true class: ${t.truthClass}; `
      + `${percent(t.baselineProbability)} from the baseline input).`;
  }
  return `Next character ${quote(t.token)}: probability ${percent(Math.exp(t.logProbability))} `
    + `(${percent(Math.exp(t.baselineLogProbability))} from the baseline input); the model's likeliest is ${quote(t.predicted)} at ${percent(t.predictedProbability)}.`;
}

export const METHOD_LABELS: Readonly<Record<AttributionMethod, string>> = {
  integratedGradients: 'integrated gradients',
  gradientTimesInput: 'gradient × input',
};

/** What the attribution map shows, in which units, and how complete it is. */
export function attributionCaption(attribution: Attribution, method: AttributionMethod): string {
  const t = attribution.target;
  const of = t.task === 'forecast' ? `the forecast of ${t.name}, in its units`
    : t.task === 'classify' ? `the log-probability of ${t.className} (nats)` : `the log-probability of ${quote(t.token)} (nats)`;
  const how = method === 'integratedGradients' ? `Integrated gradients (${attribution.integrationSteps} steps)` : 'Gradient × input';
  const { sum, difference } = attribution.completeness;
  const complete = method === 'integratedGradients'
    ? ` Together they add up to ${formatValue(sum)}, against ${formatValue(difference)} between this input and the baseline.` : '';
  return `${how} of ${of}, per feature and step: blue raised it, orange lowered it. Baseline: ${attribution.baseline}.${complete}`;
}

/** A gate's saturation in this window, e.g. "12 % below 0.05, 3 % above 0.95". */
export function saturationNote(block: StateBlock): string {
  if (!block.saturation) return `${block.range === 'unbounded' ? 'unbounded' : ''}`;
  const [low, high] = block.range === 'sigmoid' ? ['0.05', '0.95'] : ['−0.95', '0.95'];
  return `${percent(block.saturation.low)} below ${low}, ${percent(block.saturation.high)} above ${high}`;
}

/** How a map's rows are ordered, when not by unit number: "units by variance", "units by the forget gate's saturation". */
export function orderNote(settings: Pick<ExplainSettings, 'sort' | 'scope'>, used: UnitSort, blocks: readonly Pick<StateBlock, 'key' | 'label'>[]): string {
  if (settings.sort === 'index') return '';
  const of = settings.scope === 'each' ? '' : `the ${blocks.find((block) => block.key === settings.scope)?.label ?? settings.scope}'s `;
  const instead = used !== settings.sort ? ` (${of ? 'it has' : 'this map has'} no saturation)` : '';
  return `units by ${of}${used}${instead}`;
}

/** The status line once a report is shown. */
export function reportStatus(report: ExplainReport, seconds: number, cached: boolean): string {
  const { run } = report;
  const label = report.windowLabels[report.index] ?? '';
  return `${run.cell.toUpperCase()} ${run.layers}×${run.hiddenSize}, best epoch ${run.bestEpoch} of ${run.epochs}: `
    + `${report.split} window ${report.index + 1} of ${report.windowLabels.length}${label ? ` (${label})` : ''}, `
    + `${report.input.steps} steps. ${cached ? 'From this panel’s cache.' : `Computed in ${seconds.toFixed(1)} s.`}`;
}

export function percent(share: number): string {
  if (!Number.isFinite(share)) return '–';
  const value = share * 100;
  return `${value !== 0 && Math.abs(value) < 1 ? value.toPrecision(1) : Math.round(value)} %`;
}

function quote(token: string): string {
  return JSON.stringify(token);
}

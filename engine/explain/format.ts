// The readable summary `seqlab explain` prints without --json: what was explained, which inputs mattered,
// how saturated the gates are, the diagnostics with their fixes, and the latest gradient norms.
import type { Attribution, Diagnostic, DiagnosticsReport, ExplainReport, Grid } from './types';

const STATUS = { raised: 'RAISED', clear: 'ok', 'not-applicable': 'n/a' } as const;

export function formatReport(report: ExplainReport): string {
  const { run, input } = report;
  const lines = [
    `${run.dir}`,
    `  ${run.task}, ${run.cell.toUpperCase()} ${run.layers}×${run.hiddenSize}, best epoch ${run.bestEpoch} of ${run.epochs}`,
    `  ${report.split} window ${report.index} (${report.windowLabels[report.index]}; the split has ${report.windowLabels.length}), ${input.steps} steps`,
    '',
    ...targetLines(report.attribution),
    '',
    ...attributionLines(report),
    '',
    ...gateLines(report),
    '',
    'Diagnostics',
    ...report.diagnostics.flatMap(diagnosticLines),
  ];
  if (report.gradientNorms && report.gradientNorms.epochs.length > 0) {
    const { gates, epochs, norms } = report.gradientNorms;
    const last = norms[norms.length - 1];
    lines.push('', `Gradient norm per gate block, mean over the batches of epoch ${epochs[epochs.length - 1]} (before clipping)`);
    last.forEach((layer, l) => lines.push(`  layer ${l}: ${layer.map((norm, g) => `${gates[g]} ${num(norm)}`).join(', ')}`));
  }
  return lines.join('\n');
}

/** `seqlab explain --diagnostics`: the diagnostics alone. */
export function formatDiagnostics(report: DiagnosticsReport): string {
  return [`Diagnostics (${report.split})`, ...report.diagnostics.flatMap(diagnosticLines)].join('\n');
}

function targetLines(attribution: Attribution): string[] {
  const t = attribution.target;
  if (t.task === 'forecast') {
    return [`Forecast of ${t.name}, ${t.horizonStep} step${t.horizonStep > 1 ? 's' : ''} ahead${t.time ? ` (${t.time})` : ''}: ${num(t.prediction)} (truth ${num(t.truth)}, naive ${num(t.naive)})`];
  }
  if (t.task === 'classify') return [`Predicted class ${t.className} with probability ${num(t.probability)} (true class ${t.truthClass})`];
  return [`Next character ${JSON.stringify(t.token)}: log-probability ${num(t.logProbability)}; the model's likeliest is ${JSON.stringify(t.predicted)} (${num(t.predictedProbability)})`];
}

function attributionLines(report: ExplainReport): string[] {
  const a = report.attribution;
  const units = a.target.task === 'forecast' ? `${a.target.name} units` : 'nats of log-probability';
  const lines = [
    `Which inputs mattered (integrated gradients, ${a.integrationSteps} steps, in ${units}; baseline: ${a.baseline})`,
    `  completeness: Σ = ${num(a.completeness.sum)} against y(input) − y(baseline) = ${num(a.completeness.difference)} (error ${a.completeness.error.toExponential(1)})`,
  ];
  const width = Math.max(7, ...a.features.map((f) => f.length));
  lines.push(`  ${'feature'.padEnd(width)}  ${'Σ IG'.padStart(10)}  ${'Σ|IG|'.padStart(10)}  ${'grad×input'.padStart(10)}`);
  const ranked = [...a.perFeature].sort((x, y) => y.absolute - x.absolute).slice(0, 10);
  for (const f of ranked) lines.push(`  ${f.feature.padEnd(width)}  ${signed(f.integratedGradients).padStart(10)}  ${num(f.absolute).padStart(10)}  ${signed(f.gradientTimesInput).padStart(10)}`);
  if (a.perFeature.length > ranked.length) lines.push(`  … and ${a.perFeature.length - ranked.length} more features`);
  lines.push(`  strongest steps: ${topCells(a.integratedGradients, a.features, report).join(', ')}`);
  return lines;
}

function topCells(grid: Grid, features: string[], report: ExplainReport): string[] {
  const cells = grid.data.map((value, i) => ({ value, row: Math.floor(i / grid.steps), step: i % grid.steps }));
  const input = report.input;
  const where = (step: number) => {
    if (input.kind === 'tokens') return `${JSON.stringify(input.tokens[step])} at step ${step}`;
    return input.times ? input.times[step] : `step ${step}`;
  };
  return cells
    .sort((x, y) => Math.abs(y.value) - Math.abs(x.value))
    .slice(0, 5)
    .map((c) => `${input.kind === 'tokens' ? '' : `${features[c.row]} at `}${where(c.step)} ${signed(c.value)}`);
}

function gateLines(report: ExplainReport): string[] {
  const lines = ['Saturated gate values (share below 0.05 / above 0.95; tanh: below −0.95 / above 0.95)'];
  for (const layer of report.layers) {
    const gates = layer.blocks.filter((b) => b.saturation && b.key !== 'hidden');
    lines.push(`  layer ${layer.layer}, this window: ${gates.map((b) => `${b.key} ${pct(b.saturation!.low)}/${pct(b.saturation!.high)}`).join(', ')}`);
    const split = report.saturation.gates.filter((g) => g.layer === layer.layer);
    lines.push(`  layer ${layer.layer}, ${report.saturation.windows} ${report.split} windows: ${split.map((g) => `${g.key} ${pct(g.low)}/${pct(g.high)}`).join(', ')}`);
  }
  return lines;
}

function diagnosticLines(d: Diagnostic): string[] {
  const lines = [`  [${STATUS[d.status]}] ${d.title}: ${d.summary}`];
  if (d.status === 'raised') lines.push(`      fix: ${d.fix}`);
  return lines;
}

function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? value.toExponential(2) : String(Number(value.toPrecision(4)));
}

function signed(value: number): string {
  return value > 0 ? `+${num(value)}` : num(value);
}

function pct(share: number): string {
  return `${Number((share * 100).toPrecision(2))}%`;
}

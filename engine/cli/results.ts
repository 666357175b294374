// The table a finished run ends with: the model's test (and validation) metrics beside every baseline.
import type { RunSummary } from '../runs/summary';
import { higherIsBetter, scalarMetricNames } from '../runs/summary';
import { fmt } from './progress';

const LABELS: Record<string, string> = {
  mae: 'MAE', rmse: 'RMSE', smape: 'sMAPE %', mase: 'MASE', accuracy: 'accuracy', macroF1: 'macro-F1', bitsPerChar: 'bits/char', perplexity: 'perplexity',
};
const BASELINE_LABELS: Record<string, string> = { naive: 'naive', seasonalNaive: 'seasonal-naive', majority: 'majority', unigram: 'unigram' };

export function resultsTable(summary: RunSummary): string[] {
  const { metrics, baselines, task } = summary;
  if (!metrics.test || !metrics.val) return [];
  const names = scalarMetricNames(task, metrics.test);
  const columns = ['model', ...Object.keys(baselines).map((name) => BASELINE_LABELS[name] ?? name)];
  const lines: string[] = [];
  for (const split of ['test', 'val'] as const) {
    const model = metrics[split] as unknown as Record<string, number>;
    const rows = names.map((name) => {
      const values = [model[name], ...Object.values(baselines).map((b) => (b[split] as unknown as Record<string, number>)[name])];
      const best = higherIsBetter(name) ? Math.max(...values) : Math.min(...values);
      return [LABELS[name] ?? name, ...values.map((v) => `${fmt(v)}${v === best ? ' ✓' : ''}`)];
    });
    const table = [[split === 'test' ? 'test' : 'validation', ...columns], ...rows];
    const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
    lines.push(...table.map((row) => '  ' + row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ')), '');
  }
  return lines;
}

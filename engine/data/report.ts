// The data report: what `seqlab data` prints, and what the extension shows, as plain data.
import { SPLIT_NAMES, type SplitName, type Task } from './types';

export interface ColumnReport {
  name: string;
  /** numeric, date, categorical (text), mixed or empty. */
  kind: string;
  /** time, sequence id, target, label, input, or "left out". */
  role: string;
  missing: number;
  note?: string;
}

export interface SplitReport {
  rows: number;
  windows: number;
  from: string | null;
  to: string | null;
  sequences?: number;
  /** classify: windows per class. */
  classCounts?: Record<string, number>;
  /** text: tokens not in the training vocabulary (mapped to <unk>). */
  unknown?: number;
}

export interface DataReport {
  file: string;
  task: Task;
  /** Data rows in the file (text: characters). */
  rowsRead: number;
  /** Rows of the prepared series (after gaps inserted and rows dropped; text: tokens). */
  rows: number;
  /** text: how the characters became tokens. */
  tokenizer?: 'char' | 'word';
  columns: ColumnReport[];
  /** `column` is the (first) time column, `columns` every one; `format` the timeFormat read (null for numbers). */
  time: { column: string; columns: string[]; format: string | null; spacing: string; from: string; to: string; sorted: boolean } | null;
  missing: { policy: string; cells: number; filled: number; droppedRows: number; insertedRows: number };
  splits: Record<SplitName, SplitReport>;
  shape: { window: number; horizon?: number; labelOffset?: number; inputs: number; outputs: number; featureNames?: string[] };
  scaling: { method: string; formulation?: string; stats: { name: string; mean: number; std: number }[]; constant: string[] } | null;
  season?: number;
  classes?: string[];
  vocabulary?: { size: number; sample: string };
  notes: string[];
}

const num = (v: number) => (Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : +v.toPrecision(5)).toString();

export function formatDataReport(report: DataReport): string {
  const lines: string[] = [];
  lines.push(`${report.file}`, `  task: ${report.task}`);
  if (report.task === 'text') lines.push(`  characters: ${report.rowsRead}${report.tokenizer === 'word' ? `, ${report.rows} word and punctuation tokens` : ''}`);
  else lines.push(`  rows: ${report.rowsRead} read${report.rows !== report.rowsRead ? `, ${report.rows} prepared` : ''}`);
  if (report.columns.length) {
    lines.push('', 'Columns:');
    const width = Math.max(...report.columns.map((c) => c.name.length));
    for (const c of report.columns) {
      lines.push(`  ${c.name.padEnd(width)}  ${c.kind.padEnd(11)}  ${c.role}${c.missing ? `, ${c.missing} missing` : ''}${c.note ? ` (${c.note})` : ''}`);
    }
  }
  if (report.time) {
    const t = report.time;
    const format = t.format ? ` (${t.format}${t.format.startsWith('unix') ? '' : ', data.columns.timeFormat'})` : '';
    lines.push('', `Time: ${t.columns.map((c) => JSON.stringify(c)).join(' + ')}${format}, ${t.spacing}, ${t.from} to ${t.to}${t.sorted ? '' : ' (rows were sorted)'}`);
  }
  if (report.task !== 'text') {
    const m = report.missing;
    lines.push('', `Missing values: ${m.cells} empty cell(s)${m.insertedRows ? `, ${m.insertedRows} row(s) inserted for time gaps` : ''}; policy ${m.policy}: ${m.filled} filled, ${m.droppedRows} row(s) dropped`);
  }
  const s = report.shape;
  lines.push('', `Windows: ${s.window} steps${s.horizon !== undefined ? ` → horizon ${s.horizon}` : ''}${s.labelOffset !== undefined ? `, label ${s.labelOffset} row(s) after the last` : ''}; ${s.inputs} input(s) per step, ${s.outputs} output(s)`);
  if (s.featureNames) lines.push(`  inputs: ${s.featureNames.join(', ')}`);
  lines.push('', 'Splits:');
  for (const name of SPLIT_NAMES) {
    const split = report.splits[name];
    const range = split.from !== null ? `, ${split.from} to ${split.to}` : '';
    const sequences = split.sequences !== undefined ? `, ${split.sequences} sequences` : '';
    const word = report.tokenizer === 'word';
    const unknown = split.unknown ? `, ${split.unknown} unknown ${word ? 'token' : 'character'}(s)` : '';
    const unit = report.task !== 'text' ? 'rows ' : word ? 'words' : 'chars';
    lines.push(`  ${name.padEnd(10)}  ${String(split.rows).padStart(8)} ${unit}  ${String(split.windows).padStart(6)} windows${sequences}${range}${unknown}`);
    if (split.classCounts) lines.push(`              classes: ${Object.entries(split.classCounts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  if (report.scaling) {
    const sc = report.scaling;
    lines.push('', `Scaling: ${sc.method} (training split only)${sc.formulation ? `; formulation ${sc.formulation}` : ''}`);
    for (const stat of sc.stats) lines.push(`  ${stat.name}: mean ${num(stat.mean)}, std ${num(stat.std)}`);
    if (sc.constant.length) lines.push(`  constant in training (std taken as 1): ${sc.constant.join(', ')}`);
  }
  if (report.season !== undefined) lines.push(`Season for seasonal-naive: ${report.season === 1 ? 'none (1)' : `${report.season} rows`}`);
  if (report.classes) lines.push(`Classes: ${report.classes.join(', ')}`);
  if (report.vocabulary) lines.push(`Vocabulary: ${report.vocabulary.size} tokens (from the training split, <unk> included): ${report.vocabulary.sample}`);
  if (report.notes.length) lines.push('', 'Notes:', ...report.notes.map((n) => `  - ${n}`));
  return lines.join('\n');
}

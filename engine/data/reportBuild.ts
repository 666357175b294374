// Builds the data report of a prepared CSV task, and the split summaries and size errors they share.
import * as path from 'node:path';
import { SeqLabError } from '../errors';
import type { ColumnReport, DataReport, SplitReport } from './report';
import type { ColumnRoles } from './roles';
import type { Series } from './series';
import type { ColumnStats, RowRanges } from './split';
import { type TimeAxis, describeSpacing, formatTimeValue, timeColumnNames } from './time';
import { SPLIT_NAMES, type PreparedClassify, type PreparedForecast, type SplitInfo, type SplitName } from './types';

export function splitInfos(ranges: RowRanges, windows: (split: SplitName) => number, series: Series): Record<SplitName, SplitInfo> {
  const out = {} as Record<SplitName, SplitInfo>;
  for (const name of SPLIT_NAMES) {
    const { start, end } = ranges[name];
    const time = series.time;
    const axis = series.timeAxis;
    out[name] = {
      windows: windows(name),
      start,
      end,
      rows: end - start,
      from: time && axis && end > start ? formatTimeValue(axis, time[start]) : null,
      to: time && axis && end > start ? formatTimeValue(axis, time[end - 1]) : null,
    };
  }
  return out;
}

export function tooFewRowsError(split: SplitName, rows: number, window: number, after: number, afterName: string, configFile: string): SeqLabError {
  return new SeqLabError('BAD_CONFIG', `the ${split} split has ${rows} row(s), too few for one window of ${window} row(s) plus ${afterName} ${after}`, { file: configFile, path: '/data/window' },
    `lower data.window (each split needs at least window + ${afterName} rows), or give ${split} a larger share in data.split; \`seqlab init\` chooses sizes that fit`);
}

interface ReportInput {
  prepared: PreparedForecast | PreparedClassify;
  series: Series;
  roles: ColumnRoles;
  rowsRead: number;
  filled: number;
  stats: ColumnStats;
  ranges?: RowRanges;
  splitExtras?: Record<SplitName, Partial<SplitReport>>;
}

export function buildReport({ prepared, series, roles, rowsRead, filled, stats, splitExtras }: ReportInput): DataReport {
  const data = prepared.config.data;
  const splits = {} as Record<SplitName, SplitReport>;
  for (const name of SPLIT_NAMES) {
    const info = prepared.splits[name];
    splits[name] = { rows: info.rows, windows: info.windows, from: info.from, to: info.to, ...splitExtras?.[name] };
  }
  const scaledNames = series.featureNames.map((name, c) => ({ name, c })).filter(({ c }) => !series.oneHot[c]);
  return {
    file: path.basename(prepared.dataFile),
    task: prepared.task,
    rowsRead,
    rows: series.rows,
    columns: columnReports(roles),
    time: series.timeAxis ? timeReport(series.timeAxis, series.wasSorted) : null,
    missing: { policy: data.missing, cells: series.missingCells, filled, droppedRows: series.droppedRows, insertedRows: series.insertedRows },
    splits,
    shape: prepared.task === 'forecast'
      ? { window: prepared.window, horizon: prepared.horizon, inputs: prepared.input.size, outputs: prepared.outputSize, featureNames: prepared.featureNames }
      : { window: prepared.window, ...(prepared.sequenceIdColumn ? {} : { labelOffset: prepared.labelOffset }), inputs: prepared.input.size, outputs: prepared.outputSize, featureNames: prepared.featureNames },
    scaling: {
      method: data.scaling,
      ...(prepared.task === 'forecast' ? { formulation: data.formulation } : {}),
      stats: data.scaling === 'none' ? [] : scaledNames.map(({ name, c }) => ({ name, mean: stats.mean[c], std: stats.std[c] })),
      constant: stats.constant.map((c) => series.featureNames[c]),
    },
    ...(prepared.task === 'forecast' ? { season: prepared.season } : { classes: prepared.classNames }),
    notes: [...series.notes, ...roles.notes],
  };
}

function columnReports(roles: ColumnRoles): ColumnReport[] {
  const reports = new Map<string, ColumnReport>();
  const add = (name: string, kind: string, missing: number, role: string, note?: string) => {
    const existing = reports.get(name);
    if (existing) existing.role += `, ${role}`;
    else reports.set(name, { name, kind: kind === 'categorical' ? 'text' : kind, role, missing, ...(note ? { note } : {}) });
  };
  for (const column of roles.time?.columns ?? []) add(column.name, roles.time?.columns.length === 1 && roles.time.kind === 'date' ? 'date' : column.kind, column.missing, 'time (orders the rows, not an input)');
  if (roles.sequenceId) add(roles.sequenceId.name, roles.sequenceId.kind, roles.sequenceId.missing, 'sequence id');
  for (const target of roles.targets) add(target.name, target.kind, target.missing, 'target');
  if (roles.label) add(roles.label.column.name, roles.label.column.kind, roles.label.column.missing, `label (${roles.label.classes.length} classes)`);
  for (const feature of roles.features) {
    add(feature.column.name, feature.column.kind, feature.column.missing, feature.kind === 'numeric' ? 'input' : `input, one-hot (${feature.levels.length} levels)`);
  }
  for (const { name, reason, kind, missing } of roles.ignored) add(name, kind, missing, 'left out', reason);
  return roles.order.map((name) => reports.get(name)).filter((r): r is ColumnReport => r !== undefined);
}

function timeReport(axis: TimeAxis, sorted: boolean): NonNullable<DataReport['time']> {
  return { column: axis.column, columns: timeColumnNames(axis), format: axis.format ?? null, spacing: describeSpacing(axis.spacing), from: axis.first, to: axis.last, sorted };
}

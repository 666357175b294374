// prepareData: a validated config → PreparedData (types.ts documents the contract).
import * as path from 'node:path';
import type { SeqLabConfig } from '../config/schema.generated';
import { resolveDataFile } from '../config/load';
import { prepareClassify } from './classify';
import { type RawTable, readCsvFile } from './csv/readCsv';
import { prepareForecast } from './forecast';
import { type ColumnRoles, resolveRoles } from './roles';
import { type Series, buildSeries } from './series';
import { prepareText } from './text';
import type { PreparedClassify, PreparedData, PreparedForecast } from './types';

export type { PreparedData, PreparedForecast, PreparedClassify, PreparedText, SplitName, Normalisation, InputColumn, SplitInfo } from './types';
export { SPLIT_NAMES, UNK_TOKEN } from './types';
export { formatDataReport, type DataReport } from './report';

/**
 * Reads the data file named by `config` (relative to the folder of `configPath`) and prepares windows.
 * `configPath` is also what error messages about the config name. `dataFile`, when given, is that file
 * already resolved (a run resumed in a moved workspace finds it through its run folder). Throws
 * SeqLabError (BAD_DATA with file/row/column, BAD_CONFIG with the JSON path, IO).
 */
export async function prepareData(config: SeqLabConfig, configPath: string, dataFile = resolveDataFile(config, configPath)): Promise<PreparedData> {
  const configFile = path.resolve(configPath);
  const { data } = config;
  if (data.task === 'text') return prepareText(config, dataFile, configFile);
  const table = await readCsvFile(dataFile, { delimiter: data.delimiter, time: { columns: data.columns.time, format: data.columns.timeFormat } });
  return prepareTable(table, config, configFile);
}

/** The CSV part of prepareData, on a table already read (`seqlab init` reads the file once). */
export function prepareTable(table: RawTable, config: SeqLabConfig, configFile: string): PreparedForecast | PreparedClassify {
  const { data } = config;
  if (data.task === 'text') throw new Error('prepareTable: a text task has no table');
  const roles = resolveRoles(table, { task: data.task, columns: data.columns, labelOffset: data.labelOffset, configFile });
  return prepareSeries(table, roles, buildSeries(table, roles, data), config, configFile);
}

/** Windows over a series already built from `config`'s columns and missing-value policies (`seqlab init`
 *  builds it once to size the windows). The series is consumed: its matrices are filled in place. */
export function prepareSeries(table: RawTable, roles: ColumnRoles, series: Series, config: SeqLabConfig, configFile: string): PreparedForecast | PreparedClassify {
  return config.data.task === 'forecast'
    ? prepareForecast(series, roles, config, table.file, configFile, table.rows)
    : prepareClassify(series, roles, config, table.file, configFile, table.rows);
}

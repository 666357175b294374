// A table of years × 12 months (one row a year, a column per month: Year, Jan, Feb … Dec), as statistics
// offices publish them. SeqLab reads one row per time step, so `seqlab init` does not propose a model
// for it as it is (it would forecast December from the other months): it says so, and
// `init --as-monthly-series` rewrites it as one monthly series (month, value), one row a month.
import * as path from 'node:path';
import { SeqLabError } from '../errors';
import type { RawColumn, RawTable } from './csv/readCsv';
import { monthOfName } from './csv/timeFormats';
import { looksLikeTimeName } from './timeRole';

export interface WideTable {
  year: RawColumn;
  /** The month columns, January to December. */
  months: RawColumn[];
  /** Other columns (an annual total, notes), left out of the monthly series. */
  others: string[];
}

/** The table's year column and 12 month columns, or null when it is not a years × months table. */
export function detectWideTable(table: RawTable): WideTable | null {
  const months: RawColumn[] = [];
  for (const column of table.columns) {
    const month = monthOfName(column.name.trim());
    if (month !== undefined && months[month - 1] === undefined && column.kind === 'numeric') months[month - 1] = column;
  }
  if (months.filter(Boolean).length !== 12) return null;
  const year = table.columns.find((c) => c.kind === 'numeric' && !months.includes(c) && c.missing === 0 && c.numbers.every((v) => Number.isInteger(v) && v >= 1000 && v <= 9999) && (looksLikeTimeName(c.name) || c.index === 0));
  if (!year) return null;
  const years = Array.from(year.numbers);
  if (new Set(years).size !== years.length) return null;
  return { year, months, others: table.columns.filter((c) => c !== year && !months.includes(c)).map((c) => c.name) };
}

/** `init` on a wide table: what it is and the two ways on. */
export function refuseWideTable(table: RawTable, dataFile: string): void {
  const wide = detectWideTable(table);
  if (!wide) return;
  const name = path.basename(dataFile);
  const others = wide.others.length ? ` (${wide.others.map((n) => JSON.stringify(n)).join(', ')} would be left out)` : '';
  throw new SeqLabError('BAD_DATA', `is a wide table: one row per year (${JSON.stringify(wide.year.name)}) and one column per month (${wide.months[0].name} … ${wide.months[11].name}); SeqLab reads one row per time step`, { file: dataFile },
    `run \`seqlab init ${name} --as-monthly-series\` to write ${monthlyFileName(name)}, the same numbers as one monthly series${others}, and a config for it; or name a column with --target to use the table as it is`);
}

export function monthlyFileName(dataFile: string): string {
  const extension = path.extname(dataFile);
  return `${path.basename(dataFile, extension)}.monthly.csv`;
}

/** The wide table as one monthly series: `month,<value>` with YYYY-MM months, years in order, an empty
 *  cell where the table has none. */
export function wideToMonthlyCsv(wide: WideTable, valueName: string): { csv: string; rows: number } {
  const order = Array.from(wide.year.numbers, (_, i) => i).sort((a, b) => wide.year.numbers[a] - wide.year.numbers[b]);
  const quoted = /[",\r\n]/.test(valueName) ? `"${valueName.replace(/"/g, '""')}"` : valueName;
  const cells: [string, number][] = [];
  for (const row of order) {
    const year = wide.year.numbers[row];
    wide.months.forEach((column, m) => cells.push([`${year}-${String(m + 1).padStart(2, '0')}`, column.numbers[row]]));
  }
  // Months not yet reached (or before the records start) are not part of the series: leave them out
  // rather than have them filled in.
  let first = 0;
  let last = cells.length - 1;
  while (first <= last && Number.isNaN(cells[first][1])) first++;
  while (last >= first && Number.isNaN(cells[last][1])) last--;
  const lines = [`month,${quoted}`, ...cells.slice(first, last + 1).map(([month, value]) => `${month},${Number.isNaN(value) ? '' : String(value)}`)];
  return { csv: lines.join('\n') + '\n', rows: lines.length - 1 };
}

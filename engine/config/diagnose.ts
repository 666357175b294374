// Every problem of a config's text at once, for an editor's diagnostics: JSON syntax (with the offset),
// every schema error, the semantic checks of load.ts, and what only the data can tell: a column the file
// does not have, a window longer than a split, too few windows, a config that would not fit in memory.
// It reads only the data file's head and streams a count of its rows (engine/data/scan.ts), unless
// `prepare` asks for the data to be prepared as training would (which finds bad cells, with their row).
// Each problem carries its JSON pointer and, where the text has it, the range of the value it is about.
import * as path from 'node:path';
import { parseTree, type Node } from 'jsonc-parser/lib/esm/main.js';
import { scanDataFile, shapeFromScan, type DataScan } from '../data/scan';
import { prepareData } from '../data/prepare';
import { chronologicalRanges } from '../data/split';
import { SPLIT_NAMES } from '../data/types';
import { isSeqLabError } from '../errors';
import { parseJsonText } from './jsonText';
import { resolveDataFile, semanticProblems } from './load';
import { availableMemory, shapeOfPrepared, type DataShape } from './memory';
import { memoryProblem } from './memoryCheck';
import type { SeqLabConfig } from './schema.generated';
import { checkSchema } from './validate';

export interface ConfigProblem {
  /** JSON pointer of the value the problem is about, e.g. /data/columns/targets/0 ('' for the whole text). */
  path: string;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
  /** Where in the text (a leading BOM excluded): the value at `path`, or the closest enclosing value the
   *  text has (a missing key: its object); for a syntax error, the offending character. */
  offset?: number;
  length?: number;
}

export interface DiagnoseOptions {
  /** Read the data file (its head, and a streamed count of its rows); default true. */
  data?: boolean;
  /** Also prepare the data as training does (reads the whole file); default false. */
  prepare?: boolean;
  /** Check the memory estimate against what is available; default true. */
  memory?: boolean;
}

/** Windows per split below which its metrics are noisy (as `seqlab init` sizes windows). */
export const FEW_WINDOWS = 8;

export async function diagnoseConfig(text: string, configFile: string, options: DiagnoseOptions = {}): Promise<ConfigProblem[]> {
  const parsed = parseJsonText(text);
  if (parsed.error) {
    const { message, hint, offset, length } = parsed.error;
    return [{ path: '', message, hint, severity: 'error', offset, length }];
  }
  const tree = parseTree(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const located = (problem: ConfigProblem): ConfigProblem => ({ ...problem, ...rangeOf(tree, problem.path, problem.message.startsWith('unknown key')) });

  const checked = checkSchema(parsed.value);
  if (!checked.config) return checked.problems.map((problem) => located({ ...problem, severity: 'error' }));
  const config = checked.config;
  const semantic = semanticProblems(config);
  if (semantic.length || options.data === false) return semantic.map((problem) => located({ ...problem, severity: 'error' }));

  const problems = await dataProblems(config, path.resolve(configFile), options);
  return problems.map(located);
}

async function dataProblems(config: SeqLabConfig, configFile: string, options: DiagnoseOptions): Promise<ConfigProblem[]> {
  const dataFile = resolveDataFile(config, configFile);
  let scan: DataScan;
  try {
    scan = await scanDataFile(dataFile, config.data.task, { count: true, delimiter: config.data.delimiter });
  } catch (error) {
    if (!isSeqLabError(error)) throw error;
    return [{ path: '/data/file', message: `${dataFile}: ${error.message}`, ...(error.hint ? { hint: error.hint } : {}), severity: 'error' }];
  }
  const problems = [...columnProblems(config, scan), ...windowProblems(config, scan)];
  if (problems.some((problem) => problem.severity === 'error')) return problems;
  let shape: DataShape = shapeFromScan(config, scan, configFile);
  if (options.prepare) {
    try {
      shape = shapeOfPrepared(await prepareData(config, configFile));
    } catch (error) {
      if (!isSeqLabError(error)) throw error;
      const { file, row, column } = error.where;
      const place = [file && file !== configFile ? path.basename(file) : undefined, row !== undefined ? `row ${row}` : undefined, column !== undefined ? `column ${JSON.stringify(column)}` : undefined].filter(Boolean).join(', ');
      return [...problems, { path: error.where.path ?? '/data/file', message: place ? `${place}: ${error.message}` : error.message, ...(error.hint ? { hint: error.hint } : {}), severity: 'error' }];
    }
  }
  if (options.memory !== false) {
    const memory = memoryProblem(config, shape, availableMemory());
    if (memory) problems.push({ ...memory, severity: 'error' });
  }
  return problems;
}

/** Columns the config names that the file's header does not have. */
function columnProblems(config: SeqLabConfig, scan: DataScan): ConfigProblem[] {
  const { columns, task } = config.data;
  if (task === 'text') return [];
  const named: [string, string][] = [];
  if (Array.isArray(columns.time)) columns.time.forEach((name, i) => named.push([`/data/columns/time/${i}`, name]));
  else if (columns.time !== null && columns.time !== 'auto') named.push(['/data/columns/time', columns.time]);
  if (columns.sequenceId !== null) named.push(['/data/columns/sequenceId', columns.sequenceId]);
  if (Array.isArray(columns.targets)) columns.targets.forEach((name, i) => named.push([`/data/columns/targets/${i}`, name]));
  if (Array.isArray(columns.features)) columns.features.forEach((name, i) => named.push([`/data/columns/features/${i}`, name]));
  const header = new Set(scan.header);
  return named.filter(([, name]) => !header.has(name)).map(([at, name]) => {
    const close = scan.header.find((candidate) => candidate.trim().toLowerCase() === name.trim().toLowerCase());
    return {
      path: at, severity: 'error' as const,
      message: `no column ${JSON.stringify(name)} in ${path.basename(scan.file)}; its columns are: ${scan.header.join(', ')}`,
      ...(close ? { hint: `did you mean ${JSON.stringify(close)}?` } : {}),
    };
  });
}

/** A window longer than a split (an error), or too few windows in one (a warning). */
function windowProblems(config: SeqLabConfig, scan: DataScan): ConfigProblem[] {
  const { data } = config;
  if (data.task !== 'text' && data.columns.sequenceId !== null) return []; // sequences: needs the data prepared
  const ranges = chronologicalRanges(scan.rows, data.split);
  const text = data.task === 'text';
  const T = text ? data.seqLength : data.window;
  const after = text ? 1 : data.task === 'forecast' ? data.horizon : data.labelOffset;
  const afterName = text ? 'the next character' : data.task === 'forecast' ? `horizon ${after}` : `labelOffset ${after}`;
  const at = text ? '/data/seqLength' : '/data/window';
  const unit = text ? 'character(s)' : 'row(s)';
  const problems: ConfigProblem[] = [];
  for (const split of SPLIT_NAMES) {
    const rows = ranges[split].end - ranges[split].start;
    const windows = text ? Math.floor((rows - 1) / T) : rows - T - after + 1;
    if (windows < 1) {
      problems.push({
        path: at, severity: 'error',
        message: `the ${split} split has ${rows} ${unit} of the file's ${scan.rows}, too few for one window of ${T} plus ${afterName}`,
        hint: `lower ${at.slice(1).replace('/', '.')}, or give ${split} a larger share in data.split`,
      });
    } else if (windows < FEW_WINDOWS && !problems.length) {
      problems.push({
        path: at, severity: 'warning',
        message: `the ${split} split has only ${windows} window(s) of ${T} ${unit}: its metrics will be noisy`,
        hint: `a shorter window, or more data, gives every split at least ${FEW_WINDOWS}`,
      });
    }
  }
  return problems.some((problem) => problem.severity === 'error') ? problems.filter((problem) => problem.severity === 'error') : problems;
}

/** The text range of the value at `pointer` (of its key, for an unknown key), or of its closest ancestor in the text. */
function rangeOf(tree: Node | undefined, pointer: string, key: boolean): { offset?: number; length?: number } {
  if (!tree) return {};
  const segments = pointer.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = tree;
  for (const [i, segment] of segments.entries()) {
    if (segment === '' && i === segments.length - 1) break; // '/' is the whole document
    const property = node.type === 'object' ? node.children?.find((child) => child.children?.[0]?.value === segment) : undefined;
    const next = node.type === 'array' ? node.children?.[Number(segment)] : property?.children?.[1];
    if (!next) break;
    node = key && i === segments.length - 1 && property?.children?.[0] ? property.children[0] : next;
  }
  return { offset: node.offset, length: node.length };
}

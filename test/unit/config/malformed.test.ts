// A table of malformed CSVs and configs, each run through the real CLI (`seqlab data` or `seqlab init`):
// exit 1, a message naming the file and the row/column or JSON path, no stack trace, nothing written.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli';

/** A daily CSV: header + `rows` rows from `cells(i)` (a list of cell texts after the date). */
function daily(header: string, rows: number, cells: (i: number) => (string | number)[]): string {
  const lines = [header];
  for (let i = 0; i < rows; i++) lines.push([new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10), ...cells(i)].join(','));
  return lines.join('\n') + '\n';
}
const good = (i: number) => [(i * 0.5).toFixed(1), (10 + Math.sin(i)).toFixed(3)];
const GOOD = daily('date,a,b', 60, good);
const withCell = (row: number, column: 0 | 1, text: string) => daily('date,a,b', 60, (i) => (i === row - 1 ? good(i).map((c, j) => (j === column ? text : c)) : good(i)));
const config = (data: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => JSON.stringify({ data: { file: 'data.csv', window: 5, ...data }, ...rest });

interface Case {
  name: string;
  csv?: string;
  config?: string;
  /** Defaults to `data x.seqlab.json`; `init` cases run `init data.csv` (+ flags). */
  init?: string[];
  file: string;
  row?: number;
  column?: string | number;
  path?: string;
  says: string;
}

const csvCases: Case[] = [
  { name: 'thousands separator splits a field', csv: withCell(7, 0, '1,234'), file: 'data.csv', row: 7, says: 'has 4 field(s)' },
  { name: 'quoted number with a thousands separator', csv: withCell(7, 0, '"1,234"'), file: 'data.csv', row: 7, column: 'a', says: 'expected a number, got "1,234"' },
  { name: 'number with trailing letters', csv: withCell(12, 1, '12.3abc'), file: 'data.csv', row: 12, column: 'b', says: '"12.3abc"' },
  { name: 'Infinity', csv: withCell(3, 0, 'Infinity'), file: 'data.csv', row: 3, column: 'a', says: 'non-finite' },
  { name: '-Infinity', csv: withCell(4, 1, '-Infinity'), file: 'data.csv', row: 4, column: 'b', says: 'non-finite' },
  { name: 'NaN text', csv: withCell(5, 0, 'NaN'), file: 'data.csv', row: 5, column: 'a', says: 'leave the cell empty' },
  { name: 'NA text', csv: withCell(6, 1, 'NA'), file: 'data.csv', row: 6, column: 'b', says: 'leave the cell empty' },
  { name: 'hexadecimal', csv: withCell(8, 0, '0x1F'), file: 'data.csv', row: 8, column: 'a', says: '"0x1F"' },
  { name: 'overflowing number', csv: withCell(9, 1, '1e999'), file: 'data.csv', row: 9, column: 'b', says: 'too large' },
  { name: 'decimal comma in a semicolon file', csv: GOOD.replace(/,/g, ';').replace('\n2020-01-10;4.5;', '\n2020-01-10;4,5;'), file: 'data.csv', row: 10, column: 'a', says: 'decimal separator' },
  { name: 'duplicate column names', csv: GOOD.replace('date,a,b', 'date,a,a'), file: 'data.csv', column: 'a', says: 'both named "a"' },
  { name: 'empty column name', csv: GOOD.replace('date,a,b', 'date,,b'), file: 'data.csv', column: 2, says: 'has no name' },
  { name: 'unclosed quote', csv: withCell(20, 0, '"3.5'), file: 'data.csv', row: 20, says: 'never closed' },
  { name: 'quote inside an unquoted field', csv: withCell(21, 0, '3"5'), file: 'data.csv', row: 21, says: 'quote in the middle' },
  { name: 'text after a closing quote', csv: withCell(22, 1, '"3"5'), file: 'data.csv', row: 22, says: 'after a closing quote' },
  { name: 'a row with too few fields', csv: GOOD.replace('\n2020-01-15,7.0,', '\n2020-01-15,'), file: 'data.csv', row: 15, says: 'has 2 field(s)' },
  { name: 'missing value with policy error', csv: withCell(30, 1, ''), config: config({ missing: 'error' }), file: 'data.csv', row: 30, column: 'b', says: 'missing value' },
  { name: 'time gap with policy error', csv: GOOD.replace(/\n2020-01-10,[^\n]*/, ''), config: config({ missing: 'error' }), file: 'data.csv', row: 10, column: 'date', says: 'skips 2020-01-10' },
  { name: 'duplicate time', csv: GOOD.replace('2020-01-11', '2020-01-10'), file: 'data.csv', row: 11, column: 'date', says: 'appears twice' },
  { name: 'empty time cell', csv: GOOD.replace('2020-01-11', ''), config: config({ columns: { time: 'date' } }), file: 'data.csv', row: 11, column: 'date', says: 'time column has no value' },
  { name: 'time column that holds text', csv: GOOD.replace('2020-01-11', 'soon'), config: config({ columns: { time: 'date' } }), file: 'x.seqlab.json', path: '/data/columns/time', says: 'data row 11 has "soon"' },
  { name: 'a column with no value in the test split', csv: daily('date,a,b', 60, (i) => (i >= 50 ? ['', good(i)[1]] : good(i))), file: 'data.csv', row: 52, column: 'a', says: 'no value in the test split' },
  { name: 'a label that changes within a sequence', csv: 'seq,x,label\ns1,1,up\ns1,2,down\ns2,1,up\ns3,2,up\ns4,3,down\ns5,1,up\ns6,2,down\ns7,1,up\n', config: config({ task: 'classify', columns: { sequenceId: 'seq', targets: ['label'] } }), file: 'data.csv', row: 2, column: 'label', says: 'changes from "up"' },
  { name: 'a missing sequence id', csv: 'seq,x,label\ns1,1,up\n,2,down\n', config: config({ task: 'classify', columns: { sequenceId: 'seq', targets: ['label'] } }), file: 'data.csv', row: 2, column: 'seq', says: 'sequence id is missing' },
  { name: 'forecast target that is text', csv: daily('date,a,kind', 60, (i) => [i, i % 2 ? 'x' : 'y']), config: config({ columns: { targets: ['kind'] } }), file: 'x.seqlab.json', path: '/data/columns/targets/0', says: 'must be numeric' },
  { name: 'unknown target column', config: config({ columns: { targets: ['price'] } }), file: 'x.seqlab.json', path: '/data/columns/targets/0', says: 'no column "price" in data.csv' },
  { name: 'unknown feature column', config: config({ columns: { features: ['a', 'volume'] } }), file: 'x.seqlab.json', path: '/data/columns/features/1', says: 'no column "volume"' },
  { name: 'feature with too many categories', csv: daily('date,a,b,id', 60, (i) => [...good(i), `c${i}`]), config: config({ columns: { features: ['id'] } }), file: 'x.seqlab.json', path: '/data/columns/features/0', says: 'more than maxCategories' },
  { name: 'window too long for the validation split', config: config({ window: 20 }), file: 'x.seqlab.json', path: '/data/window', says: 'the validation split has 9 row(s)' },
  { name: 'the label as an input of grouped sequences', csv: 'seq,x,label\ns1,1,up\ns2,2,down\ns3,1,up\n', config: config({ task: 'classify', columns: { sequenceId: 'seq', targets: ['label'], features: ['x', 'label'] } }), file: 'x.seqlab.json', path: '/data/columns/features/1', says: 'give the answer away' },
  { name: 'a label of fractional numbers', config: config({ task: 'classify', columns: { targets: ['b'] } }), file: 'x.seqlab.json', path: '/data/columns/targets/0', says: 'not all whole' },
  { name: 'tab delimiter on a comma file', config: config({ delimiter: '\t', columns: { targets: ['b'] } }), file: 'x.seqlab.json', path: '/data/columns/targets/0', says: 'no column "b"' },
  { name: 'init: number with trailing letters', csv: withCell(12, 1, '12.3abc'), init: [], file: 'data.csv', row: 12, column: 'b', says: 'expected a number' },
  { name: 'init: duplicate time', csv: GOOD.replace('2020-01-11', '2020-01-10'), init: [], file: 'data.csv', row: 11, column: 'date', says: 'appears twice' },
  { name: 'init: unclosed quote', csv: withCell(20, 0, '"3.5'), init: ['--task', 'classify'], file: 'data.csv', row: 20, says: 'never closed' },
];

const configCases: Case[] = [
  { name: 'trailing comma', config: '{\n  "data": { "file": "data.csv" },\n}\n', file: 'x.seqlab.json', row: 3, says: 'not valid JSON' },
  { name: 'comment', config: '{\n  // my data\n  "data": { "file": "data.csv" }\n}\n', file: 'x.seqlab.json', row: 2, says: 'not valid JSON' },
  { name: 'truncated', config: '{ "data": { "file": "data.csv" ', file: 'x.seqlab.json', row: 1, says: 'not valid JSON' },
  { name: 'unknown top-level key', config: config({}, { modle: {} }), file: 'x.seqlab.json', path: '/modle', says: 'unknown key "modle"; expected one of: $schema, version, data, model, training, export' },
  { name: 'unknown nested key', config: config({}, { training: { optimizer: { learningRate: 0.1 } } }), file: 'x.seqlab.json', path: '/training/optimizer/learningRate', says: 'unknown key' },
  { name: 'string for an integer', config: config({}, { training: { batchSize: '32' } }), file: 'x.seqlab.json', path: '/training/batchSize', says: 'expected an integer, got the string "32"' },
  { name: 'unknown cell', config: config({}, { model: { cell: 'rnn' } }), file: 'x.seqlab.json', path: '/model/cell', says: 'expected one of "lstm", "gru"' },
  { name: 'negative learning rate', config: config({}, { training: { optimizer: { lr: -0.01 } } }), file: 'x.seqlab.json', path: '/training/optimizer/lr', says: 'expected a number > 0' },
  { name: 'no data file', config: JSON.stringify({ data: { task: 'forecast' } }), file: 'x.seqlab.json', path: '/data/file', says: 'missing required key "file"' },
  { name: 'no data section', config: JSON.stringify({ model: {} }), file: 'x.seqlab.json', path: '/data', says: 'missing required key "data"' },
  { name: 'split that does not sum to 1', config: config({ split: { train: 0.8, validation: 0.15, test: 0.15 } }), file: 'x.seqlab.json', path: '/data/split', says: 'must be 1, got 1.1' },
  { name: 'empty targets', config: config({ columns: { targets: [] } }), file: 'x.seqlab.json', path: '/data/columns/targets', says: 'expected at least 1 item(s), got 0' },
  { name: 'targets as a word', config: config({ columns: { targets: 'all' } }), file: 'x.seqlab.json', path: '/data/columns/targets', says: 'got the string "all"' },
  { name: 'betas of the wrong length', config: config({}, { training: { optimizer: { betas: [0.9] } } }), file: 'x.seqlab.json', path: '/training/optimizer/betas', says: 'at least 2 item(s)' },
  { name: 'dropout of 1', config: config({}, { model: { dropout: 1 } }), file: 'x.seqlab.json', path: '/model/dropout', says: 'expected a number < 1' },
  { name: 'zero epochs', config: config({}, { training: { epochs: 0 } }), file: 'x.seqlab.json', path: '/training/epochs', says: '>= 1' },
  { name: 'fractional window', config: config({ window: 2.5 }), file: 'x.seqlab.json', path: '/data/window', says: 'expected an integer' },
  { name: 'sequence id for a forecast', config: config({ columns: { sequenceId: 'a' } }), file: 'x.seqlab.json', path: '/data/columns/sequenceId', says: 'for classify' },
  { name: 'time column as a feature', config: config({ columns: { time: 'date', features: ['date', 'a'] } }), file: 'x.seqlab.json', path: '/data/columns/features/0', says: 'never a feature' },
  { name: 'an array instead of an object', config: '[1, 2]', file: 'x.seqlab.json', path: '/', says: 'expected an object' },
  { name: 'version 2', config: config({}, { version: 2 }), file: 'x.seqlab.json', path: '/version', says: 'expected 1' },
  { name: 'forecast on a .txt file', config: config({ file: 'notes.txt' }), file: 'x.seqlab.json', path: '/data/task', says: 'read as text' },
  { name: 'season as a word', config: config({ season: 'yearly' }), file: 'x.seqlab.json', path: '/data/season', says: 'expected "auto" or an integer >= 1' },
  { name: 'a feature listed twice', config: config({ columns: { features: ['a', 'a'] } }), file: 'x.seqlab.json', path: '/data/columns/features', says: 'items 0 and 1 are the same (the string "a")' },
  { name: 'negative seed', config: config({}, { training: { seed: -1 } }), file: 'x.seqlab.json', path: '/training/seed', says: '>= 0' },
  { name: 'opset too old', config: config({}, { export: { opset: 9 } }), file: 'x.seqlab.json', path: '/export/opset', says: '>= 14' },
  { name: 'missing policy misspelt', config: config({ missing: 'interp' }), file: 'x.seqlab.json', path: '/data/missing', says: '"interpolate"' },
  { name: 'null for a number', config: config({}, { training: { gradClipNorm: null } }), file: 'x.seqlab.json', path: '/training/gradClipNorm', says: 'got null' },
];

function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

describe.each([['CSV', csvCases], ['config', configCases]] as const)('malformed %s', (_kind, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-bad-'));
    fs.writeFileSync(path.join(dir, 'data.csv'), c.csv ?? GOOD);
    if (!c.init) fs.writeFileSync(path.join(dir, 'x.seqlab.json'), c.config ?? config());
    const before = listing(dir);
    const argv = c.init ? ['init', path.join(dir, 'data.csv'), ...c.init] : ['data', path.join(dir, 'x.seqlab.json')];
    const result = await runCli(argv);
    expect(result.code, result.err).toBe(1);
    expect(result.err).toContain(path.join(dir, c.file));
    if (c.row !== undefined) expect(result.err).toContain(`row ${c.row}`);
    if (c.column !== undefined) expect(result.err).toContain(`column ${typeof c.column === 'number' ? c.column : JSON.stringify(c.column)}`);
    if (c.path !== undefined) expect(result.err).toContain(`at ${c.path}:`);
    expect(result.err).toContain(c.says);
    expect(result.err).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
    expect(result.err).not.toContain('internal error');
    expect(listing(dir)).toEqual(before); // nothing written, no temp file left
  });
});

it('the table has at least 40 cases', () => {
  expect(csvCases.length + configCases.length).toBeGreaterThanOrEqual(40);
});

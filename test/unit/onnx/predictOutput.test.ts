// predict's output, written a 64 KiB block at a time: RFC 4180 quoting, characters of any width across
// block boundaries, a line longer than a block, stdout in blocks of whole lines, restart and abort.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvOutput } from '../../../engine/runtime/predictOutput';
import { tempDir } from '../helpers/tinyRuns';

/** Rows whose cells need quoting, hold multi-byte characters, and together fill several blocks. */
function awkwardRows(count: number): string[][] {
  return Array.from({ length: count }, (_, i) => [String(i + 1), i % 7 === 0 ? `a,b "quoted" ${i}` : i % 11 === 0 ? `line\nbreak ${i}` : `météo ☂ ${i}`, (i / 3).toPrecision(9)]);
}

describe('CsvOutput', () => {
  it('--out: the file parses back to exactly the rows, and appears only when finished', () => {
    const dir = tempDir('seqlab-output-');
    const file = path.join(dir, 'out.csv');
    const rows = awkwardRows(5000);
    const out = new CsvOutput(file, () => { throw new Error('nothing is printed with --out'); });
    out.header(['row', 'label, with comma', 'value']);
    for (const row of rows) out.row(row);
    expect(fs.existsSync(file)).toBe(false);
    out.finish();
    expect(out.rows).toBe(5000);
    expect(parse(fs.readFileSync(file, 'utf8'))).toEqual([['row', 'label, with comma', 'value'], ...rows]);
    expect(fs.readdirSync(dir)).toEqual(['out.csv']);
  });

  it('stdout: blocks of whole lines that join to the same text, a line longer than a block included', () => {
    const printed: string[] = [];
    const out = new CsvOutput(null, (text) => printed.push(text));
    const rows = awkwardRows(3000);
    const wide = ['0', 'x'.repeat(100_000), 'é'.repeat(30_000)];
    out.header(['row', 'label', 'value']);
    rows.slice(0, 1500).forEach((row) => out.row(row));
    out.row(wide);
    rows.slice(1500).forEach((row) => out.row(row));
    out.finish();
    expect(printed.length).toBeGreaterThan(1);
    expect(parse(`${printed.join('\n')}\n`)).toEqual([['row', 'label', 'value'], ...rows.slice(0, 1500), wide, ...rows.slice(1500)]);
  });

  it('restart forgets what was written; abort leaves the previous file and no temp file', () => {
    const dir = tempDir('seqlab-output-');
    const file = path.join(dir, 'out.csv');
    fs.writeFileSync(file, 'previous\n');
    const first = new CsvOutput(file, () => undefined);
    first.header(['a']);
    awkwardRows(4000).forEach((row) => first.row(row));
    first.restart();
    first.header(['b']);
    first.row(['1']);
    first.finish();
    expect(fs.readFileSync(file, 'utf8')).toBe('b\n1\n');
    expect(first.rows).toBe(1);

    const second = new CsvOutput(file, () => undefined);
    awkwardRows(4000).forEach((row) => second.row(row));
    second.abort();
    expect(fs.readFileSync(file, 'utf8')).toBe('b\n1\n');
    expect(fs.readdirSync(dir)).toEqual(['out.csv']);
  });
});

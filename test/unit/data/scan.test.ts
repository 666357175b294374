// The cheap scan behind the memory estimate and the editor's diagnostics: its counts equal what the
// readers read (quoted line breaks, CRLF, blank lines, a BOM; UTF-8 characters, CRLF as one), its shape
// equals the prepared data's, its estimate without counting is close, and it never blocks the event loop.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../engine/config/load';
import { shapeOfPrepared } from '../../../engine/config/memory';
import { readCsvFile } from '../../../engine/data/csv/readCsv';
import { prepareData } from '../../../engine/data/prepare';
import { scanDataFile, scanDataShape } from '../../../engine/data/scan';
import { readText } from '../../../engine/data/text';
import { tempDir, writeClassifyData, writeConfig, writeForecastData } from '../helpers/tinyRuns';

describe('counting', () => {
  it('CSV rows as the reader reads them: quoted line breaks, CRLF, lone CR, blank and blank-ish lines, a BOM, no final newline', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'odd.csv');
    fs.writeFileSync(file, '\uFEFFid,note,value\r\n1,"two\nlines",3\r\n\r\n2,plain,4\n   \n3,"a ""quoted"" one",5\r4,,6\n,,\n5,last,7');
    const table = await readCsvFile(file);
    const scan = await scanDataFile(file, 'forecast', { count: true });
    expect(scan.rows).toBe(table.rows);
    expect(scan.rows).toBe(6);
    // The line of blanks is not a row (it once was, leaving the table a row longer than its columns).
    for (const column of table.columns) expect(column.numbers.length).toBe(table.rows);
    expect(scan.header).toEqual(['id', 'note', 'value']);
  });

  it('text characters and distinct characters as readText reads them (code points)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'story.txt');
    const text = '\uFEFFcall me Ishmaël 🐳\r\nsome years ago\rnever mind\n' + 'how long precisely. '.repeat(5000);
    fs.writeFileSync(file, Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0x41, 0xe2, 0x82])]));
    const codePoints = Array.from(await readText(file));
    const scan = await scanDataFile(file, 'text', { count: true });
    expect(scan.rows).toBe(codePoints.length);
    expect(scan.distinctCharacters).toBe(new Set(codePoints).size);
  });

  it('without counting, rows are estimated from the size within 10 %', async () => {
    const dir = tempDir();
    writeForecastData(dir, 50_000);
    const scan = await scanDataFile(path.join(dir, 'series.csv'), 'forecast');
    expect(scan.counted).toBe(false);
    expect(Math.abs(scan.rows - 50_000) / 50_000).toBeLessThan(0.1); // its lines grow longer as the values do
  });

  it('keeps the event loop turning while it counts a 64 MB file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.csv');
    const line = '2020-01-01,12.5,7.25\n';
    fs.writeFileSync(file, 'date,a,b\n' + line.repeat(Math.ceil((64 << 20) / line.length)));
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    try {
      const scan = await scanDataFile(file, 'forecast', { count: true });
      expect(scan.rows).toBe(Math.ceil((64 << 20) / line.length));
    } finally {
      clearInterval(ticker);
    }
    expect(turns).toBeGreaterThan(2);
  });
});

describe('the shape', () => {
  for (const [task, write, data] of [
    ['forecast', writeForecastData, { window: 12, horizon: 3 }],
    ['classify', writeClassifyData, { window: 7, columns: { features: ['pressure', 'weather'] } }],
  ] as const) {
    it(`${task}: from a scan it is the prepared data's shape`, async () => {
      const dir = tempDir();
      const file = writeConfig(dir, task, { file: write(dir), task, ...data });
      const { config } = loadConfig(file);
      const exact = shapeOfPrepared(await prepareData(config, file));
      expect({ ...(await scanDataShape(config, file, { count: true })), exact: true }).toEqual(exact);
    });
  }
});

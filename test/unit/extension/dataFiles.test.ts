import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { taskForFile } from '../../../engine/index';
import { DATA_FILE_EXTENSIONS, DATA_FILE_WHEN, isTrainableDataFile, trainableExtensionFilter } from '../../../extension/dataFiles';

describe('isTrainableDataFile', () => {
  it.each(['/w/data.csv', '/w/DATA.CSV', '/w/Mixed.Csv', '/w/data.tsv', '/w/DATA.TSV', '/w/notes.txt', '/w/NOTES.TXT', '/w/a.b.csv'])('accepts %s', (file) => {
    expect(isTrainableDataFile(file)).toBe(true);
  });

  it.each(['/w/model.json', '/w/data.csv.bak', '/w/csv', '/w/.csv', '/w/data.xlsx', '/w/data'])('rejects %s', (file) => {
    expect(isTrainableDataFile(file)).toBe(false);
  });

  it('offers both letter cases to the file picker', () => {
    expect([...trainableExtensionFilter].sort()).toEqual(['CSV', 'TSV', 'TXT', 'csv', 'tsv', 'txt']);
  });
});

describe('the data-file list agrees with package.json and the engine', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
    contributes: { menus: Record<string, { command: string; when?: string }[]> };
  };
  const trainEntries = Object.entries(manifest.contributes.menus)
    .flatMap(([menu, entries]) => entries.filter((entry) => entry.command === 'seqlab.train').map((entry) => ({ menu, when: entry.when ?? '' })));

  it('every Train entry on a file tests exactly DATA_FILE_EXTENSIONS', () => {
    const menus = trainEntries.filter(({ when }) => when.includes('resource'));
    expect(menus.map(({ menu }) => menu).sort()).toEqual(['editor/title', 'explorer/context']);
    for (const { menu, when } of menus) expect(when, menu).toContain(DATA_FILE_WHEN);
  });

  it('the when clause regex matches the same names as isTrainableDataFile', () => {
    const [, source] = /=~ \/(.+)\/i/.exec(DATA_FILE_WHEN) ?? [];
    const regex = new RegExp(source, 'i');
    for (const name of ['a.csv', 'A.CSV', 'b.tsv', 'c.txt', 'd.json', 'e.csvx', 'f.xlsx', 'g.md']) {
      expect(regex.test(path.extname(name)), name).toBe(isTrainableDataFile(`/w/${name}`));
    }
  });

  it("agrees with the engine's task-by-extension rule: .txt is text, the others are tables", () => {
    for (const extension of DATA_FILE_EXTENSIONS) {
      expect(taskForFile(`/w/data${extension.toUpperCase()}`), extension).toBe(extension === '.txt' ? 'text' : 'forecast');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { isTrainableDataFile, trainableExtensionFilter } from '../../../extension/dataFiles';

describe('isTrainableDataFile', () => {
  it.each(['/w/data.csv', '/w/DATA.CSV', '/w/Mixed.Csv', '/w/notes.txt', '/w/NOTES.TXT', '/w/a.b.csv'])('accepts %s', (file) => {
    expect(isTrainableDataFile(file)).toBe(true);
  });

  it.each(['/w/model.json', '/w/data.csv.bak', '/w/csv', '/w/.csv', '/w/data.tsv', '/w/data'])('rejects %s', (file) => {
    expect(isTrainableDataFile(file)).toBe(false);
  });

  it('offers both letter cases to the file picker', () => {
    expect([...trainableExtensionFilter].sort()).toEqual(['CSV', 'TXT', 'csv', 'txt']);
  });
});

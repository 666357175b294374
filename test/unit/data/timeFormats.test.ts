// The fast path that reads whole date columns must read exactly what luxon, the library that chooses
// the format, reads: on random times written in every format, and on random strings shaped like them
// (impossible days, leap years, hours past 23). And the schema's list of timeFormat values is the
// catalogue's.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateReader, chooseDateFormats } from '../../../engine/data/csv/dateColumn';
import { ISO_DATE_TIME, TIME_FORMATS, type TimeFormat, libraryMillis, printTime, timeFormatNames } from '../../../engine/data/csv/timeFormats';

const DAY = 86_400_000;

/** A random instant in 1900–2099, cut to what the format can write (day, minute, second; month start). */
function instant(format: TimeFormat): fc.Arbitrary<number> {
  return fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => {
    const date = new Date(ms);
    if (format.grain === 'month') {
      const quarter = format.parse.includes('q');
      return Date.UTC(date.getUTCFullYear(), quarter ? date.getUTCMonth() - (date.getUTCMonth() % 3) : date.getUTCMonth(), 1);
    }
    if (format.grain === 'day') return ms - (ms % DAY);
    return format.name.endsWith('hh:mm') ? ms - (ms % 60_000) : ms - (ms % 1000);
  });
}

describe('fast path = luxon', () => {
  it.each(TIME_FORMATS.map((format) => [format.name, format] as const))('%s: every written time reads back to itself', (_name, format) => {
    const reader = new DateReader([format]);
    fc.assert(fc.property(instant(format), (ms) => {
      const text = printTime(format, ms);
      expect(reader.readMillis(text), text).toBe(ms);
      expect(libraryMillis(format, text), text).toBe(ms);
    }), { numRuns: 300 });
  });

  const dayMonth = TIME_FORMATS.filter((format) => format.order && !format.name.includes(' '));
  it.each(dayMonth.map((format) => [format.name, format] as const))('%s: cells shaped like the format are refused by both or read alike', (_name, format) => {
    const reader = new DateReader([format]);
    const sep = format.name[format.name.search(/[/.-]/)];
    const field = fc.integer({ min: 0, max: 35 }).chain((n) => fc.constantFrom(String(n), String(n).padStart(2, '0')));
    const year = fc.constantFrom(1900, 2000, 2019, 2020, 2100).map(String);
    fc.assert(fc.property(field, field, year, (a, b, y) => {
      const text = `${a}${sep}${b}${sep}${y}`;
      expect(reader.readMillis(text), text).toEqual(libraryMillis(format, text));
    }), { numRuns: 400 });
  });

  it.each(TIME_FORMATS.filter((format) => format.name !== ISO_DATE_TIME && !format.parse.includes('L')).map((format) => [format.name, format] as const))('%s: any text as long as the format reads alike (digits checked where digits go)', (_name, format) => {
    const reader = new DateReader([format]);
    const written = printTime(format, Date.UTC(2020, 9, 31, 13, 45, 7));
    const char = fc.constantFrom(...'0123456789:;/.-+ Q'.split(''));
    fc.assert(fc.property(fc.array(char, { minLength: written.length, maxLength: written.length }), fc.array(fc.nat(written.length - 1), { maxLength: 3 }), (noise, positions) => {
      // The written time with a few characters replaced, so that most texts are nearly dates.
      const text = written.split('').map((ch, i) => (positions.includes(i) ? noise[i] : ch)).join('');
      // One deliberate difference: a year before 1000 ("0020") is refused as a typo; luxon reads it.
      const library = libraryMillis(format, text);
      expect(reader.readMillis(text), text).toEqual(library < Date.UTC(1000, 0, 1) ? NaN : library);
    }), { numRuns: 300 });
    expect(reader.readMillis(written.replace(/\d(?=\D)/, ':'))).toBeNaN();
  });

  it('ISO date-time: T or a space, seconds, fractions and zones as luxon reads them', () => {
    const iso = TIME_FORMATS.find((f) => f.name === ISO_DATE_TIME) as TimeFormat;
    const reader = new DateReader([iso]);
    for (const text of ['2020-01-31 13:45', '2020-01-31T13:45', '2020-01-31 13:45:07', '2020-01-31T13:45:07.250', '2020-01-31T13:45:07Z', '2020-01-31T13:45:07+02:00', '2020-02-29T00:00:00-0530']) {
      expect(reader.readMillis(text), text).toBe(libraryMillis(iso, text));
    }
    for (const text of ['2020-01-31 24:00', '2021-02-29 10:00', '2020-1-31 13:45', '2020-01-31 13:4']) expect(reader.readMillis(text), text).toBeNaN();
  });
});

describe('choosing on a sample', () => {
  it('zero padding decides the name, so that times are written back as the file writes them', () => {
    expect(chooseDateFormats(['01/31/2020', '12/01/2020'])?.map((f) => f.name)).toEqual(['MM/DD/YYYY']);
    expect(chooseDateFormats(['1/31/2020', '12/1/2020'])?.map((f) => f.name)).toEqual(['M/D/YYYY']);
    expect(chooseDateFormats(['01/02/2020', '03/04/2020'])?.map((f) => f.name)).toEqual(['MM/DD/YYYY', 'DD/MM/YYYY']);
    expect(chooseDateFormats(['January 2020', 'May 2020'])?.map((f) => f.name)).toEqual(['MMMM YYYY']);
    expect(chooseDateFormats(['Jan 2020', 'May 2020'])?.map((f) => f.name)).toEqual(['MMM YYYY']);
    expect(chooseDateFormats(['2020', '2021'])).toBeNull();
    expect(chooseDateFormats(['Sept 2020'])).toBeNull();
  });
});

describe('the schema', () => {
  it('lists exactly the catalogue\'s timeFormat values', () => {
    const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../schemas/seqlab.schema.json'), 'utf8'));
    expect(schema.properties.data.properties.columns.properties.timeFormat.enum).toEqual(timeFormatNames());
  });
});

// printTime's fast path (numeric fields and separators, years 1000–9999) writes exactly what luxon
// writes, for every time format and for ISO times with milliseconds; other formats go to luxon.
import { describe, expect, it } from 'vitest';
import { ISO_DATE_TIME, TIME_FORMATS, libraryPrint, printTime } from '../../../engine/data/csv/timeFormats';

/** Seeded instants over years 1000–9999, with every unit of the day (and milliseconds) varied. */
function instants(count: number): number[] {
  let state = 7;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const from = Date.UTC(1000, 0, 1), to = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
  return Array.from({ length: count }, (_, i) => (i % 4 === 0 ? Math.floor(from + next() * (to - from)) : Math.floor((from + next() * (to - from)) / 1000) * 1000));
}

describe('printTime', () => {
  const times = [...instants(1200), Date.UTC(2020, 0, 1), Date.UTC(2020, 11, 31, 23, 59, 59), Date.UTC(1000, 0, 1), Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(2000, 1, 29, 1, 2, 3, 4)];
  for (const format of TIME_FORMATS) {
    it(`${format.name}: luxon's text`, () => {
      for (const ms of times) {
        const pattern = format.name === ISO_DATE_TIME && ms % 1000 !== 0 ? 'yyyy-MM-dd HH:mm:ss.SSS' : format.print;
        expect(printTime(format, ms), `${format.name} ${new Date(ms).toISOString()}`).toBe(libraryPrint(pattern, ms));
      }
    });
  }

  it('times in order (the date part kept from the last row) and out of order', () => {
    // Every 37 minutes 13.5 s across a leap day, a year's end and the Unix epoch; then the same backwards.
    const series = (from: number) => Array.from({ length: 400 }, (_, i) => from + i * 2_233_500);
    const times = [...series(Date.UTC(1999, 11, 31, 20)), ...series(Date.UTC(2004, 1, 28, 22)), ...series(Date.UTC(1969, 11, 31, 12))];
    for (const ms of [...times, ...times.reverse()]) {
      for (const format of TIME_FORMATS.filter((f) => f.grain === 'datetime')) {
        const pattern = format.name === ISO_DATE_TIME && ms % 1000 !== 0 ? 'yyyy-MM-dd HH:mm:ss.SSS' : format.print;
        expect(printTime(format, ms), `${format.name} ${new Date(ms).toISOString()}`).toBe(libraryPrint(pattern, ms));
      }
    }
  });

  it('years outside 1000–9999 are written by luxon', () => {
    const format = TIME_FORMATS.find((f) => f.name === 'YYYY-MM-DD')!;
    for (const ms of [Date.UTC(999, 5, 1), Date.UTC(10000, 0, 1), Date.UTC(-5, 0, 1)]) expect(printTime(format, ms)).toBe(libraryPrint(format.print, ms));
  });
});

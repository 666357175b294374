// The streaming CSV reader: formats it must accept, numbers it must refuse, and fast-check properties —
// the same rows however the input is chunked, and no error but SeqLabError whatever the input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeqLabError } from '../../../engine/errors';
import { parseStrictNumber, parseTrimmedNumber } from '../../../engine/data/csv/cells';
import { ColumnAccumulator } from '../../../engine/data/csv/column';
import { readCsvChunks, type RawTable } from '../../../engine/data/csv/readCsv';

function snapshot(table: RawTable) {
  return {
    rows: table.rows,
    columns: table.columns.map((c) => ({
      name: c.name, kind: c.kind, missing: c.missing, levels: c.levels,
      numbers: Array.from(c.numbers, (v) => (Number.isNaN(v) ? null : v)),
      codes: c.codes ? Array.from(c.codes) : null,
      dates: c.dates ? Array.from(c.dates, (v) => (Number.isNaN(v) ? null : v)) : null,
    })),
  };
}

async function read(text: string | Buffer, delimiter?: ',' | ';' | '\t') {
  return readCsvChunks([typeof text === 'string' ? Buffer.from(text) : text], 'mem.csv', delimiter ? { delimiter } : {});
}

async function failure(text: string, delimiter?: ',' | ';' | '\t'): Promise<SeqLabError> {
  try {
    await read(text, delimiter);
  } catch (error) {
    expect(error).toBeInstanceOf(SeqLabError);
    return error as SeqLabError;
  }
  throw new Error('expected the read to fail');
}

describe('strict numbers', () => {
  it.each(['0', '-1', '+2.5', '.5', '5.', '1e3', '-2.5E-4', ' 7 '])('%j is a number', (text) => {
    expect(parseStrictNumber(text)).toBe(Number(text.trim()));
  });
  it.each(['1,234', '12.3abc', 'Infinity', '-Infinity', 'NaN', 'nan', '0x10', '1e999', '1_000', '--1', '1.2.3', 'e5', '', '½'])('%j is not', (text) => {
    expect(parseStrictNumber(text)).toBeUndefined();
  });
  it('the fast reading of numeric columns (Number() less its extras) agrees with the rule on random strings', () => {
    const piece = fc.constantFrom('0', '1', '7', '.', 'e', 'E', '+', '-', 'x', 'X', 'o', 'b', 'B', 'Infinity', 'NaN', '_', ',', '٣', 'Ⅻ');
    fc.assert(fc.property(fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')), (text) => {
      expect(parseTrimmedNumber(text), text).toBe(text === '' ? NaN : parseStrictNumber(text) ?? NaN);
    }), { numRuns: 5000 });
    for (const text of ['0x10', '0X1F', '0b1', '0B1', '0o7', '0O7', 'Infinity', '-Infinity', '1e400', '', '-', '.', '+.']) expect(parseTrimmedNumber(text), text).toBeNaN();
  });
  it('reads every decimal as the same double as Number()', () => {
    const decimal = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.tuple(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 16 })).map(([v, d]) => v.toFixed(d)),
      fc.tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^[0-9]{0,17}$/), fc.stringMatching(/^[0-9]{0,17}$/)).map(([sign, a, b]) => `${sign}${a}.${b}`),
    );
    fc.assert(fc.property(decimal, (text) => {
      expect(Object.is(parseTrimmedNumber(text), parseStrictNumber(text) ?? NaN), text).toBe(true);
    }), { numRuns: 20000 });
    expect(Object.is(parseTrimmedNumber('-0'), -0)).toBe(true);
  });
});

describe('dates', () => {
  const column = (cells: string[]) => {
    const accumulator = new ColumnAccumulator('d', 0);
    cells.forEach((cell, i) => accumulator.add(cell, i + 1));
    return accumulator.finish();
  };
  it('reads ISO-like dates as UTC and refuses impossible ones', () => {
    expect(column(['2012-01-02'])).toMatchObject({ kind: 'date', dates: Float64Array.of(Date.UTC(2012, 0, 2)), dateGrain: 'day' });
    expect(column(['1958-03'])).toMatchObject({ dates: Float64Array.of(Date.UTC(1958, 2, 1)), dateGrain: 'month' });
    expect(column(['2020/2/29']).dates?.[0]).toBe(Date.UTC(2020, 1, 29));
    expect(column(['2020-01-01T10:30:00+02:00']).dates?.[0]).toBe(Date.UTC(2020, 0, 1, 8, 30));
    for (const text of ['2021-02-30', '2021-13-01', '1', 'March', '2012', '2012-01-01 25:00', '13/13/2012']) expect(column([text]).kind, text).not.toBe('date');
  });
});

describe('reading', () => {
  it('handles a BOM, CRLF, quoted fields with delimiters, quotes and newlines', async () => {
    const table = await read('\uFEFFname,"va,lue",note\r\na,1.5,"say ""hi"""\r\nb,,"two\r\nlines"\r\n');
    expect(table.columns.map((c) => c.name)).toEqual(['name', 'va,lue', 'note']);
    expect(table.rows).toBe(2);
    expect(Array.from(table.columns[1].numbers)).toEqual([1.5, NaN]);
    expect(table.columns[1].missing).toBe(1);
    expect(table.columns[2].levels).toEqual(['say "hi"', 'two\r\nlines']);
  });

  it.each([
    [',', 'a,b,c\n1,2,3\n4,5,6\n'],
    [';', 'a;b;c\n1,5;2;3\n4;5;6\n'],
    ['\t', 'a\tb\tc\n1\t2\t3\n'],
    [',', '"x;y",b\n"1;2",3\n'],
  ])('detects the delimiter %j', async (delimiter, text) => {
    const table = await read(text);
    expect(table.delimiter).toBe(delimiter);
    expect(table.columns).toHaveLength(delimiter === ',' && text.startsWith('"') ? 2 : 3);
  });

  it('uses a given delimiter instead of detecting one', async () => {
    const table = await read('a;b,c\n1;2,3\n', ',');
    expect(table.columns.map((c) => c.name)).toEqual(['a;b', 'c']);
  });

  it('classifies columns: numeric, date, text, mixed (a typo among numbers), empty', async () => {
    const table = await read('n,d,t,m,e\n1,2020-01-01,x,1,\n2,2020-01-02,y,2,\n3,2020-01-03,1,12.3abc,\n4,2020-01-04,z,4,\n');
    expect(table.columns.map((c) => c.kind)).toEqual(['numeric', 'date', 'categorical', 'mixed', 'empty']);
    expect(table.columns[3].firstNonNumeric).toEqual({ row: 3, text: '12.3abc' });
  });

  it('skips blank lines and counts data rows without them', async () => {
    const table = await read('a,b\n1,2\n\n3,4\n');
    expect(table.rows).toBe(2);
  });

  it.each([
    ['a,a\n1,2\n', 'columns 1 and 2 are both named "a"', { column: 'a' }],
    ['a,,c\n1,2,3\n', 'column 2 has no name', { column: 2 }],
    ['a,b\n1,2\n3,1,234\n', 'has 3 field(s) but the header has 2', { row: 2 }],
    ['a,b\n1,2\n3\n', 'has 1 field(s) but the header has 2', { row: 2 }],
    ['a,b\n1,"2\n', 'never closed', { row: 1 }],
    ['a,b\n1,2\n3,"4"x\n', 'after a closing quote', { row: 2 }],
    ['a,b\n1,2\n3,4"x\n', 'quote in the middle', { row: 2 }],
    ['', 'empty', {}],
    ['a,b\n', 'no data rows', {}],
  ])('refuses %j', async (text, message, where) => {
    const error = await failure(text);
    expect(error.code).toBe('BAD_DATA');
    expect(error.message).toContain(message);
    expect(error.where).toMatchObject({ file: 'mem.csv', ...where });
  });
});

// ---- properties ----

const cell = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map((v) => String(v)),
  fc.constant(''),
  fc.constantFrom('rain', 'sun', 'a,b', 'say "x"', 'multi\nline', 'é😀ü', '2021-03-04', ' padded '),
);

const tableArbitrary = fc.integer({ min: 1, max: 5 }).chain((width) =>
  fc.record({
    header: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim().length > 0 && s.trim() === s), { minLength: width, maxLength: width }),
    rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
  }),
);

function quote(field: string): string {
  return /[",\r\n]/.test(field) || field.trim() !== field ? `"${field.replace(/"/g, '""')}"` : field;
}

function serialise(t: { header: string[]; rows: string[][]; crlf: boolean; bom: boolean }): Buffer {
  const eol = t.crlf ? '\r\n' : '\n';
  // A one-column row whose only cell is empty would be a blank line, which CSV readers skip.
  const rows = t.rows.map((r) => (r.length === 1 && r[0] === '' ? ['0'] : r));
  const text = [t.header, ...rows].map((r) => r.map(quote).join(',')).join(eol) + eol;
  return Buffer.from((t.bom ? '\uFEFF' : '') + text, 'utf8');
}

function chunk(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

describe('properties', () => {
  it('gives the same rows however the bytes are chunked (even inside a UTF-8 character)', async () => {
    await fc.assert(fc.asyncProperty(tableArbitrary, fc.array(fc.nat(), { maxLength: 12 }), async (t, cuts) => {
      const bytes = serialise(t);
      const whole = await readCsvChunks([bytes], 'p.csv', { delimiter: ',' });
      const pieces = await readCsvChunks(chunk(bytes, cuts), 'p.csv', { delimiter: ',' });
      expect(snapshot(pieces)).toEqual(snapshot(whole));
      // And the rows are the ones written: every numeric cell reads back as the number it was.
      expect(whole.rows).toBe(t.rows.length);
      expect(whole.columns.map((c) => c.name)).toEqual(t.header);
      const written = t.rows.map((r) => (r.length === 1 && r[0] === '' ? ['0'] : r));
      written.forEach((row, r) => row.forEach((text, c) => {
        const column = whole.columns[c];
        const expected = parseStrictNumber(text);
        if (expected !== undefined) expect(column.numbers[r]).toBe(expected);
        else expect(column.numbers[r]).toBeNaN();
        if (column.codes && column.levels) expect(column.codes[r] < 0 ? '' : column.levels[column.codes[r]]).toBe(text.trim());
      }));
    }), { numRuns: 300 });
  });

  it('never throws anything but SeqLabError, with or without delimiter detection', async () => {
    const alphabet = fc.constantFrom('a', '1', '2.5', ',', ';', '\t', '"', '\n', '\r', ' ', 'é', '\uFEFF', '-', 'e', '😀');
    const input = fc.array(alphabet, { maxLength: 60 }).map((parts) => parts.join(''));
    await fc.assert(fc.asyncProperty(input, fc.array(fc.nat(), { maxLength: 6 }), fc.constantFrom<(',' | undefined)>(',', undefined), async (text, cuts, delimiter) => {
      try {
        await readCsvChunks(chunk(Buffer.from(text), cuts), 'fuzz.csv', delimiter ? { delimiter } : {});
      } catch (error) {
        if (!(error instanceof SeqLabError)) throw new Error(`not a SeqLabError: ${String(error)}`, { cause: error });
        expect(error.where.file).toBe('fuzz.csv');
      }
    }), { numRuns: 500 });
  });

  it('never throws anything but SeqLabError on arbitrary bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
      try {
        await readCsvChunks([bytes], 'bytes.csv');
      } catch (error) {
        if (!(error instanceof SeqLabError)) throw new Error(`not a SeqLabError: ${String(error)}`, { cause: error });
      }
    }), { numRuns: 300 });
  });
});

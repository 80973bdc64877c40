import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, InputError } from '../../src/errors';
import { csvField, csvRecord, readCsvFile, writeDatasetCsv, type Dataset } from '../../src/sources';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dataset-csv-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const dataset = (columns: string[], rows: string[][]): Dataset => ({
  source: 'dataset:test',
  columns,
  rows: rows.map((cells, i) => ({ row: i + 1, line: i + 2, values: Object.fromEntries(columns.map((c, j) => [c, cells[j]!])) })),
});

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['  spaced  ', '  spaced  '],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['crlf\r\n', '"crlf\r\n"'],
    ["O'Connor ${x} R&D", "O'Connor ${x} R&D"],
  ])('%j -> %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('quotes for the delimiter in use', () => {
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('a,b', ';')).toBe('a,b');
  });
});

describe('csvRecord', () => {
  it('joins fields and ends with LF; a lone empty field is not an empty line', () => {
    expect(csvRecord(['a', 'b,c', ''])).toBe('a,"b,c",\n');
    expect(csvRecord([''])).toBe('""\n');
  });
});

describe('writeDatasetCsv', () => {
  const tricky = dataset(
    ['email', 'note', 'empty', 'unicode'],
    [
      ['a@example.com', 'comma, "quotes" and\nnewline', '', 'Zoë 🚀'],
      ['b@example.com', 'crlf\r\ninside', '', '  leading and trailing  '],
      ['c@example.com', '"', '', '='],
      ['d@example.com', '', '', ''],
    ],
  );

  it('writes a file readCsvFile reads back to the same rows', async () => {
    const file = join(dir, 'out.csv');
    await writeDatasetCsv(tricky, file);
    const back = readCsvFile(file);
    expect(back.columns).toEqual(tricky.columns);
    expect(back.rows.map((r) => [r.row, r.values])).toEqual(tricky.rows.map((r) => [r.row, r.values]));
    // Embedded newlines make a record span lines, as readCsvFile reports.
    expect(back.rows.map((r) => r.line)).toEqual([2, 4, 6, 7]);
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('round-trips with another delimiter', async () => {
    const file = join(dir, 'out.csv');
    await writeDatasetCsv(dataset(['a', 'b'], [['x;y', 'z,w']]), file, { delimiter: ';' });
    expect(readFileSync(file, 'utf8')).toBe('a;b\n"x;y";z,w\n');
    expect(readCsvFile(file, { delimiter: ';' }).rows[0]!.values).toEqual({ a: 'x;y', b: 'z,w' });
  });

  it('writes only the columns asked for, in that order', async () => {
    const file = join(dir, 'out.csv');
    await writeDatasetCsv(tricky, file, { columns: ['unicode', 'email'] });
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('unicode,email');
    expect(readCsvFile(file).rows[0]!.values).toEqual({ unicode: 'Zoë 🚀', email: 'a@example.com' });
  });

  it('names an unknown column and leaves no file', async () => {
    const file = join(dir, 'out.csv');
    await expect(writeDatasetCsv(tricky, file, { columns: ['email', 'emial'] })).rejects.toThrow(
      new InputError(
        { file: 'dataset:test', field: 'emial' },
        'column "emial" not in the dataset; available columns: email, note, empty, unicode',
      ),
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails as a ConfigError when the file cannot be written, leaving nothing behind', async () => {
    await expect(writeDatasetCsv(tricky, join(dir, 'missing', 'out.csv'))).rejects.toThrow(ConfigError);
    await expect(writeDatasetCsv(tricky, join(dir, 'x.csv'), { delimiter: '"' })).rejects.toThrow('CSV delimiter "\\"" is invalid');
    expect(readdirSync(dir)).toEqual([]);
  });
});

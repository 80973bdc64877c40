import { join } from 'node:path';
import { parseCsv, readCsvFile } from '../../src/sources';

const fixture = (name: string) => join(__dirname, '../fixtures/csv', name);

describe('parseCsv', () => {
  test('reads the header and rows with their row and line numbers', () => {
    expect(parseCsv('a,b\n1,2\n3,4\n', 'in.csv')).toEqual({
      source: 'in.csv',
      columns: ['a', 'b'],
      rows: [
        { row: 1, line: 2, values: { a: '1', b: '2' } },
        { row: 2, line: 3, values: { a: '3', b: '4' } },
      ],
    });
  });

  test('quoted fields keep embedded delimiters, newlines and doubled quotes', () => {
    const dataset = readCsvFile(fixture('quoted.csv'));
    expect(dataset.source).toBe(fixture('quoted.csv'));
    expect(dataset.rows).toEqual([
      { row: 1, line: 2, values: { userName: 'ann@example.com', note: 'Says "hi", then leaves', tags: '[a, b]' } },
      { row: 2, line: 3, values: { userName: 'bob@example.com', note: 'two\nlines', tags: 'plain' } },
    ]);
  });

  test('strips a UTF-8 BOM, accepts CRLF and counts lines of multi-line records and skipped blank lines', () => {
    const dataset = readCsvFile(fixture('bom-crlf.csv'));
    expect(dataset.columns).toEqual(['userName', 'store']);
    expect(dataset.rows).toEqual([
      { row: 1, line: 2, values: { userName: 'ann@example.com', store: 'x\r\ny' } },
      { row: 2, line: 5, values: { userName: 'bob@example.com', store: '2' } },
    ]);
  });

  test('BOM and CRLF given inline (independent of how git checks out the fixture)', () => {
    const dataset = parseCsv('\ufeffa,b\r\n"1\r\n2",x\r\n \r\n3,y', 'in.csv');
    expect(dataset.columns).toEqual(['a', 'b']);
    expect(dataset.rows.map((r) => [r.row, r.line, r.values])).toEqual([
      [1, 2, { a: '1\r\n2', b: 'x' }],
      [2, 5, { a: '3', b: 'y' }],
    ]);
  });

  test('trims header names but keeps cells as written', () => {
    expect(parseCsv(' a , b\n x ,\n', 'in.csv')).toMatchObject({
      columns: ['a', 'b'],
      rows: [{ values: { a: ' x ', b: '' } }],
    });
  });

  test('a header alone gives no rows', () => {
    expect(parseCsv('a,b\n\n', 'in.csv').rows).toEqual([]);
  });

  test.each([
    ['semicolon.csv', ';', '1;2'],
    ['tab.tsv', '\t', 'a\tb'],
  ])('custom delimiter in %s', (file, delimiter, quoted) => {
    const dataset = readCsvFile(fixture(file), { delimiter });
    expect(dataset.columns).toEqual(['userName', 'store']);
    expect(dataset.rows.map((r) => r.values['store'])).toEqual([quoted, '3']);
  });

  test('template-like text stays literal', () => {
    const dataset = parseCsv('a,b\n"${file(""/etc/hostname"")}",%{if x}\n', 'in.csv');
    expect(dataset.rows[0]!.values).toEqual({ a: '${file("/etc/hostname")}', b: '%{if x}' });
  });

  test('a column named __proto__ is an ordinary key', () => {
    const values = parseCsv('__proto__,b\n1,2\n', 'in.csv').rows[0]!.values;
    expect(Object.keys(values)).toEqual(['__proto__', 'b']);
    expect(values['__proto__']).toBe('1');
  });
});

import { join } from 'node:path';
import { ConfigError, InputError, InputErrors } from '../../src/errors';
import { parseCsv, readCsvFile } from '../../src/sources';

const fixture = (name: string) => join(__dirname, '../fixtures/csv', name);

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('parseCsv errors', () => {
  test('a record with too many fields names the file, row and the line where the record starts', () => {
    const file = fixture('wrong-field-count.csv');
    const err = errorOf(() => readCsvFile(file));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(
      `${file}, row 2 (line 4): expected 2 fields (one per header column) but found 3; ` +
        'quote values that contain "," and check for missing or extra delimiters',
    );
    expect((err as InputError).location).toEqual({ file, row: 2, line: 4 });
  });

  test('a record with too few fields', () => {
    expect(() => parseCsv('a;b;c\n1;2;3\n\n4;5\n', 'in.csv', { delimiter: ';' })).toThrow(
      'in.csv, row 2 (line 4): expected 3 fields (one per header column) but found 2; ' +
        'quote values that contain ";" and check for missing or extra delimiters',
    );
  });

  test('line numbers after a CRLF inside quotes are not double counted', () => {
    expect(() => parseCsv('a,b\r\n"1\r\n2",x\r\n3\r\n', 'in.csv')).toThrow(/^in\.csv, row 2 \(line 4\): expected 2 fields/);
  });

  test('duplicate header names the column', () => {
    expect(() => readCsvFile(fixture('duplicate-header.csv'))).toThrow(
      `${fixture('duplicate-header.csv')}, field "store": column "store" appears twice in the header (columns 2 and 3); column names must be unique`,
    );
  });

  test('every syntax error of a file at once, each naming file, row, the line where the record starts, and field', () => {
    const file = fixture('syntax-errors.csv');
    const err = errorOf(() => readCsvFile(file));
    expect(err).toBeInstanceOf(InputErrors);
    expect(err.message).toBe(
      [
        '3 problems in the input:',
        `  - ${file}, row 2 (line 3), field "franchise": a quote (") appears inside an unquoted field; quote the whole field and double the inner quotes ("")`,
        `  - ${file}, row 4 (line 6), field "franchise": a quoted field has text after its closing quote; double quotes inside a quoted field ("")`,
        `  - ${file}, row 5 (line 7): expected 3 fields (one per header column) but found 4; quote values that contain "," and check for missing or extra delimiters`,
      ].join('\n'),
    );
    expect((err as InputErrors).errors.map((e) => e.location)).toEqual([
      { file, row: 2, line: 3, field: 'franchise' },
      { file, row: 4, line: 6, field: 'franchise' },
      { file, row: 5, line: 7 },
    ]);
  });

  test('parsing resumes after each malformed record, with CRLF line ends, blank lines and a multi-character delimiter', () => {
    expect(() => parseCsv('a,b\r\n1,"x\r\ny"z\r\n\r\n2,x"y\r\n3,"q\r\n', 'crlf.csv')).toThrow(
      [
        '3 problems in the input:',
        '  - crlf.csv, row 1 (line 2), field "b": a quoted field has text after its closing quote; double quotes inside a quoted field ("")',
        '  - crlf.csv, row 2 (line 5), field "b": a quote (") appears inside an unquoted field; quote the whole field and double the inner quotes ("")',
        '  - crlf.csv, row 3 (line 6), field "b": a quoted field is never closed; add the missing closing quote (")',
      ].join('\n'),
    );
    expect(() => parseCsv('a;;b\n1;;"x"y;;2\n3;;x"y\n4;;5\n', 'multi.csv', { delimiter: ';;' })).toThrow(
      [
        '2 problems in the input:',
        '  - multi.csv, row 1 (line 2), field "b": a quoted field has text after its closing quote; double quotes inside a quoted field ("")',
        '  - multi.csv, row 2 (line 3), field "b": a quote (") appears inside an unquoted field; quote the whole field and double the inner quotes ("")',
      ].join('\n'),
    );
  });

  test('header problems are listed with the problems of the rows', () => {
    expect(() => parseCsv('a,a,\n1,"x"y,3\n', 'in.csv')).toThrow(
      [
        '3 problems in the input:',
        '  - in.csv, field "a": column "a" appears twice in the header (columns 1 and 2); column names must be unique',
        '  - in.csv: header column 3 has no name; give every column a name',
        '  - in.csv, row 1 (line 2), field "a": a quoted field has text after its closing quote; double quotes inside a quoted field ("")',
      ].join('\n'),
    );
  });

  test('empty header name', () => {
    expect(() => parseCsv('a,,c\n1,2,3\n', 'in.csv')).toThrow('in.csv: header column 2 has no name; give every column a name');
  });

  test('empty file', () => {
    expect(() => parseCsv('\ufeff\n\n', 'in.csv')).toThrow(
      'in.csv: the file is empty; the first line must be a header row naming the columns',
    );
  });

  test('an unclosed quote becomes an InputError with the record start, not a raw csv-parse error', () => {
    const err = errorOf(() => parseCsv('a,b\n1,2\n3,"x\ny\n', 'in.csv'));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe('in.csv, row 2 (line 3), field "b": a quoted field is never closed; add the missing closing quote (")');
    expect((err as InputError).location).toEqual({ file: 'in.csv', row: 2, line: 3, field: 'b' });
  });

  test('a stray quote inside an unquoted field', () => {
    expect(() => parseCsv('a,b\n1,x"y\n', 'in.csv')).toThrow(
      'in.csv, row 1 (line 2), field "b": a quote (") appears inside an unquoted field; quote the whole field and double the inner quotes ("")',
    );
  });

  test('text after a closing quote', () => {
    expect(() => parseCsv('a,b\n1,"x"y\n', 'in.csv')).toThrow(
      'in.csv, row 1 (line 2), field "b": a quoted field has text after its closing quote; double quotes inside a quoted field ("")',
    );
  });

  test('an unclosed quote in the header has no row', () => {
    expect(() => parseCsv('"a,b\n1,2\n', 'in.csv')).toThrow('in.csv: a quoted field is never closed; add the missing closing quote (")');
  });

  test('invalid delimiter is a ConfigError', () => {
    const err = errorOf(() => parseCsv('a\n', 'in.csv', { delimiter: '' }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe('CSV delimiter "" is invalid: use a character such as "," ";" or "\\t" (not a quote or newline)');
  });

  test('missing file names the file', () => {
    const err = errorOf(() => readCsvFile('no/such/file.csv'));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(`no/such/file.csv: file not found (relative paths are resolved from ${process.cwd()})`);
  });

  test('a directory is not a CSV file', () => {
    expect(() => readCsvFile(join(__dirname, '../fixtures/csv'))).toThrow(
      `${join(__dirname, '../fixtures/csv')}: is a directory; expected a CSV file`,
    );
  });
});

import { join } from 'node:path';
import { ConfigError, InputError, InputErrors } from '../../src/errors';
import { mapUserAttributes } from '../../src';
import { parseCsv, readCsvFile } from '../../src/sources';

const USER_NAME_RULE = "a Domo userName is the user's email address, e.g. jane@acme.com";
const KEY_RULE = 'Domo attribute keys are letters and digits only (A-Z, a-z, 0-9), case-sensitive';
const LIST = 'write several values as [a, b], one value plainly';

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('mapUserAttributes errors', () => {
  const dataset = parseCsv('email,store\na@example.com,1\n', 'roster.csv');

  test('a missing mapped column names the file, the column and the available columns', () => {
    const err = errorOf(() => mapUserAttributes(dataset, { userNameColumn: 'email', attributes: { storeNumber: 'store_number' } }));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(
      'roster.csv: column "store_number" (for attribute "storeNumber") not found; available columns: "email", "store" (names are case-sensitive)',
    );
  });

  test('several missing columns, including the default userName column, in one error', () => {
    expect(() => mapUserAttributes(dataset, { attributes: { store: 'Store' } })).toThrow(
      'roster.csv: columns "userName" (for the userName), "Store" (for attribute "store") not found; ' +
        'available columns: "email", "store" (names are case-sensitive)',
    );
  });

  test.each<[string, string]>([
    ['store_number', 'it contains "_"; RULE, so use "storeNumber"'],
    ['', 'it is empty; RULE, e.g. storeNumber'],
    ['store number', 'it contains a space; RULE, so use "storeNumber"'],
    ['store/number', 'it contains "/"; RULE, so use "storeNumber"'],
    ['store\t', 'it contains U+0009; RULE, so use "store"'],
  ])('the attribute key (mapping target) %j is a ConfigError from the identity rule', (key, reason) => {
    const err = errorOf(() => mapUserAttributes(dataset, { userNameColumn: 'email', attributes: { [key]: 'store' } }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(`attribute mapping: ${JSON.stringify(key)} is not a valid attribute key: ${reason.replace('RULE', KEY_RULE)}`);
  });

  test('every invalid key is named at once', () => {
    expect(() =>
      mapUserAttributes(dataset, {
        userNameColumn: 'email',
        attributes: { store_number: 'store', storeNumber: 'store', 'region-code': 'store' },
      }),
    ).toThrow(
      `attribute mapping: "store_number" is not a valid attribute key: it contains "_"; ${KEY_RULE}, so use "storeNumber"\n` +
        `attribute mapping: "region-code" is not a valid attribute key: it contains "-"; ${KEY_RULE}, so use "regionCode"`,
    );
  });

  test('every row problem is reported at once: empty, invalid and case-duplicate userNames', () => {
    const bad = parseCsv(
      'email,store\n' +
        'maria.lopez@example.com,1\n' +
        '  ,2\n' +
        'not-an-email,3\n' +
        '"Maria.Lopez@Example.com\n",4\n' +
        '"${file(""/etc/hostname"")}",5\n',
      'roster.csv',
    );
    const err = errorOf(() => mapUserAttributes(bad, { userNameColumn: 'email', attributes: { store: 'store' } }));
    expect(err).toBeInstanceOf(InputErrors);
    expect((err as InputErrors).errors).toHaveLength(4);
    expect(err.message).toBe(
      [
        '4 problems in the input:',
        `  - roster.csv, row 2 (line 3), field "email": "" is not a valid userName: it is empty; ${USER_NAME_RULE}`,
        `  - roster.csv, row 3 (line 4), field "email": "not-an-email" is not a valid userName: it has no "@"; ${USER_NAME_RULE}`,
        '  - roster.csv, row 4 (line 5), field "email": userName "Maria.Lopez@Example.com" duplicates "maria.lopez@example.com" ' +
          'in row 1 (line 2); userNames are unique ignoring case, so keep one row per user',
        `  - roster.csv, row 5 (line 7), field "email": "\${file(\\"/etc/hostname\\")}" is not a valid userName: it has no "@"; ${USER_NAME_RULE}`,
      ].join('\n'),
    );
  });

  test('the listing is capped, but every problem is kept', () => {
    const bad = parseCsv('email\n' + 'x\n'.repeat(53), 'roster.csv');
    const err = errorOf(() => mapUserAttributes(bad, { userNameColumn: 'email', attributes: {} })) as InputErrors;
    expect(err.errors).toHaveLength(53);
    const lines = err.message.split('\n');
    expect(lines[0]).toBe('53 problems in the input:');
    expect(lines).toHaveLength(52);
    expect(lines[50]).toBe(
      `  - roster.csv, row 50 (line 51), field "email": "x" is not a valid userName: it has no "@"; ${USER_NAME_RULE}`,
    );
    expect(lines[51]).toBe('  - and 3 more');
  });

  test('a file with malformed multi-value cells and a bad userName: every problem at once, naming file, row, line, field and cell', () => {
    const file = join(__dirname, '../fixtures/csv/bad-cells.csv');
    const err = errorOf(() =>
      mapUserAttributes(readCsvFile(file), {
        userNameColumn: 'email',
        attributes: { franchise: 'franchise', storeNumber: 'store_number', region: 'region' },
      }),
    );
    expect(err).toBeInstanceOf(InputErrors);
    expect(err.message).toBe(
      [
        '5 problems in the input:',
        `  - ${file}, row 1 (line 2), field "region": cell "[North, East" starts with "[" but does not end with "]"; ${LIST}`,
        `  - ${file}, row 2 (line 3), field "email": "jane doe@example.com" is not a valid userName: it contains whitespace; ${USER_NAME_RULE}`,
        `  - ${file}, row 2 (line 3), field "region": cell "North]" ends with "]" without a matching "["; ${LIST}`,
        `  - ${file}, row 3 (line 4), field "franchise": cell "[a,,b]" has an empty value (item 2 of 3); remove the extra "," or write the value`,
        `  - ${file}, row 3 (line 4), field "region": cell "[South, ]" has an empty value (item 2 of 2); remove the extra "," or write the value`,
      ].join('\n'),
    );
  });
});

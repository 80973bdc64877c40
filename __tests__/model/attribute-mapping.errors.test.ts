import { ConfigError, InputError, InputErrors } from '../../src/errors';
import { mapUserAttributes } from '../../src/model';
import { parseCsv } from '../../src/sources';

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

  test.each(['', 'store number', 'store/number', 'store\t'])('attribute key %j is a ConfigError', (key) => {
    const err = errorOf(() => mapUserAttributes(dataset, { userNameColumn: 'email', attributes: { [key]: 'store' } }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(
      `attribute key ${JSON.stringify(key)} is invalid: keys must be non-empty, without "/" or whitespace; ` +
        'use the exact key defined in Domo (Admin > Governance > Attributes)',
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
        '  - roster.csv, row 2 (line 3), field "email": userName is empty; every row needs the user\'s Domo userName (email)',
        '  - roster.csv, row 3 (line 4), field "email": "not-an-email" is not a valid email; the userName must be the user\'s Domo email',
        '  - roster.csv, row 4 (line 5), field "email": userName "Maria.Lopez@Example.com" duplicates "maria.lopez@example.com" ' +
          'in row 1 (line 2); userNames are unique ignoring case, so keep one row per user',
        '  - roster.csv, row 5 (line 7), field "email": "${file(\\"/etc/hostname\\")}" is not a valid email; the userName must be the user\'s Domo email',
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
      '  - roster.csv, row 50 (line 51), field "email": "x" is not a valid email; the userName must be the user\'s Domo email',
    );
    expect(lines[51]).toBe('  - and 3 more');
  });
});

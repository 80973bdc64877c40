import { escapeFilterValue, userNameFilter } from '../../src/domo/scim';

describe('filter escaping', () => {
  test('escapes backslash and double quote', () => {
    expect(escapeFilterValue('a"b\\c@x.com')).toBe('a\\"b\\\\c@x.com');
    expect(userNameFilter('a"b\\c@x.com')).toBe('userName eq "a\\"b\\\\c@x.com"');
  });

  test('an injection attempt stays one string literal', () => {
    const filter = userNameFilter('x" or userName pr "');
    expect(filter).toBe('userName eq "x\\" or userName pr \\""');
    // Read back as a JSON string literal, the value is exactly what was given.
    expect(JSON.parse(filter.slice('userName eq '.length))).toBe('x" or userName pr "');
  });

  test('control characters are escaped, other text kept', () => {
    expect(escapeFilterValue('a\nb\u0001é')).toBe('a\\nb\\u0001é');
  });
});

import { FilterNode, matchesFilter, parseFilter } from '../src/filter';
import { EmulatorHttpError } from '../src/scim-errors';

const OPTIONS = { caseInsensitive: new Set(['username']), schemas: ['urn:ext:2.0:User'] };

describe('parseFilter', () => {
  it('gives not > and > or precedence', () => {
    expect(parseFilter('a pr or b pr and not (c pr)')).toEqual<FilterNode>({
      op: 'or',
      left: { op: 'pr', attrPath: 'a' },
      right: { op: 'and', left: { op: 'pr', attrPath: 'b' }, right: { op: 'not', filter: { op: 'pr', attrPath: 'c' } } },
    });
  });

  it('reads strings with escapes, numbers, booleans and null', () => {
    expect(parseFilter('a eq "say \\"hi\\" \\\\ bye"')).toEqual({ op: 'eq', attrPath: 'a', value: 'say "hi" \\ bye' });
    expect(parseFilter('a GT 1.5e2')).toEqual({ op: 'gt', attrPath: 'a', value: 150 });
    expect(parseFilter('a eq False')).toEqual({ op: 'eq', attrPath: 'a', value: false });
    expect(parseFilter('a eq null')).toEqual({ op: 'eq', attrPath: 'a', value: null });
  });

  it('parses value paths and URN-qualified attributes', () => {
    expect(parseFilter('urn:ext:2.0:User:items[key eq "k"]')).toEqual({
      op: '[]',
      attrPath: 'urn:ext:2.0:User:items',
      filter: { op: 'eq', attrPath: 'key', value: 'k' },
    });
  });

  it.each(['a eq "x\\q"', 'a eq', 'eq "x"', 'a eq "x" b', '"x" eq a', 'a[b eq "c"', 'not (a pr'])('rejects %j as invalidFilter', (f) => {
    let error: unknown;
    try {
      parseFilter(f);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EmulatorHttpError);
    expect(error).toMatchObject({ status: 400, scimType: 'invalidFilter' });
  });
});

describe('matchesFilter', () => {
  const resource = {
    userName: 'Ann@X.example',
    title: 'Chef',
    count: 3,
    'urn:ext:2.0:User': { items: [{ key: 'k', values: ['a', 'b'] }] },
  };
  it.each([
    ['userName eq "ann@x.example"', true],
    ['title eq "chef"', false],
    ['title ne "Cook"', true],
    ['missing ne "x"', true],
    ['count ge 3', true],
    ['count lt 3', false],
    ['urn:ext:2.0:User:items[key eq "k" and values eq "b"]', true],
    ['urn:ext:2.0:User:items.values eq "a"', true],
    ['urn:ext:2.0:User:items[key eq "other"]', false],
  ])('%s -> %s', (f, expected) => {
    expect(matchesFilter(parseFilter(f), resource, OPTIONS)).toBe(expected);
  });
});

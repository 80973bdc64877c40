import { CORE_USER, CUSTOM_USER, customAttributeOperation, customAttributesOf, type ScimUser } from '../../src/domo/scim';

const base = { schemas: [CORE_USER], id: '1', userName: 'a@x.com' };

describe('customAttributesOf', () => {
  test('reads key/values lists', () => {
    const user: ScimUser = {
      ...base,
      [CUSTOM_USER]: {
        customAttributes: [
          { key: 'offices', values: ['NY', 'CA'] },
          { key: 'tier', values: ['gold'] },
        ],
      },
    };
    expect(customAttributesOf(user)).toEqual({ offices: ['NY', 'CA'], tier: ['gold'] });
  });

  test('tolerates a missing block, a single string, missing values and duplicate keys', () => {
    expect(customAttributesOf(base)).toEqual({});
    expect(customAttributesOf({ ...base, [CUSTOM_USER]: {} })).toEqual({});
    const user: ScimUser = {
      ...base,
      [CUSTOM_USER]: { customAttributes: [{ key: 'tier', values: 'gold' }, { key: 'none' }, { key: 'tier', values: ['x'] }] },
    };
    expect(customAttributesOf(user)).toEqual({ tier: ['gold', 'x'], none: [] });
  });

  test('a key named __proto__ is an ordinary key', () => {
    const result = customAttributesOf({ ...base, [CUSTOM_USER]: { customAttributes: [{ key: '__proto__', values: ['p'] }] } });
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toEqual(['p']);
  });
});

describe('customAttributeOperation', () => {
  test('replaces one key with its list of values', () => {
    expect(customAttributeOperation('offices', ['NY', 'CA'])).toEqual({
      op: 'replace',
      path: 'urn:ietf:params:scim:schemas:extension:custom:2.0:User:customAttributes[key eq "offices"]',
      value: ['NY', 'CA'],
    });
  });

  test('an empty list removes the key; the key is escaped', () => {
    expect(customAttributeOperation('we"ird\\key', [])).toEqual({
      op: 'remove',
      path: `${CUSTOM_USER}:customAttributes[key eq "we\\"ird\\\\key"]`,
    });
  });

  test('an empty key is refused', () => {
    expect(() => customAttributeOperation('', ['x'])).toThrow('custom attribute key must not be empty');
  });
});

import { Testing, TerraformStack } from 'cdktf';
import { DomoUserAttributes, Sharding, type DomoUserAttributesProps } from '../../src';

const scim = { url: 'https://acme.domo.com/api/identity/v1/scim' };
const KEY_RULE = 'Domo attribute keys are letters and digits only (A-Z, a-z, 0-9), case-sensitive';
const USER_NAME_RULE = "a Domo userName is the user's email address, e.g. jane@acme.com";

function make(props: Partial<DomoUserAttributesProps>) {
  const stack = new TerraformStack(Testing.app(), 'test');
  return () => new DomoUserAttributes(stack, 'Attrs', { users: [], managedKeys: ['storeNumber'], scim, ...props });
}

describe('DomoUserAttributes errors', () => {
  it('rejects an empty key list', () => {
    expect(make({ managedKeys: [] })).toThrow(
      'DomoUserAttributes "test/Attrs": managedKeys is empty. List the custom attribute keys this construct owns; keys not listed are never touched.',
    );
  });

  it.each<[string, string]>([
    ['store_number', 'it contains "_"; RULE, so use "storeNumber"'],
    ['store/number', 'it contains "/"; RULE, so use "storeNumber"'],
    ['store number', 'it contains a space; RULE, so use "storeNumber"'],
    ['', 'it is empty; RULE, e.g. storeNumber'],
  ])('rejects the managed key %j by the identity rule (Domo definitions: letters and digits)', (key, reason) => {
    expect(make({ managedKeys: [key] })).toThrow(
      `DomoUserAttributes "test/Attrs": managed key ${JSON.stringify(key)} is not a valid attribute key: ${reason.replace('RULE', KEY_RULE)}.`,
    );
  });

  it.each<[string, string]>([
    ['jane doe@acme.com', 'it contains whitespace'],
    [' jane@acme.com', 'it has whitespace at the start or end'],
    ['jane', 'it has no "@"'],
    ['', 'it is empty'],
  ])('rejects the userName %j by the identity rule', (userName, reason) => {
    expect(make({ users: [{ userName, attributes: {} }] })).toThrow(
      `DomoUserAttributes "test/Attrs": userName ${JSON.stringify(userName)} is not a valid userName: ${reason}; ${USER_NAME_RULE}.`,
    );
  });

  it('rejects duplicate keys', () => {
    expect(make({ managedKeys: ['a', 'a'] })).toThrow('DomoUserAttributes "test/Attrs": managed key "a" is listed twice.');
  });

  it('rejects users that differ only by case', () => {
    const users = [
      { userName: 'Jane@acme.com', attributes: {} },
      { userName: 'jane@ACME.com', attributes: {} },
    ];
    expect(make({ users })).toThrow(
      'DomoUserAttributes "test/Attrs": users "Jane@acme.com" and "jane@ACME.com" are the same Domo user (userName matches case-insensitively). Keep one.',
    );
  });

  it('rejects attributes outside the managed keys', () => {
    expect(make({ users: [{ userName: 'a@x.com', attributes: { region: ['x'] } }] })).toThrow(
      'DomoUserAttributes "test/Attrs": user "a@x.com" has attribute "region", which is not a managed key (storeNumber). Add it to managedKeys or drop it from the data.',
    );
  });

  it('rejects an empty value inside a list', () => {
    expect(make({ users: [{ userName: 'a@x.com', attributes: { storeNumber: [''] } }] })).toThrow(
      'DomoUserAttributes "test/Attrs": user "a@x.com" has an empty value in "storeNumber"; leave the list empty to clear the attribute.',
    );
  });

  it('rejects plain http to a non-loopback host', () => {
    expect(make({ scim: { url: 'http://acme.domo.com/api/identity/v1/scim' } })).toThrow(
      /^DomoUserAttributes "test\/Attrs": SCIM base URL "http:\/\/acme.domo.com\/api\/identity\/v1\/scim" must use https/,
    );
  });

  it('rejects invalid bucket counts and empty shard keys', () => {
    expect(make({ sharding: Sharding.hashBuckets(0) })).toThrow(
      'DomoUserAttributes "test/Attrs": Sharding.hashBuckets(0) needs a whole number from 1 to 4096.',
    );
    expect(make({ users: [{ userName: 'a@x.com', attributes: {} }], sharding: Sharding.by(() => '') })).toThrow(
      'DomoUserAttributes "test/Attrs": the shard key for user "a@x.com" is ""; shard keys must be non-empty strings.',
    );
  });

  it('splits a shard whose removal handler argument would overflow into sub-shards that fit, keeping every user', () => {
    const users = Array.from({ length: 4000 }, (_, i) => ({ userName: `someone.with.a.long.name.${i}@example.com`, attributes: {} }));
    const shards = make({ users, sharding: Sharding.by(() => 'one') })().shards;
    expect(Object.keys(shards).length).toBeGreaterThan(1);
    expect(Object.keys(shards).every((k) => k === 'one' || k.startsWith('one~'))).toBe(true);
    expect(Object.values(shards).reduce((n, s) => n + s.length, 0)).toBe(4000);
  });
});

import { Testing, TerraformStack } from 'cdktf';
import { DomoUsers, Sharding, type DomoUsersProps } from '../../src';
import type { DesiredUser } from '../../src';

const scim = { url: 'https://acme.domo.com/api/identity/v1/scim' };
const NAME = 'DomoUsers "test/Employees"';
const KEY_RULE = 'Domo attribute keys are letters and digits only (A-Z, a-z, 0-9), case-sensitive';
const USER_NAME_RULE = "a Domo userName is the user's email address, e.g. jane@acme.com";

function make(props: Partial<DomoUsersProps>) {
  const stack = new TerraformStack(Testing.app(), 'test');
  return () => new DomoUsers(stack, 'Employees', { users: [], scim, ...props });
}
const withUser = (user: Partial<DesiredUser>) => make({ users: [{ userName: 'jane@acme.com', ...user } as DesiredUser] });

describe('DomoUsers errors', () => {
  it.each([
    ['a role name in the wrong case', 'editor', '"editor"'],
    ['role id 0', 0, '0'],
    ['a fractional role id', 1.5, '1.5'],
    ['a role id given as text', '101', '"101"'],
  ])('rejects %s', (_name, role, shown) => {
    expect(withUser({ role: role as DesiredUser['role'] })).toThrow(
      `${NAME}: user "jane@acme.com" has role ${shown}; use Admin, Privileged, Editor, Participant, Social, or a custom role's numeric id or name.`,
    );
  });

  it('takes any other name as a custom role, resolved to its id at deploy and shown by name in the plan', () => {
    const [user] = Object.values(withUser({ role: 'Store Manager' })().shards).flat();
    expect(user!.fields.role).toBe('name:Store Manager');
  });

  it.each(['next week', '2024-02-30', '13/01/2024'])('rejects the unreadable hireDate %j', (hireDate) => {
    expect(withUser({ hireDate })).toThrow(
      `${NAME}: user "jane@acme.com" has hireDate ${JSON.stringify(hireDate)}, which is not a date (use YYYY-MM-DD, an ISO date-time, or M/D/YYYY).`,
    );
  });

  it('reads no date in an empty hireDate: that clears the field', () => {
    const [user] = Object.values(withUser({ hireDate: '' })().shards).flat();
    expect(user!.fields.hireDate).toBe('');
  });

  it('rejects a user who is their own manager, whatever the case', () => {
    expect(withUser({ manager: 'JANE@Acme.com' })).toThrow(`${NAME}: user "jane@acme.com" is their own manager.`);
  });

  it('rejects userNames that differ only by case', () => {
    expect(make({ users: [{ userName: 'Jane@acme.com' }, { userName: 'jane@ACME.com' }] })).toThrow(
      `${NAME}: users "Jane@acme.com" and "jane@ACME.com" are the same Domo user (userName matches case-insensitively). Keep one.`,
    );
  });

  it.each(['', '   '])('rejects an empty displayName (%j): Domo requires one', (displayName) => {
    expect(withUser({ displayName })).toThrow(
      `${NAME}: user "jane@acme.com" has an empty displayName; Domo requires one. Leave it out to keep Domo's value.`,
    );
  });

  it.each<[string, string]>([
    ['', 'it is empty'],
    ['jane at acme.com', 'it contains whitespace'],
    ['jane', 'it has no "@"'],
    ['ja ne@acme.com', 'it contains whitespace'],
    ['jane@acme', 'the domain "acme" has no "."'],
  ])('rejects the userName %j by the identity rule', (userName, reason) => {
    expect(make({ users: [{ userName }] })).toThrow(
      `${NAME}: userName ${JSON.stringify(userName)} is not a valid userName: ${reason}; ${USER_NAME_RULE}.`,
    );
  });

  it('rejects a manager who is not a userName, naming the user', () => {
    expect(withUser({ manager: 'the boss' })).toThrow(
      `${NAME}: user "jane@acme.com": manager "the boss" is not a valid userName: it contains whitespace; ${USER_NAME_RULE}.`,
    );
  });

  it.each<[string, string]>([
    ['store_number', 'it contains "_"; RULE, so use "storeNumber"'],
    ['', 'it is empty; RULE, e.g. storeNumber'],
    ['store number', 'it contains a space; RULE, so use "storeNumber"'],
    ['a/b', 'it contains "/"; RULE, so use "aB"'],
  ])('rejects the custom attribute key %j by the identity rule', (key, reason) => {
    expect(withUser({ customAttributes: { [key]: ['x'] } })).toThrow(
      `${NAME}: user "jane@acme.com": custom attribute key ${JSON.stringify(key)} is not a valid attribute key: ${reason.replace('RULE', KEY_RULE)}.`,
    );
  });

  it('names the field of any other invalid value, not the role', () => {
    expect(withUser({ title: 42 as unknown as string })).toThrow(
      `${NAME}: user "jane@acme.com" has an invalid title: Invalid input: expected string, received number.`,
    );
    expect(withUser({ customAttributes: { region: [''] } })).toThrow(
      /^DomoUsers "test\/Employees": user "jane@acme.com" has an invalid customAttributes\.region\.0: /,
    );
  });

  it('rejects plain http to a non-loopback host, and invalid sharding', () => {
    expect(make({ scim: { url: 'http://acme.domo.com/api/identity/v1/scim' } })).toThrow(
      /^DomoUsers "test\/Employees": SCIM base URL "http:\/\/acme.domo.com\/api\/identity\/v1\/scim" must use https/,
    );
    expect(make({ sharding: Sharding.hashBuckets(5000) })).toThrow(
      `${NAME}: Sharding.hashBuckets(5000) needs a whole number from 1 to 4096.`,
    );
  });
});

import { Testing, TerraformStack } from 'cdktf';
import {
  DomoCustomAttributes,
  DomoDirectoryGroup,
  DomoDirectoryGroups,
  DomoGovernancePolicy,
  DomoUserAttributes,
  DomoUsers,
} from '../../src';
import { attributeKeyProblem, deriveGroups, mapUserAttributes, userNameProblem } from '../../src';
import { parseCsv } from '../../src/sources';
import { certifiedEmployees } from '../../stacks/rules/training';

/**
 * Every place that takes a userName or an attribute key applies the one rule of
 * src/model/identity.ts: it accepts exactly what the rule accepts, and its error carries the
 * rule's problem text (after the construct, user, file, row or field it came from).
 */
const scim = { url: 'https://acme.domo.com/api/identity/v1/scim' };
const stack = () => new TerraformStack(Testing.app(), 'test');
const csvCell = (value: string) => `"${value.replace(/"/g, '""')}"`;

const USER_NAMES = [
  'zoë@example.com',
  '用户@例子.公司',
  'Jane.Doe@Acme.com',
  'jane doe@acme.com',
  'jane',
  'jane@localhost',
  'a@b@acme.com',
  '@acme.com',
];

const userNameEntryPoints: Record<string, (userName: string) => unknown> = {
  'mapUserAttributes (the userName column)': (userName) =>
    mapUserAttributes(parseCsv(`email,store\n${csvCell(userName)},1\n`, 'roster.csv'), {
      userNameColumn: 'email',
      attributes: { store: 'store' },
    }),
  'deriveGroups (the userName column)': (userName) =>
    deriveGroups(parseCsv(`email,franchise\n${csvCell(userName)},Tacos\n`, 'roster.csv'), {
      userNameColumn: 'email',
      groupBy: 'franchise',
    }),
  'DomoUsers users': (userName) => new DomoUsers(stack(), 'Users', { scim, users: [{ userName }] }),
  'DomoUsers manager': (userName) =>
    new DomoUsers(stack(), 'Users', { scim, users: [{ userName: 'boss.of.all@acme.com', manager: userName }] }),
  'DomoUserAttributes users': (userName) =>
    new DomoUserAttributes(stack(), 'Attrs', { scim, managedKeys: ['franchise'], users: [{ userName, attributes: { franchise: ['x'] } }] }),
  'DomoDirectoryGroups members': (userName) =>
    new DomoDirectoryGroups(stack(), 'Groups', { scim, groups: [{ displayName: 'A', members: [userName] }] }),
  'DomoDirectoryGroup members': (userName) => new DomoDirectoryGroup(stack(), 'Group', { scim, displayName: 'A', members: [userName] }),
  'the training rule (stacks/rules)': (userName) =>
    certifiedEmployees(parseCsv(`email,course,completed_on,score\n${csvCell(userName)},FS-101,2025-01-01,90\n`, 'training.csv')),
};

describe.each(Object.entries(userNameEntryPoints))('%s applies the userName rule', (_name, enter) => {
  test.each(USER_NAMES)('%j', (userName) => {
    const problem = userNameProblem(userName);
    if (problem === undefined) expect(() => enter(userName)).not.toThrow();
    else expect(() => enter(userName)).toThrow(problem);
  });
});

const KEYS = ['storeNumber', 'FS101', 'store_number', 'store number', 'Store-Number', 'größe'];

const keyEntryPoints: Record<string, (key: string) => unknown> = {
  'mapUserAttributes (the mapping targets)': (key) =>
    mapUserAttributes(parseCsv('email,store\njane@acme.com,1\n', 'roster.csv'), {
      userNameColumn: 'email',
      attributes: { [key]: 'store' },
    }),
  'DomoUserAttributes managedKeys': (key) => new DomoUserAttributes(stack(), 'Attrs', { scim, managedKeys: [key], users: [] }),
  'DomoUsers customAttributes keys': (key) =>
    new DomoUsers(stack(), 'Users', { scim, users: [{ userName: 'jane@acme.com', customAttributes: { [key]: ['x'] } }] }),
  'DomoCustomAttributes definitions': (key) =>
    new DomoCustomAttributes(stack(), 'Definitions', { scim, definitions: [{ key, title: 'T' }] }),
  'DomoGovernancePolicy keys': (key) => new DomoGovernancePolicy(stack(), 'Governance', { keys: { [key]: { source: 'managed' } } }),
};

describe.each(Object.entries(keyEntryPoints))('%s applies the attribute key rule', (_name, enter) => {
  test.each(KEYS)('%j', (key) => {
    const problem = attributeKeyProblem(key);
    if (problem === undefined) expect(() => enter(key)).not.toThrow();
    else expect(() => enter(key)).toThrow(problem);
  });
});

describe('the messages name where the value came from', () => {
  test('zoë is accepted everywhere, and keeps her spelling', () => {
    const [user] = mapUserAttributes(parseCsv('email,store\nzoë@example.com,1\n', 'roster.csv'), {
      userNameColumn: 'email',
      attributes: { store: 'store' },
    });
    expect(user!.userName).toBe('zoë@example.com');
    const users = new DomoUsers(stack(), 'Users', { scim, users: [{ userName: 'zoë@example.com' }] });
    expect(Object.values(users.shards).flat()[0]!.userName).toBe('zoë@example.com');
  });

  test('store_number in a governance policy names the policy and the key to use', () => {
    expect(() => new DomoGovernancePolicy(stack(), 'Governance', { keys: { store_number: { source: 'managed' } } })).toThrow(
      'DomoGovernancePolicy "test/Governance": declared key "store_number" is not a valid attribute key: it contains "_"; ' +
        'Domo attribute keys are letters and digits only (A-Z, a-z, 0-9), case-sensitive, so use "storeNumber".',
    );
  });

  test('store_number in a definition names the construct', () => {
    expect(
      () => new DomoCustomAttributes(stack(), 'Definitions', { scim, definitions: [{ key: 'store_number', title: 'Store' }] }),
    ).toThrow(
      'DomoCustomAttributes "test/Definitions": definition key "store_number" is not a valid attribute key: it contains "_"; ' +
        'Domo attribute keys are letters and digits only (A-Z, a-z, 0-9), case-sensitive, so use "storeNumber".',
    );
  });
});

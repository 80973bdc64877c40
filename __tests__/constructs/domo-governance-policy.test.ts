import { Testing, TerraformStack } from 'cdktf';
import { DomoGovernancePolicy, DomoUserAttributes, DomoUsers, type DomoGovernancePolicyProps } from '../../src';

const scim = { url: 'https://acme.domo.com/api/identity/v1/scim' };

function stackWith(keys: DomoGovernancePolicyProps['keys'], build: (stack: TerraformStack) => void) {
  const stack = new TerraformStack(Testing.app(), 'test');
  build(stack);
  return new DomoGovernancePolicy(stack, 'Governance', { keys });
}

const franchise = (stack: TerraformStack, id = 'Franchise', keys = ['franchise'], userNames = ['jane@acme.com']) =>
  new DomoUserAttributes(stack, id, { scim, managedKeys: keys, users: userNames.map((userName) => ({ userName, attributes: {} })) });

describe('DomoGovernancePolicy', () => {
  it('passes a stack that writes only declared, writable keys from allowed constructs', () => {
    const policy = stackWith({ franchise: { source: 'managed', writers: ['Franchise'] }, certified: { source: 'grant' } }, (stack) => {
      franchise(stack);
      new DomoUsers(stack, 'Employees', { scim, users: [{ userName: 'jane@acme.com', customAttributes: { certified: ['true'] } }] });
    });
    expect(policy.violations()).toEqual([]);
  });

  it('names an undeclared key and its construct', () => {
    const policy = stackWith({}, (stack) => franchise(stack));
    expect(policy.violations()).toEqual([
      'test/Franchise writes custom attribute "franchise" for user jane@acme.com, which the governance policy test/Governance does not declare. Declare it with its value source, or stop writing it.',
    ]);
  });

  it('refuses writes to IdP-sourced keys', () => {
    const policy = stackWith({ ssoRegion: { source: 'idp' } }, (stack) => franchise(stack, 'Franchise', ['ssoRegion']));
    expect(policy.violations()).toEqual([
      'test/Franchise writes custom attribute "ssoRegion" for user jane@acme.com, whose value source is IdP: Domo overwrites it at every sign-in. Only managed or grant keys may be written.',
    ]);
  });

  it('refuses a writer the policy does not allow', () => {
    const policy = stackWith({ franchise: { source: 'managed', writers: ['Roster'] } }, (stack) => franchise(stack));
    expect(policy.violations()).toEqual([
      'test/Franchise writes custom attribute "franchise" for user jane@acme.com, but the governance policy allows only Roster to write it.',
    ]);
  });

  it('names the key, both constructs and the user when two constructs write one key for one user', () => {
    const policy = stackWith({ franchise: { source: 'managed' } }, (stack) => {
      franchise(stack);
      new DomoUsers(stack, 'Employees', { scim, users: [{ userName: 'JANE@acme.com', customAttributes: { franchise: ['North'] } }] });
    });
    expect(policy.violations()).toEqual([
      'custom attribute "franchise" of user JANE@acme.com is written by both test/Franchise and test/Employees. One construct must own it.',
    ]);
  });

  it('names the first affected user by lower-cased userName and counts the others, one line per construct and key', () => {
    const policy = stackWith({ ssoRegion: { source: 'idp' } }, (stack) => {
      franchise(stack, 'Franchise', ['franchise', 'ssoRegion'], ['zoe@acme.com', 'Bob@acme.com', 'amy@acme.com']);
      new DomoUsers(stack, 'Employees', {
        scim,
        users: [
          { userName: 'Carl@acme.com', customAttributes: { ssoRegion: ['west'] } },
          { userName: 'dana@acme.com', customAttributes: { ssoRegion: ['east'] } },
        ],
      });
    });
    expect(policy.violations()).toEqual([
      'test/Franchise writes custom attribute "franchise" for user amy@acme.com and 2 more, which the governance policy test/Governance does not declare. Declare it with its value source, or stop writing it.',
      'test/Franchise writes custom attribute "ssoRegion" for user amy@acme.com and 2 more, whose value source is IdP: Domo overwrites it at every sign-in. Only managed or grant keys may be written.',
      'test/Employees writes custom attribute "ssoRegion" for user Carl@acme.com and 1 more, whose value source is IdP: Domo overwrites it at every sign-in. Only managed or grant keys may be written.',
    ]);
  });

  it('reports two writers of one key once, naming the first shared user and how many more', () => {
    const policy = stackWith({ franchise: { source: 'managed' } }, (stack) => {
      franchise(stack, 'Franchise', ['franchise'], ['jane@acme.com', 'bob@acme.com', 'only.here@acme.com']);
      new DomoUsers(stack, 'Employees', {
        scim,
        users: [
          { userName: 'JANE@acme.com', customAttributes: { franchise: ['North'] } },
          { userName: 'Bob@acme.com', customAttributes: { franchise: ['South'] } },
        ],
      });
    });
    expect(policy.violations()).toEqual([
      'custom attribute "franchise" of user Bob@acme.com and 1 more is written by both test/Franchise and test/Employees. One construct must own it.',
    ]);
  });

  it('fails synth with the violations', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    franchise(stack);
    new DomoGovernancePolicy(stack, 'Governance', { keys: {} });
    expect(() => Testing.synth(stack, true)).toThrow(
      'test/Franchise writes custom attribute "franchise" for user jane@acme.com, which the governance policy test/Governance does not declare.',
    );
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repairTargets, type DesiredState, type LegacyReport as DriftReport } from '../support/drift-compat';
import { instanceAddresses, managedInstanceAddresses } from '../../src/cli/managed-instances';
import { groupDrift } from '../support/drift-fixture';
import { writeFixtureStack } from '../support/synth-fixture';

const DESIRED: DesiredState = {
  userAttributes: [
    {
      constructPath: 's/Attributes',
      managedKeys: ['region'],
      users: [],
      instanceOf: new Map([
        ['ana@x.com', '3'],
        ['bo@x.com', '7'],
      ]),
    },
  ],
  users: [
    {
      constructPath: 's/Users',
      users: [],
      instanceOf: new Map([
        ['ana@x.com', '0'],
        ['bo@x.com', '0'],
      ]),
    },
  ],
  groups: [],
};

const group = (displayName: string) => groupDrift(displayName, { extra: ['cy@x.com'] });

describe('repairTargets', () => {
  it('names the shard of each construct whose values differ, every construct of a missing user, and each group, once each', () => {
    const report: DriftReport = {
      inSync: false,
      users: [
        {
          userName: 'Ana@x.com',
          status: 'changed',
          constructs: ['s/Attributes', 's/Users'],
          differences: [{ construct: 's/Attributes', kind: 'attribute', key: 'region', desired: ['W'], live: [] }],
        },
        { userName: 'bo@x.com', status: 'missing', constructs: ['s/Attributes', 's/Users'], differences: [] },
      ],
      groups: [group('North ${x}')],
      outsiders: [],
    };
    expect(repairTargets(DESIRED, report)).toEqual([
      { constructPath: 's/Attributes', instanceKey: '3' },
      { constructPath: 's/Attributes', instanceKey: '7' },
      { constructPath: 's/Users', instanceKey: '0' },
      { constructPath: 's/Groups', instanceKey: 'North ${x}' },
    ]);
  });

  it('is empty in sync', () => {
    expect(repairTargets(DESIRED, { inSync: true, users: [], groups: [], outsiders: [] })).toEqual([]);
  });
});

describe('instance addresses in a synthesized stack', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'instances-'));
    const scim = { url: 'https://acme.domo.com/api/identity/v1/scim', authScheme: 'bearer' as const };
    const shard = (key: string) => [key, { shard: key, users: [] }] as const;
    const group = (displayName: string) => [displayName, { group: { displayName, members: [] } }] as const;
    writeFixtureStack(dir, scim, [
      {
        path: 's/Attributes',
        kind: 'user-attributes',
        construct: { managedKeys: ['region'], removalPolicy: 'clear', desiredUsers: [] },
        instances: new Map([shard('3'), shard('7')]),
      },
      {
        path: 's/Groups',
        kind: 'directory-groups',
        construct: { membership: 'authoritative', removalPolicy: 'retain', desiredGroups: [] },
        instances: new Map([group('North ${x}'), group('Franchise - %{ if true }x%{ endif }'), group('South "quoted" \\ back')]),
      },
    ]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('maps targets to addresses, with keys quoted and template sequences escaped as Terraform parses them, leaving out instances the stack does not have', () => {
    expect(
      instanceAddresses(dir, [
        { constructPath: 's/Attributes', instanceKey: '7' },
        { constructPath: 's/Groups', instanceKey: 'North ${x}' },
        { constructPath: 's/Groups', instanceKey: 'Franchise - %{ if true }x%{ endif }' },
        { constructPath: 's/Groups', instanceKey: 'South "quoted" \\ back' },
        { constructPath: 's/Groups', instanceKey: 'Gone' },
        { constructPath: 's/Elsewhere', instanceKey: '1' },
      ]),
    ).toEqual([
      'terraform_data.s_Attributes["7"]',
      'terraform_data.s_Groups["North $${x}"]',
      'terraform_data.s_Groups["Franchise - %%{ if true }x%%{ endif }"]',
      'terraform_data.s_Groups["South \\"quoted\\" \\\\ back"]',
    ]);
  });

  it('lists every managed instance, optionally of matching constructs only', () => {
    expect(managedInstanceAddresses(dir)).toEqual([
      'terraform_data.s_Attributes["3"]',
      'terraform_data.s_Attributes["7"]',
      'terraform_data.s_Groups["North $${x}"]',
      'terraform_data.s_Groups["Franchise - %%{ if true }x%%{ endif }"]',
      'terraform_data.s_Groups["South \\"quoted\\" \\\\ back"]',
    ]);
    expect(managedInstanceAddresses(dir, 'Attributes')).toEqual(['terraform_data.s_Attributes["3"]', 'terraform_data.s_Attributes["7"]']);
  });
});

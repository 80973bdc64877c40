import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repairTargets, type DesiredState, type DriftReport } from '../../src/cli/drift';
import { instanceAddresses, managedInstanceAddresses } from '../../src/cli/managed-instances';
import { HANDLER_PATH } from '../../src/synth/handler-files';

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

const group = (displayName: string) => ({
  displayName,
  construct: 's/Groups',
  membership: 'authoritative' as const,
  status: 'changed' as const,
  fields: [],
  missingMembers: [],
  extraMembers: ['cy@x.com'],
  membersNotInDomo: [],
});

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
    };
    expect(repairTargets(DESIRED, report)).toEqual([
      { constructPath: 's/Attributes', instanceKey: '3' },
      { constructPath: 's/Attributes', instanceKey: '7' },
      { constructPath: 's/Users', instanceKey: '0' },
      { constructPath: 's/Groups', instanceKey: 'North ${x}' },
    ]);
  });

  it('is empty in sync', () => {
    expect(repairTargets(DESIRED, { inSync: true, users: [], groups: [] })).toEqual([]);
  });
});

describe('instance addresses in a synthesized stack', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'instances-'));
    const block = (local: string, path: string) => ({
      for_each: `\${toset(keys(local.${local}))}`,
      provisioner: [{ 'local-exec': { interpreter: ['node', HANDLER_PATH] } }],
      '//': { metadata: { path } },
    });
    const tf = {
      locals: { A: { '3': {}, '7': {} }, G: { 'North $${x}': {}, South: {} } },
      resource: {
        terraform_data: {
          Attributes_1: block('A', 's/Attributes/Resource'),
          Groups_2: block('G', 's/Groups/Resource'),
          Other: { for_each: '${toset([])}' },
        },
      },
    };
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(tf));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("maps targets to addresses with Terraform's escapes undone, leaving out instances the stack does not have", () => {
    expect(
      instanceAddresses(dir, [
        { constructPath: 's/Attributes', instanceKey: '7' },
        { constructPath: 's/Groups', instanceKey: 'North ${x}' },
        { constructPath: 's/Groups', instanceKey: 'Gone' },
        { constructPath: 's/Elsewhere', instanceKey: '1' },
      ]),
    ).toEqual(['terraform_data.Attributes_1["7"]', 'terraform_data.Groups_2["North ${x}"]']);
  });

  it('lists every managed instance, optionally of matching constructs only', () => {
    expect(managedInstanceAddresses(dir)).toEqual([
      'terraform_data.Attributes_1["3"]',
      'terraform_data.Attributes_1["7"]',
      'terraform_data.Groups_2["North ${x}"]',
      'terraform_data.Groups_2["South"]',
    ]);
    expect(managedInstanceAddresses(dir, 'Groups')).toEqual(['terraform_data.Groups_2["North ${x}"]', 'terraform_data.Groups_2["South"]']);
  });
});

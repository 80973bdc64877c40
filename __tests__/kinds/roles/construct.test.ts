import { Testing, TerraformStack } from 'cdktf';
import { DomoRoles, type DomoRolesProps, type RoleSpec } from '../../../src';
import { onlyResource, shardLocals, type SynthJson } from '../../support/synth-json';

const scim = { url: 'https://acme.domo.com/api/identity/v1/scim' };
const AT = 'DomoRoles "test/Roles"';

function synth(roles: readonly RoleSpec[], props: Partial<DomoRolesProps> = {}): SynthJson {
  const stack = new TerraformStack(Testing.app(), 'test');
  new DomoRoles(stack, 'Roles', { scim, roles, ...props });
  return JSON.parse(Testing.synth(stack)) as SynthJson;
}
const make = (roles: readonly RoleSpec[]) => () => synth(roles);

describe('DomoRoles', () => {
  it('renders one instance per role, with a plan line per grant', () => {
    const json = synth([
      { name: 'Franchise Manager', description: 'Runs a ${franchise}', grants: ['user.invite', 'dataset.export', 'content.export'] },
      { name: ' Shift Lead ', grants: [] },
    ]);
    expect(shardLocals(json)).toEqual({
      'Franchise Manager': {
        name: 'Franchise Manager',
        description: 'Runs a $${franchise}',
        'Franchise Manager/content.export': 'granted',
        'Franchise Manager/dataset.export': 'granted',
        'Franchise Manager/user.invite': 'granted',
      },
      'Shift Lead': { name: 'Shift Lead' },
    });
    const provisioners = onlyResource(json, 'terraform_data').provisioner as Array<{
      'local-exec': { command: string; interpreter: string[] };
    }>;
    expect(provisioners[1]!['local-exec'].command).toBe('${self.triggers_replace["name"]}');
    expect(provisioners[0]!['local-exec'].interpreter.slice(2, 4)).toEqual(['roles', 'create']);
  });

  it('lists every problem at once, each naming the construct and the role', () => {
    expect(
      make([
        { name: 'Editor', grants: [] },
        { name: 'Franchise Manager', grants: ['dataset.export', 'dataset.export', 'has space'] },
        { name: 'FRANCHISE manager', grants: [] },
        { name: ' ', grants: [] },
        { name: 'Shift Lead', grants: [], fromRoleId: 'Boss' as never },
      ]),
    ).toThrow(
      [
        `${AT}: 6 problems with the roles:`,
        `  - ${AT}: role "Editor" is Domo's system role Editor (Admin, Privileged, Editor, Participant and Social are never managed); name a custom role, and create it from the system role with fromRoleId.`,
        `  - ${AT}: role "Franchise Manager" lists grant "dataset.export" twice.`,
        `  - ${AT}: role "Franchise Manager": grant "has space" is not a grant id; grant ids are text without spaces, e.g. "dataset.export".`,
        `  - ${AT}: role "FRANCHISE manager" is named twice (as "Franchise Manager" too; Domo compares role names ignoring case); give each role its own name, or merge their grants.`,
        `  - ${AT}: role #4 has an empty name; every custom role needs a name.`,
        `  - ${AT}: role "Shift Lead": fromRoleId "Boss" is neither a system role's name (Admin, Privileged, Editor, Participant, Social) nor a role id (a positive whole number).`,
      ].join('\n'),
    );
    expect(make([{ name: 'admin', grants: [] }])).toThrow(`${AT}: role "admin" is Domo's system role Admin`);
  });

  it('creates missing roles from Participant unless fromRoleId says otherwise', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const roles = new DomoRoles(stack, 'Roles', {
      scim,
      roles: [
        { name: 'A', grants: [] },
        { name: 'B', grants: [], fromRoleId: 'Editor' },
        { name: 'C', grants: [], fromRoleId: 101 },
      ],
    });
    expect(roles.roles.map((r) => r.fromRoleId)).toEqual([4, 3, 101]);
  });
});

import { Testing, TerraformStack } from 'cdktf';
import { DomoDirectoryGroup, DomoDirectoryGroups } from '../../src';

const scim = { url: 'https://acme.domo.com/api/identity/v1/scim' };

function synth(build: (stack: TerraformStack) => void) {
  const stack = new TerraformStack(Testing.app(), 'test');
  build(stack);
  return JSON.parse(Testing.synth(stack)) as {
    resource: { terraform_data: Record<string, Record<string, unknown>> };
    locals: Record<string, Record<string, Record<string, string>>>;
  };
}

describe('DomoDirectoryGroups', () => {
  it('renders one instance per group with a trigger key per field and per member', () => {
    const json = synth((stack) => {
      new DomoDirectoryGroups(stack, 'Groups', {
        scim,
        groups: [
          { displayName: 'Franchise ${x}', domoDisplayName: 'North', description: 'North stores', members: ['B@acme.com', 'a@acme.com'] },
          { displayName: 'Managers', members: [] },
        ],
      });
    });
    expect(Object.values(json.locals)[0]).toEqual({
      'Franchise $${x}': {
        displayName: 'Franchise $${x}',
        membership: 'authoritative',
        domoDisplayName: 'North',
        description: 'North stores',
        'member/a@acme.com': 'member',
        'member/B@acme.com': 'member',
      },
      Managers: { displayName: 'Managers', membership: 'authoritative' },
    });
    const resource = Object.values(json.resource.terraform_data)[0]!;
    const provisioners = resource.provisioner as Array<{ 'local-exec': { command: string; interpreter: string[] } }>;
    expect(provisioners.map((p) => p['local-exec'].command)).toEqual([
      '${sha256(jsonencode(self.triggers_replace))}',
      '${self.triggers_replace["displayName"]}',
    ]);
    expect(provisioners[1]!['local-exec'].interpreter).toEqual([
      'node',
      'domo-identity/handler.js',
      'directory-groups',
      'destroy',
      'domo-identity/test.Groups',
      '${each.key}',
    ]);
  });

  it('renders a single group the same way', () => {
    const json = synth((stack) => {
      new DomoDirectoryGroup(stack, 'Certified', {
        scim,
        displayName: 'Certified',
        members: ['a@acme.com'],
        membership: 'additive',
        removalPolicy: 'delete',
      });
    });
    expect(Object.values(json.locals)[0]).toEqual({
      Certified: { displayName: 'Certified', membership: 'additive', 'member/a@acme.com': 'member' },
    });
  });

  it('keeps a 20,000-member group in one instance', () => {
    const members = Array.from({ length: 20_000 }, (_, i) => `user${i}@acme.com`);
    const stack = new TerraformStack(Testing.app(), 'test');
    const groups = new DomoDirectoryGroups(stack, 'Groups', { scim, groups: [{ displayName: 'Everyone', members }] });
    expect(groups.manifest.groups[0]!.members).toHaveLength(20_000);
  });
});

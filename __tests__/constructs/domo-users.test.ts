import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Testing, TerraformStack } from 'cdktf';
import { DomoUserAttributes, DomoUsers, Sharding, type DomoUsersProps } from '../../src';
import { terraformMapDigest } from '../../src/model/terraform-json';
import { renderValues, userDigestsOfTriggers } from '../../src/model/triggers';
import { userTriggers } from '../../src/kinds/users/model';
import { usersManifest } from '../../src/kinds/users/manifest';
import { SynthOutput } from '../../src/synth/reader';
import { onlyResource, shardLocals, type SynthJson } from '../support/synth-json';

const scim = { url: 'https://acme.domo.com/api/identity/v1/scim' };
const users: DomoUsersProps['users'] = [
  {
    userName: 'Jane@acme.com',
    displayName: 'Jane Doe',
    role: 'Editor',
    title: '${file("/etc/hostname")}',
    department: '%{ if true }Kitchen%{ endif }',
    hireDate: '2024-03-04T17:00:00-06:00',
    manager: 'boss@acme.com',
    customAttributes: { trainingCertified: ['true'], offices: ['NY', 'CA'] },
  },
  { userName: 'boss@acme.com', displayName: 'Big Boss', role: 101, mobilePhone: '', customAttributes: { trainingCertified: [] } },
];
const bySeniority = Sharding.by((u) => (u.userName.startsWith('boss') ? 'bosses' : 'staff'));

function synth(props: Partial<DomoUsersProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'test');
  const construct = new DomoUsers(stack, 'Employees', { users, scim, ...props });
  return { construct, json: JSON.parse(Testing.synth(stack)) as SynthJson };
}

describe('DomoUsers', () => {
  it('renders one terraform_data block with for_each over shards and a trigger per user and field, templates escaped', () => {
    const { json } = synth({ sharding: bySeniority });
    expect(Object.keys(json.resource)).toEqual(['terraform_data']);
    const resource = onlyResource(json, 'terraform_data');
    const [localName] = Object.keys(json.locals);
    expect(resource.for_each).toBe(`\${toset(keys(local.${localName}))}`);
    expect(resource.triggers_replace).toBe(`\${local.${localName}[each.key]}`);
    expect(shardLocals(json)).toEqual({
      bosses: {
        'boss@acme.com/displayName': 'Big Boss',
        'boss@acme.com/role': 'role 101',
        'boss@acme.com/mobilePhone': '',
        'boss@acme.com/custom.trainingCertified': '',
      },
      staff: {
        'Jane@acme.com/displayName': 'Jane Doe',
        'Jane@acme.com/role': 'Editor (3)',
        'Jane@acme.com/title': '$${file("/etc/hostname")}',
        'Jane@acme.com/department': '%%{ if true }Kitchen%%{ endif }',
        'Jane@acme.com/hireDate': '2024-03-04',
        'Jane@acme.com/manager': 'boss@acme.com',
        'Jane@acme.com/custom.trainingCertified': 'true',
        'Jane@acme.com/custom.offices': '["NY","CA"]',
      },
    });
    expect(resource.provisioner).toEqual([
      {
        'local-exec': {
          when: 'create',
          interpreter: ['node', 'domo-identity/handler.js', 'users', 'create', 'domo-identity/test.Employees', '${each.key}'],
          command: '${sha256(jsonencode(self.triggers_replace))}',
        },
      },
      {
        'local-exec': {
          when: 'destroy',
          interpreter: ['node', 'domo-identity/handler.js', 'users', 'destroy', 'domo-identity/test.Employees', '${each.key}'],
          command: userDigestsOfTriggers('self.triggers_replace'),
        },
      },
    ]);
  });

  it('renders the same shape on null_resource when asked', () => {
    const { json } = synth({ backing: 'null_resource', sharding: bySeniority });
    expect(Object.keys(json.resource)).toEqual(['null_resource']);
    const resource = onlyResource(json, 'null_resource');
    expect(resource.for_each).toMatch(/^\$\{toset\(keys\(local\.\w+\)\)\}$/);
    expect(resource.triggers).toMatch(/^\$\{local\.\w+\[each\.key\]\}$/);
    expect(Object.keys(shardLocals(json)).sort()).toEqual(['bosses', 'staff']);
    expect(JSON.stringify(resource.provisioner)).toContain('sha256(jsonencode(self.triggers))');
    expect(JSON.stringify(resource.provisioner)).toContain(JSON.stringify(userDigestsOfTriggers('self.triggers')).slice(1, -1));
  });

  it('spreads users over 64 stable hash buckets by default', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ userName: `user${i}@acme.com`, displayName: `User ${i}` }));
    const a = synth({ users: many }).construct.shards;
    const b = synth({ users: [...many].reverse() }).construct.shards;
    expect(Object.keys(a)).toHaveLength(64);
    expect(a).toEqual(b);
  });

  it('shows a custom role given by name by its name in the plan, and lists it for doctor after the ids', () => {
    const { construct, json } = synth({
      users: [
        { userName: 'cy@acme.com', role: 'Store Manager' },
        { userName: 'di@acme.com', role: 101 },
      ],
    });
    expect(
      Object.values(shardLocals(json))
        .flatMap((m) => Object.entries(m))
        .filter(([k]) => k.endsWith('/role')),
    ).toEqual(
      expect.arrayContaining([
        ['cy@acme.com/role', 'Store Manager (custom role)'],
        ['di@acme.com/role', 'role 101'],
      ]),
    );
    expect(construct.roleIds).toEqual(['101', 'name:Store Manager']);
  });

  it('lists the custom attribute keys it writes and the role ids it gives, and exposes each write to governance', () => {
    const { construct } = synth({
      users: [...users, { userName: 'amy@acme.com', role: 'Participant' }, { userName: 'bo@acme.com', role: 'Editor' }],
    });
    expect(construct.customAttributeKeys).toEqual(['offices', 'trainingCertified']);
    expect(construct.roleIds).toEqual(['3', '4', '101']);
    expect([...construct.attributeWrites()].sort((x, y) => `${x.userName}${x.key}`.localeCompare(`${y.userName}${y.key}`))).toEqual([
      { userName: 'boss@acme.com', key: 'trainingCertified' },
      { userName: 'Jane@acme.com', key: 'offices' },
      { userName: 'Jane@acme.com', key: 'trainingCertified' },
    ]);
  });

  it('writes the manifest next to cdk.tf.json: keys and roles for doctor, digests matching the triggers', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'users-synth-')) });
    try {
      const stack = new TerraformStack(app, 'test');
      new DomoUsers(stack, 'Employees', { users, scim, removalPolicy: 'delete', sharding: bySeniority });
      app.synth();
      const stackDir = path.join(app.outdir, 'stacks', 'test');
      const output = SynthOutput.open(stackDir);
      const entry = output.ofKind('users')[0]!;
      expect(output.constructFile(entry, usersManifest)).toEqual({
        version: 2,
        kind: 'users',
        constructPath: 'test/Employees',
        scim: { url: scim.url, authScheme: 'bearer' },
        removalPolicy: 'delete',
        desiredUsers: ['boss@acme.com', 'jane@acme.com'],
        customAttributeKeys: ['offices', 'trainingCertified'],
        roleIds: ['3', '101'],
      });
      const staff = output.instanceFile(entry, 'staff', usersManifest);
      const bosses = output.instanceFile(entry, 'bosses', usersManifest);
      expect(staff.users).toEqual([
        {
          userName: 'Jane@acme.com',
          fields: {
            displayName: 'Jane Doe',
            role: '3',
            title: '${file("/etc/hostname")}',
            department: '%{ if true }Kitchen%{ endif }',
            hireDate: '2024-03-04',
            manager: 'boss@acme.com',
          },
          customAttributes: { trainingCertified: ['true'], offices: ['NY', 'CA'] },
        },
      ]);
      const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as SynthJson;
      const unescape = (v: string) => v.replace(/([$%])\1\{/g, '$1{');
      for (const [shard, file] of [
        ['staff', staff],
        ['bosses', bosses],
      ] as const) {
        const planned = Object.fromEntries(Object.entries(shardLocals(tf)[shard]!).map(([k, v]) => [unescape(k), unescape(v)]));
        expect(terraformMapDigest(planned)).toBe(terraformMapDigest(userTriggers(file.users, renderValues)));
      }
    } finally {
      fs.rmSync(app.outdir, { recursive: true, force: true });
    }
  });

  it('never puts a token in the synthesized configuration', () => {
    process.env.DOMO_SCIM_TOKEN = 'secret-token-for-users-synth';
    try {
      expect(JSON.stringify(synth().json)).not.toContain('secret-token-for-users-synth');
    } finally {
      delete process.env.DOMO_SCIM_TOKEN;
    }
  });
});

describe('ordering between constructs', () => {
  it('turns node.addDependency between constructs into depends_on of the dependent resource', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const employees = new DomoUsers(stack, 'Employees', { users: [{ userName: 'jane@acme.com', role: 'Editor' }], scim });
    const attributes = new DomoUserAttributes(stack, 'Attrs', {
      users: [{ userName: 'jane@acme.com', attributes: { storeNumber: ['101'] } }],
      managedKeys: ['storeNumber'],
      scim,
    });
    attributes.node.addDependency(employees);
    const json = JSON.parse(Testing.synth(stack)) as SynthJson;
    const resources = json.resource!.terraform_data!;
    const attrs = Object.entries(resources).find(([name]) => name.startsWith('Attrs_'))![1] as { depends_on?: string[] };
    const employeesName = Object.keys(resources).find((name) => name.startsWith('Employees_'))!;
    expect(attrs.depends_on).toEqual([`terraform_data.${employeesName}`]);
    const users = resources[employeesName] as { depends_on?: string[] };
    expect(users.depends_on).toBeUndefined();
  });
});

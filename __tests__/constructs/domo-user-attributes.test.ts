import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Testing, TerraformStack } from 'cdktf';
import { DomoUserAttributes, Sharding, type DomoUserAttributesProps } from '../../src';
import { terraformMapDigest } from '../../src/model/terraform-json';
import { userAttributesManifest, userAttributeTriggers } from '../../src/kinds/user-attributes/manifest';
import { SynthOutput } from '../../src/synth/reader';
import { onlyResource, shardLocals, type SynthJson } from '../support/synth-json';

const scim = { url: 'https://acme.domo.com/api/identity/v1/scim' };
const users: DomoUserAttributesProps['users'] = [
  { userName: 'jane@acme.com', attributes: { storeNumber: ['101'], offices: ['NY', 'CA'] } },
  { userName: 'bob@acme.com', attributes: { storeNumber: ['${file("/etc/hostname")}'] } },
];

function synth(props: Partial<DomoUserAttributesProps> = {}) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const construct = new DomoUserAttributes(stack, 'Attrs', { users, managedKeys: ['storeNumber', 'offices'], scim, ...props });
  const json = JSON.parse(Testing.synth(stack)) as SynthJson;
  return { construct, json, app };
}

describe('DomoUserAttributes', () => {
  it('renders one terraform_data block with for_each over shards and per-user, per-key triggers', () => {
    const { json } = synth({ sharding: Sharding.by(() => 'all') });
    const resource = onlyResource(json, 'terraform_data');
    const [localName] = Object.keys(json.locals);
    expect(resource.for_each).toBe(`\${toset(keys(local.${localName}))}`);
    expect(resource.triggers_replace).toBe(`\${local.${localName}[each.key]}`);
    expect(shardLocals(json)).toEqual({
      all: {
        'bob@acme.com/offices': '',
        'bob@acme.com/storeNumber': '$${file("/etc/hostname")}',
        'jane@acme.com/offices': '["NY","CA"]',
        'jane@acme.com/storeNumber': '101',
      },
    });
    expect(resource.provisioner).toMatchInlineSnapshot(`
     [
       {
         "local-exec": {
           "command": "\${sha256(jsonencode(self.triggers_replace))}",
           "interpreter": [
             "node",
             "domo-identity/handler.js",
             "user-attributes",
             "create",
             "domo-identity/test.Attrs",
             "\${each.key}",
           ],
           "when": "create",
         },
       },
       {
         "local-exec": {
           "command": "\${jsonencode({for u, hs in {for k, v in self.triggers_replace : replace(k, "//[^/]*$/", "") => sha256(format("%s=%s", k, v))...} : u => substr(sha256(join(",", hs)), 0, 12)})}",
           "interpreter": [
             "node",
             "domo-identity/handler.js",
             "user-attributes",
             "destroy",
             "domo-identity/test.Attrs",
             "\${each.key}",
           ],
           "when": "destroy",
         },
       },
     ]
    `);
  });

  it('renders the same shape on null_resource when asked', () => {
    const { json } = synth({ backing: 'null_resource', sharding: Sharding.by(() => 'all') });
    const resource = onlyResource(json, 'null_resource');
    expect(resource.triggers).toMatch(/^\$\{local\.\w+\[each\.key\]\}$/);
    expect(Object.keys(shardLocals(json))).toEqual(['all']);
    expect(JSON.stringify(resource.provisioner)).toContain('sha256(jsonencode(self.triggers))');
  });

  it('spreads users over stable hash buckets', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ userName: `user${i}@acme.com`, attributes: { storeNumber: [String(i)] } }));
    const a = synth({ users: many, managedKeys: ['storeNumber'], sharding: Sharding.hashBuckets(8) }).construct;
    const b = synth({ users: [...many].reverse(), managedKeys: ['storeNumber'], sharding: Sharding.hashBuckets(8) }).construct;
    expect(Object.keys(a.shards).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(a.shards).toEqual(b.shards);
    expect(Object.values(a.shards).reduce((n, s) => n + s.length, 0)).toBe(200);
  });

  it('shards by an attribute such as franchise', () => {
    const { construct } = synth({
      users: [
        { userName: 'a@x.com', attributes: { franchise: ['North'] } },
        { userName: 'b@x.com', attributes: { franchise: ['South'] } },
        { userName: 'c@x.com', attributes: {} },
      ],
      managedKeys: ['franchise'],
      sharding: Sharding.byAttribute('franchise'),
    });
    expect(Object.keys(construct.shards).sort()).toEqual(['(none)', 'North', 'South']);
  });

  it('writes the manifest and the handler next to cdk.tf.json, with digests matching the triggers', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'synth-')) });
    const stack = new TerraformStack(app, 'test');
    new DomoUserAttributes(stack, 'Attrs', { users, managedKeys: ['storeNumber', 'offices'], scim, sharding: Sharding.by(() => 'all') });
    app.synth();
    const stackDir = path.join(app.outdir, 'stacks', 'test');
    const output = SynthOutput.open(stackDir);
    const [entry] = output.constructs;
    expect(entry).toEqual({
      path: 'test/Attrs',
      kind: 'user-attributes',
      manifestDir: 'domo-identity/test.Attrs',
      scim: { url: scim.url, authScheme: 'bearer' },
      resource: { type: 'terraform_data', name: expect.stringMatching(/^Attrs_[0-9A-F]{8}$/) },
      instances: { all: expect.stringMatching(/^i-[0-9a-f]{16}\.json$/) },
    });
    const construct = output.constructFile(entry!, userAttributesManifest);
    expect(construct).toEqual({
      version: 2,
      kind: 'user-attributes',
      constructPath: 'test/Attrs',
      scim: { url: scim.url, authScheme: 'bearer' },
      managedKeys: ['storeNumber', 'offices'],
      removalPolicy: 'clear',
      desiredUsers: ['bob@acme.com', 'jane@acme.com'],
    });
    const shard = output.instanceFile(entry!, 'all', userAttributesManifest);
    expect(shard.users.map((u) => u.userName)).toEqual(['bob@acme.com', 'jane@acme.com']);
    expect(shard.users[0]!.attributes.storeNumber).toEqual(['${file("/etc/hostname")}']);
    // The small handler local-exec runs (it validates the engine's messages with zod/mini: about 25 kB), and the engine it starts.
    expect(fs.statSync(path.join(stackDir, 'domo-identity/handler.js')).size).toBeLessThan(40_000);
    expect(fs.readFileSync(path.join(stackDir, 'domo-identity/engine.js'), 'utf8')).toContain('engine-bundle.js');
    expect(fs.statSync(path.join(stackDir, 'domo-identity/engine-bundle.js')).size).toBeGreaterThan(100_000);
    const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    const triggers = shardLocals(tf).all!;
    const unescaped = Object.fromEntries(Object.entries(triggers).map(([k, v]) => [k, v.replace('$${', '${')]));
    expect(terraformMapDigest(unescaped)).toBe(terraformMapDigest(userAttributeTriggers(shard.users, construct.managedKeys)));
  });

  it('never puts a token in the synthesized configuration', () => {
    process.env.DOMO_SCIM_TOKEN = 'secret-token-for-synth-test';
    try {
      const { json } = synth();
      expect(JSON.stringify(json)).not.toContain('secret-token-for-synth-test');
    } finally {
      delete process.env.DOMO_SCIM_TOKEN;
    }
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Testing, TerraformStack } from 'cdktf';
import { DomoUserAttributes, Sharding, type DomoUserAttributesProps } from '../../src/constructs';
import { terraformMapDigest } from '../../src/model/terraform-json';
import { UserAttributesManifest } from '../../src/model/manifest';

const scim = { url: 'https://acme.domo.com/api/identity/v1/scim' };
const users: DomoUserAttributesProps['users'] = [
  { userName: 'jane@acme.com', attributes: { storeNumber: ['101'], offices: ['NY', 'CA'] } },
  { userName: 'bob@acme.com', attributes: { storeNumber: ['${file("/etc/hostname")}'] } },
];

function synth(props: Partial<DomoUserAttributesProps> = {}) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const construct = new DomoUserAttributes(stack, 'Attrs', { users, managedKeys: ['storeNumber', 'offices'], scim, ...props });
  const json = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  return { construct, json, app };
}

function onlyResource(json: { resource: Record<string, Record<string, Record<string, unknown>>> }, type: string) {
  const blocks = Object.values(json.resource[type] ?? {});
  expect(blocks).toHaveLength(1);
  return blocks[0]!;
}

describe('DomoUserAttributes', () => {
  it('renders one terraform_data block with for_each over shards and per-user, per-key triggers', () => {
    const { json } = synth({ sharding: Sharding.by(() => 'all') });
    const resource = onlyResource(json, 'terraform_data');
    expect(resource.for_each).toEqual({
      all: {
        'bob@acme.com/offices': '',
        'bob@acme.com/storeNumber': '$${file("/etc/hostname")}',
        'jane@acme.com/offices': '["NY","CA"]',
        'jane@acme.com/storeNumber': '101',
      },
    });
    expect(resource.triggers_replace).toBe('${each.value}');
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
              "domo-identity/test.Attrs.json",
              "\${each.key}",
            ],
            "when": "create",
          },
        },
        {
          "local-exec": {
            "command": "\${jsonencode(distinct([for k in keys(self.triggers_replace) : replace(k, "//[^/]*$/", "")]))}",
            "interpreter": [
              "node",
              "domo-identity/handler.js",
              "user-attributes",
              "destroy",
              "domo-identity/test.Attrs.json",
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
    expect(resource.triggers).toBe('${each.value}');
    expect(Object.keys(resource.for_each as object)).toEqual(['all']);
    expect(JSON.stringify(resource.provisioner)).toContain('sha256(jsonencode(self.triggers))');
  });

  it('spreads users over stable hash buckets', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ userName: `user${i}@acme.com`, attributes: { storeNumber: [String(i)] } }));
    const a = synth({ users: many, managedKeys: ['storeNumber'], sharding: Sharding.hashBuckets(8) }).construct.manifest;
    const b = synth({ users: [...many].reverse(), managedKeys: ['storeNumber'], sharding: Sharding.hashBuckets(8) }).construct.manifest;
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
    expect(Object.keys(construct.manifest.shards).sort()).toEqual(['(none)', 'North', 'South']);
  });

  it('writes the manifest and the handler next to cdk.tf.json, with digests matching the triggers', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'synth-')) });
    const stack = new TerraformStack(app, 'test');
    new DomoUserAttributes(stack, 'Attrs', { users, managedKeys: ['storeNumber', 'offices'], scim, sharding: Sharding.by(() => 'all') });
    app.synth();
    const stackDir = path.join(app.outdir, 'stacks', 'test');
    const manifest = UserAttributesManifest.parse(JSON.parse(fs.readFileSync(path.join(stackDir, 'domo-identity/test.Attrs.json'), 'utf8')));
    expect(manifest).toMatchObject({ kind: 'user-attributes', removalPolicy: 'clear', managedKeys: ['storeNumber', 'offices'], scim: { url: scim.url, authScheme: 'bearer' } });
    expect(manifest.shards.all!.map((u) => u.userName)).toEqual(['bob@acme.com', 'jane@acme.com']);
    expect(manifest.shards.all![0]!.attributes.storeNumber).toEqual(['${file("/etc/hostname")}']);
    expect(fs.statSync(path.join(stackDir, 'domo-identity/handler.js')).size).toBeGreaterThan(1000);
    const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    const forEach = Object.values(tf.resource.terraform_data)[0] as { for_each: Record<string, Record<string, string>> };
    const unescaped = Object.fromEntries(Object.entries(forEach.for_each.all!).map(([k, v]) => [k, v.replace('$${', '${')]));
    expect(terraformMapDigest(unescaped)).toHaveLength(64);
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

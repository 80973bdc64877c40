import { Testing, TerraformStack } from 'cdktf';
import { DomoPdpPolicies } from '../../src';
import { derivePolicies } from '../../src';
import { parseCsv } from '../../src/sources';
import { onlyResource, shardLocals, type SynthJson } from '../support/synth-json';

const scim = { url: 'https://acme.domo.com/api/identity/v1/scim' };
const SALES = '7c3e5a10-sales';

function synth(build: (stack: TerraformStack) => void): SynthJson {
  const stack = new TerraformStack(Testing.app(), 'test');
  build(stack);
  return JSON.parse(Testing.synth(stack)) as SynthJson;
}

const roster = parseCsv(
  [
    'email,franchise',
    'jane@acme.com,Sunbelt Tacos North',
    'bob@acme.com,Gulf Coast Grill',
    'amy@acme.com,Sunbelt Tacos North',
    'zed@acme.com,',
  ].join('\n'),
  'roster.csv',
);

describe('DomoPdpPolicies', () => {
  it('renders one instance per dataset with a trigger key per policy, filter value and member', () => {
    const json = synth((stack) => {
      new DomoPdpPolicies(stack, 'Sales', {
        scim,
        datasets: {
          [SALES]: derivePolicies(roster, {
            groupBy: 'franchise',
            filter: (f) => [{ column: 'Franchise', values: [f] }],
            groups: (f) => [`Franchise - ${f}`],
          }),
          'other-ds': [
            { name: 'HQ', allRows: true, users: ['Boss@acme.com'] },
            {
              name: 'Big ${x}/stores',
              filters: [{ column: 'Sales', values: ['1000'], operator: 'GREATER_THAN', not: true }],
              groups: ['A\\B'],
            },
          ],
        },
      });
    });
    expect(shardLocals(json)).toEqual({
      [SALES]: {
        'Sunbelt Tacos North/rows': 'filtered',
        'Sunbelt Tacos North/filter/Franchise/Sunbelt Tacos North': 'EQUALS',
        'Sunbelt Tacos North/group/Franchise - Sunbelt Tacos North': 'member',
        'Gulf Coast Grill/rows': 'filtered',
        'Gulf Coast Grill/filter/Franchise/Gulf Coast Grill': 'EQUALS',
        'Gulf Coast Grill/group/Franchise - Gulf Coast Grill': 'member',
      },
      'other-ds': {
        'HQ/rows': 'all',
        'HQ/user/Boss@acme.com': 'member',
        // "/" and "\" inside a name are escaped, "${" doubled for Terraform.
        'Big $${x}\\/stores/rows': 'filtered',
        'Big $${x}\\/stores/filter/Sales/1000': 'not GREATER_THAN',
        'Big $${x}\\/stores/group/A\\\\B': 'member',
      },
    });
    const resource = onlyResource(json, 'terraform_data');
    const provisioners = resource.provisioner as Array<{ 'local-exec': { command: string; interpreter: string[] } }>;
    expect(provisioners.map((p) => p['local-exec'].command)).toEqual([
      '${sha256(jsonencode(self.triggers_replace))}',
      '${jsonencode([for k, v in self.triggers_replace : k if endswith(k, "/rows")])}',
    ]);
    expect(provisioners[0]!['local-exec'].interpreter).toEqual([
      'node',
      'domo-identity/handler.js',
      'pdp-policies',
      'create',
      'domo-identity/test.Sales',
      '${each.key}',
    ]);
  });

  it('normalizes policies: filters sorted, values distinct, members distinct and sorted, operator EQUALS by default', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const construct = new DomoPdpPolicies(stack, 'Sales', {
      scim,
      datasets: {
        [SALES]: [
          {
            name: ' North ',
            filters: [
              { column: 'Region', values: ['West', 'East', 'West'] },
              { column: 'Franchise', values: ['N'], not: true },
            ],
            users: ['b@acme.com', 'A@acme.com'],
            groups: ['Z', 'a'],
          },
        ],
      },
    });
    expect(construct.policies.get(SALES)).toEqual([
      {
        name: 'North',
        allRows: false,
        filters: [
          { column: 'Franchise', values: ['N'], operator: 'EQUALS', not: true },
          { column: 'Region', values: ['East', 'West'], operator: 'EQUALS', not: false },
        ],
        users: ['A@acme.com', 'b@acme.com'],
        groups: ['a', 'Z'],
      },
    ]);
  });
});

describe('derivePolicies', () => {
  it('makes one policy per value, skipping empty values, with direct users from a column', () => {
    expect(
      derivePolicies(roster, {
        groupBy: 'franchise',
        name: (f) => `PDP ${f}`,
        filter: (f) => [{ column: 'Franchise', values: [f] }],
        users: 'email',
      }),
    ).toEqual([
      {
        name: 'PDP Sunbelt Tacos North',
        filters: [{ column: 'Franchise', values: ['Sunbelt Tacos North'] }],
        users: ['jane@acme.com', 'amy@acme.com'],
        groups: [],
      },
      {
        name: 'PDP Gulf Coast Grill',
        filters: [{ column: 'Franchise', values: ['Gulf Coast Grill'] }],
        users: ['bob@acme.com'],
        groups: [],
      },
    ]);
  });

  it('reports missing columns and bad userNames with file, row and column', () => {
    expect(() => derivePolicies(roster, { groupBy: 'brand', filter: () => [] })).toThrow(
      'roster.csv, field "brand": column "brand" is not in the dataset (columns: email, franchise)',
    );
    const bad = parseCsv('email,franchise\nnot-an-email,North\n', 'bad.csv');
    expect(() => derivePolicies(bad, { groupBy: 'franchise', filter: () => [], users: 'email' })).toThrow(
      /bad\.csv, row 1 \(line 2\), field "email": "not-an-email" is not a valid userName/,
    );
  });
});

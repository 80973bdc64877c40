import { Testing, TerraformStack } from 'cdktf';
import { DomoPdpPolicies, type DomoPdpPoliciesProps } from '../../src';
import type { PdpPolicySpec } from '../../src';

const scim = { url: 'https://acme.domo.com/api/identity/v1/scim' };
const AT = 'DomoPdpPolicies "test/Sales": dataset "sales"';

function make(policies: readonly PdpPolicySpec[], props: Partial<DomoPdpPoliciesProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'test');
  return () => new DomoPdpPolicies(stack, 'Sales', { scim, datasets: { sales: policies }, ...props });
}
const north = { column: 'Franchise', values: ['North'] };

describe('DomoPdpPolicies errors', () => {
  it('a policy name twice, ignoring case', () => {
    expect(
      make([
        { name: 'North', filters: [north] },
        { name: 'NORTH ', filters: [north] },
      ]),
    ).toThrow(
      `${AT}: policy "NORTH" is named twice (as "North" too; Domo compares policy names ignoring case). Give each policy of a dataset its own name, or merge them.`,
    );
  });

  it('an empty name, and the name of the system policy', () => {
    expect(make([{ name: ' ', filters: [north] }])).toThrow(`${AT}: policy #1 has an empty name; every PDP policy needs a name.`);
    expect(make([{ name: 'all rows', filters: [north] }])).toThrow(
      `${AT}, policy "all rows": "All Rows" is the name of Domo's own system policy, which is never managed; name the policy differently.`,
    );
  });

  it('empty filters, unless allRows is asked for; not both', () => {
    expect(make([{ name: 'North', filters: [] }])).toThrow(
      `${AT}, policy "North": filters is empty. Give at least one filter, e.g. { column: 'Franchise', values: ['Sunbelt Tacos North'] }, or set allRows: true for a policy that shows every row.`,
    );
    expect(make([{ name: 'North' }])).toThrow(`${AT}, policy "North": filters is empty.`);
    expect(make([{ name: 'HQ', allRows: true, filters: [north] }])).toThrow(
      `${AT}, policy "HQ": allRows is true but filters are given; a policy shows every row or the rows its filters match, not both.`,
    );
    expect(make([{ name: 'HQ', allRows: true }])).not.toThrow();
  });

  it('a filter without a column or values', () => {
    expect(make([{ name: 'North', filters: [{ column: ' ', values: ['x'] }] }])).toThrow(
      `${AT}, policy "North": filters[0].column is empty; name a column of the dataset.`,
    );
    expect(make([{ name: 'North', filters: [north, { column: 'Region', values: [] }] }])).toThrow(
      `${AT}, policy "North": filters[1] (column "Region") has no values; give at least one value.`,
    );
  });

  it('a bad operator, with the list and the upper-case hint', () => {
    const operators =
      'EQUALS, LIKE, GREATER_THAN, LESS_THAN, GREATER_THAN_EQUAL, LESS_THAN_EQUAL, GREAT_THAN_EQUALS_TO, LESS_THAN_EQUALS_TO, BETWEEN, BEGINS_WITH, ENDS_WITH, CONTAINS';
    expect(make([{ name: 'North', filters: [{ ...north, operator: 'EQUAL' as never }] }])).toThrow(
      `${AT}, policy "North": filters[0].operator "EQUAL" is not a PDP operator; use one of ${operators}, and not: true to negate.`,
    );
    expect(make([{ name: 'North', filters: [{ ...north, operator: 'equals' as never }] }])).toThrow(
      `${AT}, policy "North": filters[0].operator "equals" is not a PDP operator (operators are upper case: EQUALS); use one of ${operators}, and not: true to negate.`,
    );
    expect(make([{ name: 'North', filters: [{ ...north, operator: 'NOT_EQUALS' as never }] }])).toThrow(
      /use one of .*and not: true to negate/,
    );
  });

  it('two filters of one column and operator, or a value in two filters of a column', () => {
    expect(make([{ name: 'North', filters: [north, { column: 'Franchise', values: ['South'] }] }])).toThrow(
      `${AT}, policy "North": two filters on column "Franchise" with operator EQUALS; merge their values into one filter.`,
    );
    expect(make([{ name: 'North', filters: [north, { column: 'Franchise', values: ['North'], operator: 'LIKE' }] }])).toThrow(
      `${AT}, policy "North": value "North" appears in two filters on column "Franchise"; keep it in one.`,
    );
  });

  it('members: userNames only, no empty group, nothing twice', () => {
    expect(make([{ name: 'North', filters: [north], users: ['jane'] }])).toThrow(
      `${AT}, policy "North": users: "jane" is not a valid userName: it has no "@"`,
    );
    expect(make([{ name: 'North', filters: [north], users: ['jane@acme.com', 'Jane@Acme.com'] }])).toThrow(
      `${AT}, policy "North": users lists "Jane@Acme.com" twice (as "jane@acme.com" too; names match ignoring case).`,
    );
    expect(make([{ name: 'North', filters: [north], groups: ['A', ''] }])).toThrow(
      `${AT}, policy "North": groups[1] is empty; give the directory group's displayName or remove it.`,
    );
    expect(make([{ name: 'North', filters: [north], groups: ['Sales', 'sales'] }])).toThrow(
      `${AT}, policy "North": groups lists "sales" twice (as "Sales" too; names match ignoring case).`,
    );
  });

  it('a dataset id that is not one', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    expect(() => new DomoPdpPolicies(stack, 'Sales', { scim, datasets: { 'sales/x': [] } })).toThrow(
      `DomoPdpPolicies "test/Sales": dataset id "sales/x" is invalid; use the id from the dataset's URL in Domo (no spaces, "/", "?" or "#"), e.g. 7c3e5a10-…`,
    );
  });
});

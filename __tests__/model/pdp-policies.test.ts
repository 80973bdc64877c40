import {
  describeFilter,
  describeRows,
  isPolicyTriggerMap,
  normalizePolicy,
  policiesOfTriggers,
  policyTriggers,
  splitTriggerKey,
  type DesiredPdpPolicy,
} from '../../src/kinds/pdp-policies/model';
import { policyNamesOfDestroyArgument } from '../../src/kinds/pdp-policies/manifest';

const policies: DesiredPdpPolicy[] = [
  normalizePolicy({
    name: 'Sunbelt Tacos North',
    allRows: false,
    filters: [{ column: 'Franchise', values: ['Sunbelt Tacos North'], operator: 'EQUALS', not: false }],
    users: ['jane@acme.com'],
    groups: ['Franchise - Sunbelt Tacos North'],
  }),
  normalizePolicy({
    name: 'a/b\\c',
    allRows: false,
    filters: [
      { column: 'Store', values: ['100', '200'], operator: 'BETWEEN', not: false },
      { column: 'Region/x', values: ['West', 'East'], operator: 'EQUALS', not: true },
    ],
    users: [],
    groups: ['rows', 'g/h'],
  }),
  normalizePolicy({ name: 'HQ', allRows: true, filters: [], users: ['boss@acme.com'], groups: [] }),
];

describe('the trigger map of a dataset of PDP policies', () => {
  it('has one key per policy, filter value and member', () => {
    expect(policyTriggers([policies[0]!])).toEqual({
      'Sunbelt Tacos North/rows': 'filtered',
      'Sunbelt Tacos North/filter/Franchise/Sunbelt Tacos North': 'EQUALS',
      'Sunbelt Tacos North/user/jane@acme.com': 'member',
      'Sunbelt Tacos North/group/Franchise - Sunbelt Tacos North': 'member',
    });
  });

  it('escapes "/" and "\\" in names, and parses back to the same policies (what plan-summary rebuilds from a plan)', () => {
    const triggers = policyTriggers(policies);
    expect(Object.keys(triggers)).toEqual(
      expect.arrayContaining(['a\\/b\\\\c/filter/Region\\/x/East', 'a\\/b\\\\c/group/g\\/h', 'a\\/b\\\\c/group/rows']),
    );
    expect(splitTriggerKey('a\\/b\\\\c/group/g\\/h')).toEqual(['a/b\\c', 'group', 'g/h']);
    expect(splitTriggerKey('broken\\')).toBeUndefined();
    expect(isPolicyTriggerMap(Object.keys(triggers))).toBe(true);
    expect(isPolicyTriggerMap(['jane@acme.com/storeNumber'])).toBe(false);
    expect([...policiesOfTriggers(triggers).values()]).toEqual(policies);
    expect([...policiesOfTriggers(new Map(Object.entries(triggers))).keys()]).toEqual(['sunbelt tacos north', 'a/b\\c', 'hq']);
  });

  it('gives the destroy step the policy names only (a group named "rows" is not a policy)', () => {
    const rowsKeys = Object.keys(policyTriggers(policies)).filter((k) => k.endsWith('/rows'));
    expect(rowsKeys).toHaveLength(4);
    expect(policyNamesOfDestroyArgument(JSON.stringify(rowsKeys))).toEqual(['Sunbelt Tacos North', 'a/b\\c', 'HQ']);
    expect(() => policyNamesOfDestroyArgument('{}')).toThrow('expects a JSON list');
  });

  it('describes rows for people', () => {
    const q = (s: string) => `\`${s}\``;
    expect(describeRows(policies[0]!, q)).toBe('`Franchise` = `Sunbelt Tacos North`');
    expect(describeRows(policies[1]!, q)).toBe('`Region/x` not in (`East`, `West`) and `Store` between `100` and `200`');
    expect(describeRows(policies[2]!, q)).toBe('all rows');
    expect(describeFilter({ column: 'Sales', values: ['5'], operator: 'GREATER_THAN', not: true }, q)).toBe('not (`Sales` > `5`)');
    expect(describeFilter({ column: 'Region', values: ['West'], operator: 'EQUALS', not: true }, q)).toBe('`Region` ≠ `West`');
  });
});

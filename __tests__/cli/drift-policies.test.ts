import {
  computeDrift,
  computePolicyDrift,
  formatDriftMarkdown,
  formatDriftText,
  repairTargets,
  type DesiredState,
} from '../support/drift-compat';
import { normalizePolicy } from '../../src/kinds/pdp-policies/model';

const SALES = '7c3e5a10-sales';
const north = normalizePolicy({
  name: 'North',
  allRows: false,
  filters: [{ column: 'Franchise', values: ['North'], operator: 'EQUALS', not: false }],
  users: ['jane@acme.com', 'new@acme.com'],
  groups: ['Franchise - North'],
});
const south = normalizePolicy({ ...north, name: 'South', users: [], groups: [] });
const DESIRED: DesiredState = {
  userAttributes: [],
  users: [],
  groups: [],
  policies: [{ constructPath: 's/Policies', datasets: new Map([[SALES, [north, south]]]) }],
};
const users = [
  { id: '1001', userName: 'Jane@acme.com' },
  { id: '1002', userName: 'bob@acme.com' },
];
const groups = [
  { id: '5001', displayName: 'Franchise - North' },
  { id: '5002', displayName: 'Hand picked' },
];

describe('policy drift', () => {
  it('reports rows edited by hand, extra and missing members, and a missing policy; the planner decides', () => {
    const live = {
      datasets: new Map([
        [
          SALES,
          [
            { id: 1, type: 'system', name: 'All Rows', filters: [], users: [], groups: [] },
            {
              id: 8,
              type: 'user',
              name: 'north',
              filters: [{ column: 'Franchise', values: ['North', 'Gulf'], operator: 'EQUALS', not: false }],
              users: [1001, 1002],
              groups: [5002],
            },
          ],
        ],
      ]),
      users,
      groups,
    };
    const drift = computePolicyDrift(DESIRED.policies!, live);
    expect(drift).toEqual([
      {
        dataset: SALES,
        name: 'North',
        construct: 's/Policies',
        status: 'changed',
        liveName: 'north',
        rows: { desired: '"Franchise" = "North"', live: '"Franchise" in ("Gulf", "North")' },
        missingUsers: ['new@acme.com'],
        extraUsers: ['bob@acme.com'],
        missingGroups: ['Franchise - North'],
        extraGroups: ['Hand picked'],
        membersNotInDomo: ['new@acme.com'],
      },
      {
        dataset: SALES,
        name: 'South',
        construct: 's/Policies',
        status: 'missing',
        missingUsers: [],
        extraUsers: [],
        missingGroups: [],
        extraGroups: [],
        membersNotInDomo: [],
      },
    ]);
    const report = computeDrift(DESIRED, { users: [], groups: [], policies: live });
    expect(report.inSync).toBe(false);
    expect(repairTargets(DESIRED, report)).toEqual([{ constructPath: 's/Policies', instanceKey: SALES }]);
    expect(formatDriftText(report).split('\n')).toEqual([
      'Drift: 2 policies differ from the desired state.',
      '',
      'Policies:',
      `  ${SALES} "North" (s/Policies):`,
      '    name: desired "North", live "north"',
      '    rows: desired "Franchise" = "North", live "Franchise" in ("Gulf", "North")',
      '    missing users: new@acme.com (not in Domo)',
      '    extra users: bob@acme.com',
      '    missing groups: Franchise - North',
      '    extra groups: Hand picked',
      `  ${SALES} "South" (s/Policies): missing in Domo`,
    ]);
    expect(formatDriftMarkdown(report)).toContain(
      `| \`${SALES}\` | \`North\` | rows | \`desired "Franchise" = "North", live "Franchise" in ("Gulf", "North")\` |`,
    );
  });

  it('is in sync when Domo has exactly the desired policies; a dataset Domo lacks makes every policy missing', () => {
    const exact = { id: 8, type: 'user', name: 'North', filters: north.filters, users: [1001], groups: [5001] };
    const inSync = computePolicyDrift([{ constructPath: 'p', datasets: new Map([[SALES, [{ ...north, users: ['jane@acme.com'] }]]]) }], {
      datasets: new Map([[SALES, [exact]]]),
      users,
      groups,
    });
    expect(inSync).toEqual([]);
    const gone = computePolicyDrift(DESIRED.policies!, { datasets: new Map([[SALES, undefined]]), users, groups });
    expect(gone.map((d) => [d.name, d.status, d.note])).toEqual([
      ['North', 'missing', `Domo has no dataset ${SALES}`],
      ['South', 'missing', `Domo has no dataset ${SALES}`],
    ]);
  });
});

import { grantProblems } from '../../../src/kinds/roles/check';
import { isRoleTriggerMap, roleOfTriggers, roleTriggers } from '../../../src/kinds/roles/model';
import { describeGrants, findRole, planRole } from '../../../src/kinds/roles/planner';
import { stillHeld } from '../../../src/kinds/roles/work';

const desired = { name: 'Franchise Manager', description: 'Runs a franchise', grants: ['content.export', 'dataset.export'], fromRoleId: 4 };
const live = (grants: string[], description = 'Runs a franchise') => ({
  role: { id: 102, name: 'franchise manager', description },
  grants,
});

describe('roles planner', () => {
  it('plans a create, a grant added and one removed by hand, and nothing when in sync', () => {
    expect(planRole(undefined, desired)).toEqual({ action: 'create', add: ['content.export', 'dataset.export'], remove: [] });
    const plan = planRole(live(['content.export', 'user.edit']), desired);
    expect(plan).toEqual({ action: 'update', add: ['dataset.export'], remove: ['user.edit'] });
    expect(describeGrants(plan)).toBe('+dataset.export -user.edit');
    expect(planRole(live(['dataset.export', 'content.export']), desired)).toEqual({ action: 'none', add: [], remove: [] });
  });

  it('reports a description that differs without a write', () => {
    expect(planRole(live(['content.export', 'dataset.export'], 'old'), desired)).toEqual({
      action: 'none',
      add: [],
      remove: [],
      description: { from: 'old', to: 'Runs a franchise' },
    });
  });

  it('finds roles by name ignoring case', () => {
    expect(
      findRole(
        [
          { id: 1, name: 'Admin' },
          { id: 102, name: 'FRANCHISE MANAGER ' },
        ],
        'Franchise Manager',
      )?.id,
    ).toBe(102);
  });

  it('reads a role back from its trigger map, and recognizes one', () => {
    const triggers = new Map(Object.entries(roleTriggers(desired)));
    expect(roleOfTriggers(triggers)).toEqual({ name: 'Franchise Manager', description: 'Runs a franchise', grants: desired.grants });
    expect(isRoleTriggerMap(new Set(triggers.keys()))).toBe(true);
    expect(isRoleTriggerMap(new Set(['displayName', 'member/a@b.com']))).toBe(false);
  });

  it('names each unknown grant id, with the id of another case', () => {
    const catalogue = [{ authority: 'dataset.export' }, { authority: 'content.export' }];
    expect(grantProblems({ ...desired, grants: ['Dataset.Export', 'data.nuke', 'content.export'] }, catalogue)).toEqual([
      'grant "Dataset.Export" is not a grant of this Domo instance (grant ids are case-sensitive: "dataset.export")',
      `grant "data.nuke" is not a grant of this Domo instance (Admin > Governance > Roles lists the instance's grants)`,
    ]);
  });

  it('refuses to delete a role users hold, naming how many and where to move them', () => {
    expect(stillHeld('Shift Lead', 3)).toBe(
      `not deleted: 3 users hold role "Shift Lead"; give them another role with their DomoUsers \`role\` first, then deploy again (removal policy 'delete')`,
    );
  });
});

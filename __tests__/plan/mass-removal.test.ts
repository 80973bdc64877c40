import { planSummary } from '../../src/cli/plan-summary/summarize';
import { removalsOfPlan } from '../../src/cli/pipeline/removal-guard';
import { CannotApplyError, exitCodeOf, EXIT_CANNOT_APPLY } from '../../src/errors';
import { refuseMassRemoval, removalLimit } from '../../src/plan/mass-removal';
import type { ConstructManifests } from '../../src/plan/section';

const users = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `user${String(from + i).padStart(4, '0')}@acme.com`);

/** One sharded user-attributes instance (`key` = shard) going from `before` to `after` users, each with `region`. */
function attributesChange(key: string, before: readonly string[], after: readonly string[]) {
  const map = (list: readonly string[]) => Object.fromEntries(list.map((u) => [`${u}/region`, 'West']));
  return {
    address: `terraform_data.Attributes_624F6D4C["${key}"]`,
    type: 'terraform_data',
    name: 'Attributes_624F6D4C',
    index: key,
    change: {
      actions: before.length === 0 ? ['create'] : ['delete', 'create'],
      before: before.length === 0 ? null : { triggers_replace: map(before) },
      after: { triggers_replace: map(after) },
    },
  };
}

function groupChange(name: string, before: readonly string[] | null, after: readonly string[] | null) {
  const map = (list: readonly string[]) => ({
    displayName: name,
    membership: 'authoritative',
    ...Object.fromEntries(list.map((u) => [`member/${u}`, ''])),
  });
  return {
    address: `terraform_data.Groups_11111111["${name}"]`,
    type: 'terraform_data',
    name: 'Groups_11111111',
    index: name,
    change: {
      actions: after === null ? ['delete'] : ['delete', 'create'],
      before: before === null ? null : { triggers_replace: map(before) },
      after: after === null ? null : { triggers_replace: map(after) },
    },
  };
}

const manifests = (extra: Record<string, unknown> = {}): ConstructManifests => ({
  'domo-identity/stack.Attributes': { kind: 'user-attributes', constructPath: 'stack/Attributes', removalPolicy: 'clear', ...extra },
  'domo-identity/stack.Groups': {
    kind: 'directory-groups',
    constructPath: 'stack/Groups',
    removalPolicy: 'delete',
    membership: 'authoritative',
  },
});
const planOf = (...changes: unknown[]) => ({ resource_changes: changes });
const summary = (plan: unknown, m = manifests()) => planSummary(plan, { maxChars: 60_000, manifests: m });

describe('the mass-removal guard', () => {
  it('defaults to 10 % of the construct’s users, at least 5 and at most 500, unless the construct sets maxUsersRemoved', () => {
    expect([removalLimit(12), removalLimit(49), removalLimit(51), removalLimit(1000), removalLimit(5000), removalLimit(100_000)]).toEqual([
      5, 5, 5, 100, 500, 500,
    ]);
    expect(removalLimit(100_000, 0)).toBe(0);
    expect(removalLimit(12, 20)).toBe(20);
  });

  it('a roster truncated to half its rows: the users leaving are counted against the construct, and the refusal names counts, construct and users', () => {
    const all = users(40);
    const plan = planOf(
      attributesChange('00', all.slice(0, 20), all.slice(0, 10)),
      attributesChange('01', all.slice(20), all.slice(20, 30)),
    );
    const s = summary(plan);
    expect(s.removals).toEqual([{ construct: 'stack/Attributes', users: 40, removed: [...all.slice(10, 20), ...all.slice(30)], limit: 5 }]);
    expect(s.markdown).toContain(
      '**Users cleared, deleted or removed from groups or policies:** `stack/Attributes` 20 of 40 users (limit 5, **over the limit**)',
    );
    let refusal: unknown;
    try {
      refuseMassRemoval(s.removals, false);
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(CannotApplyError);
    expect(exitCodeOf(refusal)).toBe(EXIT_CANNOT_APPLY);
    const message = (refusal as Error).message;
    expect(message).toContain(
      'stack/Attributes clears the managed values of, deletes or removes from groups or policies 20 of its 40 users',
    );
    expect(message).toContain('more than its limit of 5');
    expect(message).toContain(`${all.slice(10, 20).join(', ')}, and 10 more`);
    expect(message).toContain('--allow-mass-removal');
    expect(() => refuseMassRemoval(s.removals, true)).not.toThrow();
    expect(summaryAllowed(plan)).toContain('**over the limit, allowed by `--allow-mass-removal`**');
  });

  it('a wrong column mapping that empties one attribute of every user counts every user; a change within the limit passes', () => {
    const all = users(60);
    const before = attributesChange('00', all, all);
    const cleared = {
      ...before,
      change: { ...before.change, after: { triggers_replace: Object.fromEntries(all.map((u) => [`${u}/region`, ''])) } },
    };
    const s = summary(planOf(cleared));
    expect(s.removals[0]).toMatchObject({ users: 60, limit: 6 });
    expect(s.removals[0]!.removed).toHaveLength(60);
    expect(() => refuseMassRemoval(s.removals, false)).toThrow(/60 of its 60 users, more than its limit of 6/);
    // Six users leaving of sixty is within the default limit.
    const few = summary(planOf(attributesChange('00', all, all.slice(6))));
    expect(few.removals[0]!.removed).toHaveLength(6);
    expect(() => refuseMassRemoval(few.removals, false)).not.toThrow();
  });

  it('a retained removal takes nothing; maxUsersRemoved from the manifest replaces the default', () => {
    const all = users(20);
    const plan = planOf(attributesChange('00', all, all.slice(10)));
    expect(summary(plan, manifests({ removalPolicy: 'retain' })).removals[0]!.removed).toEqual([]);
    const raised = summary(plan, manifests({ maxUsersRemoved: 10 })).removals;
    expect(raised[0]!.limit).toBe(10);
    expect(() => refuseMassRemoval(raised, false)).not.toThrow();
    const lowered = summary(plan, manifests({ maxUsersRemoved: 0 })).removals;
    expect(() => refuseMassRemoval(lowered, false)).toThrow(/10 of its 20 users, more than its limit of 0/);
  });

  it('groups: members leaving an authoritative group and the members of a deleted group count once per user', () => {
    const all = users(12);
    const plan = planOf(groupChange('North', all.slice(0, 6), all.slice(0, 2)), groupChange('South', all.slice(4), null));
    const [removal] = summary(plan).removals;
    expect(removal).toMatchObject({ construct: 'stack/Groups', users: 12, limit: 5 });
    expect([...removal!.removed].sort()).toEqual(all.slice(2).sort());
    // deploy --plan reads the same numbers back from the saved plan.
    expect(removalsOfPlan(plan, manifests())).toEqual(summary(plan).removals);
  });
});

function summaryAllowed(plan: unknown): string {
  return planSummary(plan, { maxChars: 60_000, manifests: manifests(), allowMassRemoval: true }).markdown;
}

import { userKey, groupKey } from '../../model/identity';
import { policiesOfTriggers, type DesiredPdpPolicy } from '../../kinds/pdp-policies/model';
import type { ConstructInfo } from './analyze';
import type { InstanceChange } from './plan-json';

/** Members of one kind joining or leaving a policy. */
export interface MemberChanges {
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

export interface PolicyChange {
  readonly dataset: string;
  readonly name: string;
  readonly status: 'created' | 'changed' | 'removed';
  /** As the plan had it before (undefined for a new policy) and after (undefined for a removed one). */
  readonly before?: DesiredPdpPolicy;
  readonly after?: DesiredPdpPolicy;
  /** The rows it shows changed (filters, or every row). */
  readonly rowsChanged: boolean;
  readonly joining: MemberChanges;
  readonly leaving: MemberChanges;
}

export interface PoliciesSection extends ConstructInfo {
  readonly kind: 'pdp-policies';
  /** New ones first, then changed, then removed; by dataset and name within each. */
  readonly policies: readonly PolicyChange[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const STATUS_ORDER = { created: 0, changed: 1, removed: 2 } as const;

/** Who or what joins: names in `after` whose key is not in `before`, sorted ignoring case. */
function added(before: readonly string[], after: readonly string[], key: (s: string) => string): string[] {
  const had = new Set(before.map(key));
  return after.filter((n) => !had.has(key(n))).sort((a, b) => compare(key(a), key(b)));
}

/** The policies of a PDP construct that the plan changes, rebuilt from each dataset instance's trigger maps. */
export function analyzePolicies(changed: readonly InstanceChange[], info: (reruns: number) => ConstructInfo): PoliciesSection {
  const policies: PolicyChange[] = [];
  let reruns = 0;
  for (const instance of changed) {
    const before = policiesOfTriggers(instance.before ?? new Map());
    const after = policiesOfTriggers(instance.after ?? new Map());
    let changes = 0;
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const b = before.get(key);
      const a = after.get(key);
      const rowsChanged = JSON.stringify([b?.allRows, b?.filters]) !== JSON.stringify([a?.allRows, a?.filters]);
      const joining = { users: added(b?.users ?? [], a?.users ?? [], userKey), groups: added(b?.groups ?? [], a?.groups ?? [], groupKey) };
      const leaving = a
        ? { users: added(a.users, b?.users ?? [], userKey), groups: added(a.groups, b?.groups ?? [], groupKey) }
        : { users: [], groups: [] };
      const status = !b ? 'created' : !a ? 'removed' : 'changed';
      const renamed = a !== undefined && b !== undefined && a.name !== b.name;
      const moved = joining.users.length + joining.groups.length + leaving.users.length + leaving.groups.length;
      if (status === 'changed' && !rowsChanged && !renamed && moved === 0) continue;
      changes++;
      policies.push({
        dataset: instance.key,
        name: (a ?? b)!.name,
        status,
        ...(b ? { before: b } : {}),
        ...(a ? { after: a } : {}),
        rowsChanged,
        joining,
        leaving,
      });
    }
    if (changes === 0 && instance.before !== null && instance.after !== null) reruns++;
  }
  policies.sort(
    (x, y) =>
      STATUS_ORDER[x.status] - STATUS_ORDER[y.status] ||
      compare(x.dataset, y.dataset) ||
      compare(x.name.toLowerCase(), y.name.toLowerCase()),
  );
  return { kind: 'pdp-policies', ...info(reruns), policies };
}

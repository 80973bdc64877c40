import { statusOf } from '../../plan/changes';
import { mayBeRerun, type InstanceChange } from '../../plan/plan-json';
import { capped, constructName, heading, ranked, retainOrDeleteFate, statusCounts, warnedName as name } from '../../plan/render';
import { WARNING_RANK, type ConstructInfo, type PlanHooks, type PlanSection } from '../../plan/section';
import { code } from '../../report/markdown';
import { formatCount, plural } from '../../report/words';
import { analyzeRoleAccess } from './access';
import { isRoleTriggerMap, roleOfTriggers } from './model';

export interface RoleChange {
  readonly name: string;
  readonly status: 'created' | 'changed' | 'removed';
  /** Grant ids gained and lost, sorted; a new role's grants are all gained. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly description?: { readonly before?: string; readonly after?: string };
}

export interface RolesSection extends PlanSection {
  /** New roles first, then changed, then removed; by name within each. */
  readonly roles: readonly RoleChange[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const STATUS_ORDER = { created: 0, changed: 1, removed: 2 } as const;

function changeOf(instance: InstanceChange): RoleChange | undefined {
  const before = instance.before ? roleOfTriggers(instance.before) : undefined;
  const after = instance.after ? roleOfTriggers(instance.after) : undefined;
  const role = after ?? before;
  if (!role) return undefined;
  const status = statusOf(instance);
  const had = new Set(before?.grants ?? []);
  const has = new Set(after?.grants ?? []);
  const added = status === 'removed' ? [] : [...has].filter((g) => !had.has(g)).sort();
  const removed = status === 'removed' ? [] : [...had].filter((g) => !has.has(g)).sort();
  const described = before?.description !== after?.description && status !== 'removed' && after?.description !== undefined;
  if (status === 'changed' && added.length + removed.length === 0 && !described && before?.name === after?.name) return undefined;
  return {
    name: role.name,
    status,
    added,
    removed,
    ...(described
      ? { description: { ...(before?.description !== undefined ? { before: before.description } : {}), after: after!.description } }
      : {}),
  };
}

function analyzeRoles(changed: readonly InstanceChange[], info: (reruns: number) => ConstructInfo): RolesSection {
  const roles: RoleChange[] = [];
  let reruns = 0;
  for (const instance of changed) {
    const change = changeOf(instance);
    if (change) roles.push(change);
    else if (mayBeRerun(instance)) reruns++;
  }
  roles.sort((x, y) => STATUS_ORDER[x.status] - STATUS_ORDER[y.status] || compare(x.name.toLowerCase(), y.name.toLowerCase()));
  return { kind: 'roles', ...info(reruns), roles };
}

const grantList = (grants: readonly string[], sign: string) => grants.map((g) => `${sign}${code(g, true)}`).join(', ');

function row(r: RoleChange): string {
  const grants = [grantList(r.added, '+'), grantList(r.removed, '−')].filter((t) => t !== '').join('<br>') || '—';
  const description = r.description
    ? `description: ${r.description.before === undefined ? '' : `${code(r.description.before, true)} → `}${code(r.description.after ?? '', true)}` +
      (r.status === 'changed' ? ' *(set when a role is created; not changed in Domo)*' : '')
    : '';
  return `| ${code(r.name, true)} | ${r.status} | ${grants}${description ? `<br>${description}` : ''} |`;
}

export const rolesPlan: PlanHooks<RolesSection> = {
  recognize: isRoleTriggerMap,
  section: (c) => analyzeRoles(c.changed, c.info),
  render(s) {
    const kept = s.roles.filter((r) => r.status !== 'removed');
    const removed = s.roles.filter((r) => r.status === 'removed');
    const blocks = [];
    if (kept.length > 0)
      blocks.push({ lines: ['| Role | Change | Grants |', '| --- | --- | --- |'], items: kept.map(row), itemUnit: 'role' as const });
    if (removed.length > 0)
      blocks.push({
        lines: [`**Removed** (${plural(removed.length, 'role')}): ${retainOrDeleteFate(s.removalPolicy)}:`],
        items: removed.map((r) => code(r.name)),
        itemUnit: 'role' as const,
        inline: true,
      });
    return { heading: heading(s, 'custom roles', statusCounts(s.roles.map((r) => r.status))), blocks };
  },
  // A role deleted from Domo by its removal policy.
  warnings(s) {
    const texts = s.roles
      .filter((r) => r.status === 'removed')
      .flatMap((r) =>
        s.removalPolicy === 'delete'
          ? [`Role ${name(r.name)} is **deleted from Domo** by ${constructName(s)} (removal policy \`delete\`)`]
          : s.removalPolicy === undefined
            ? [
                `Role ${name(r.name)} leaves ${constructName(s)}: deleted from Domo if its removal policy is \`delete\` (default \`retain\`)`,
              ]
            : [],
      );
    return ranked(
      WARNING_RANK.removal,
      capped(texts, (n) => `… and ${plural(n, 'more role')} leaving ${constructName(s)}`),
    );
  },
  totals: {
    id: 'roles',
    order: 4,
    phrases(sections) {
      const all = sections.flatMap((s) => s.roles);
      if (all.length === 0) return [];
      const count = (status: RoleChange['status']) => formatCount(all.filter((r) => r.status === status).length);
      const added = all.reduce((n, r) => n + r.added.length, 0);
      const removed = all.reduce((n, r) => n + r.removed.length, 0);
      return [
        `roles: ${count('created')} created, ${count('changed')} changed, ${count('removed')} removed (grants +${formatCount(added)} −${formatCount(removed)})`,
      ];
    },
  },
  access: analyzeRoleAccess,
};

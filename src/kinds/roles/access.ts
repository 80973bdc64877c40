import { userKey } from '../../model/identity';
import { roleNameOfDescription } from '../../model/roles';
import { capped, ranked } from '../../plan/render';
import { WARNING_RANK, type AccessAnalysis, type AccessFacts, type ConstructBlock, type Warning } from '../../plan/section';
import type { Block, LayoutSection } from '../../report/layout';
import { code } from '../../report/markdown';
import { formatCount, plural } from '../../report/words';
import { roleKey, roleOfTriggers } from './model';

/** A role's grants before and after the plan; null where the role does not exist on that side. */
interface RoleSides {
  readonly name: string;
  readonly before: ReadonlySet<string> | null;
  readonly after: ReadonlySet<string> | null;
}

/** A grant a role gains or loses, and the users of the stack who hold the role now and keep it. */
export interface RoleGrantChange {
  readonly role: string;
  readonly grant: string;
  /** Domo's title of the grant, where the plan read Domo's grant list. */
  readonly title?: string;
  readonly change: 'gained' | 'lost';
  /** userNames, sorted ignoring case. */
  readonly holders: readonly string[];
}

/** A user whose role changes, and the grants that brings (unknown where a side's role is not managed by the stack). */
export interface UserGrantChange {
  readonly userName: string;
  readonly from: string;
  readonly to: string;
  readonly gains: readonly string[];
  readonly loses: readonly string[];
  /** Roles of the two whose grants the stack does not manage: their grants are not compared. */
  readonly unknown: readonly string[];
}

export interface RoleAccessReport {
  readonly roles: readonly RoleGrantChange[];
  readonly users: readonly UserGrantChange[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byName = (a: string, b: string) => compare(a.toLowerCase(), b.toLowerCase());

/** Every role of the stack's DomoRoles before and after; a role leaving the code stays with its grants, unless its removal policy deletes it. */
function rolesOf(constructs: readonly ConstructBlock[]): Map<string, RoleSides> {
  const roles = new Map<string, RoleSides>();
  for (const { block, manifest } of constructs) {
    const keep = manifest?.removalPolicy !== 'delete';
    for (const i of block.instances) {
      const b = i.before ? roleOfTriggers(i.before) : undefined;
      const a = i.after ? roleOfTriggers(i.after) : undefined;
      const role = a ?? b;
      if (!role) continue;
      const before = b ? new Set(b.grants) : null;
      roles.set(roleKey(role.name), { name: role.name, before, after: a ? new Set(a.grants) : keep ? before : null });
    }
  }
  return roles;
}

const minus = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].filter((g) => !b.has(g)).sort();

/**
 * Who gains or loses which grant through a plan: each grant a role of the stack gains or loses,
 * with the users of the stack who hold the role and keep it; and each user whose DomoUsers role
 * changes, with the grants of the new role they lacked and those of the old role the new one lacks
 * (a grant both roles hold is no change).
 */
export function roleAccessChanges(constructs: readonly ConstructBlock[], facts: AccessFacts): RoleAccessReport {
  const roles = rolesOf(constructs);
  const users = [...facts.roles.values()].map((u) => ({
    userName: u.userName,
    before: u.before === null ? undefined : roleNameOfDescription(u.before),
    after: u.after === null ? undefined : roleNameOfDescription(u.after),
    raw: u,
  }));
  const changes: RoleGrantChange[] = [];
  for (const role of roles.values()) {
    if (!role.before || !role.after) continue;
    const holders = users
      .filter(
        (u) =>
          u.before !== undefined &&
          u.after !== undefined &&
          roleKey(u.before) === roleKey(role.name) &&
          roleKey(u.after) === roleKey(role.name),
      )
      .map((u) => u.userName)
      .sort(byName);
    const change = (grant: string, change: RoleGrantChange['change']): RoleGrantChange => {
      const title = facts.grantTitles?.get(grant);
      return { role: role.name, grant, ...(title !== undefined ? { title } : {}), change, holders };
    };
    for (const grant of minus(role.after, role.before)) changes.push(change(grant, 'gained'));
    for (const grant of minus(role.before, role.after)) changes.push(change(grant, 'lost'));
  }
  changes.sort((a, b) => byName(a.role, b.role) || compare(a.change, b.change) || compare(a.grant, b.grant));
  const moves: UserGrantChange[] = [];
  for (const u of users) {
    const { before: from, after: to } = u.raw;
    if (from === null || to === null || from === to) continue;
    const was = u.before === undefined ? undefined : (roles.get(roleKey(u.before))?.before ?? undefined);
    const is = u.after === undefined ? undefined : (roles.get(roleKey(u.after))?.after ?? undefined);
    const unknown = [...(was ? [] : [from]), ...(is ? [] : [to])];
    const none = new Set<string>();
    const gains = is ? minus(is, was ?? none) : [];
    const loses = was ? minus(was, is ?? none) : [];
    if (gains.length + loses.length + unknown.length === 0) continue;
    moves.push({ userName: u.userName, from, to, gains, loses, unknown });
  }
  moves.sort((a, b) => byName(userKey(a.userName), userKey(b.userName)));
  return { roles: changes, users: moves };
}

/** Users listed by name in a cell; the rest counted. */
const HOLDERS_LISTED = 5;

function holdersText(holders: readonly string[]): string {
  if (holders.length === 0) return 'no user of this stack';
  const shown = holders.slice(0, HOLDERS_LISTED).map((h) => code(h, true));
  const rest = holders.length - shown.length;
  return `${plural(holders.length, 'user')}: ${shown.join(', ')}${rest > 0 ? ` and ${formatCount(rest)} more` : ''}`;
}

/** `` `dataset.export` (`Export Data`) ``: a grant by id, and by Domo's title where the plan read it. */
function grantText(c: Pick<RoleGrantChange, 'grant' | 'title'>, inTable = false): string {
  return c.title === undefined ? code(c.grant, inTable) : `${code(c.grant, inTable)} (${code(c.title, inTable)})`;
}

const grants = (list: readonly string[]) => list.map((g) => code(g, true)).join(', ') || '—';

/** "Access changes: grants": the grants roles gain or lose with who holds them, and users whose role changes. */
function accessSection(report: RoleAccessReport): LayoutSection | undefined {
  if (report.roles.length + report.users.length === 0) return undefined;
  const blocks: Block[] = [];
  if (report.roles.length > 0)
    blocks.push({
      lines: ['| Role | Grant | Change | Held by |', '| --- | --- | --- | --- |'],
      items: report.roles.map((c) => `| ${code(c.role, true)} | ${grantText(c, true)} | ${c.change} | ${holdersText(c.holders)} |`),
      itemUnit: 'grant',
    });
  if (report.users.length > 0)
    blocks.push({
      lines: ['', '| User | Role | Gains | Loses |', '| --- | --- | --- | --- |'],
      items: report.users.map((u) => {
        const note =
          u.unknown.length > 0
            ? `<br>*(grants of ${u.unknown.map((r) => code(r, true)).join(', ')} not managed by this stack: not compared)*`
            : '';
        return `| ${code(u.userName, true)} | ${code(u.from, true)} → ${code(u.to, true)}${note} | ${grants(u.gains)} | ${grants(u.loses)} |`;
      }),
      itemUnit: 'user',
    });
  const gained = report.roles.filter((c) => c.change === 'gained').length;
  const summary = [
    `${plural(report.roles.length, 'grant')} of roles change (${formatCount(gained)} gained, ${formatCount(report.roles.length - gained)} lost)`,
    `${plural(report.users.length, 'user')} ${report.users.length === 1 ? 'changes' : 'change'} role`,
  ];
  return { heading: ['### Access changes: roles and grants', '', summary.join(' · ')], blocks };
}

/** A grant gained by a role that users hold: every one of them can do more after the deploy. */
function accessWarnings(report: RoleAccessReport): Warning[] {
  const texts = report.roles
    .filter((c) => c.change === 'gained' && c.holders.length > 0)
    .map((c) => `Role ${code(c.role)} **gains grant ${grantText(c)}**: ${plural(c.holders.length, 'user')} of this stack hold it`);
  return capped(texts, (n) => `… and ${plural(n, 'more grant')} gained by roles users hold`);
}

export function analyzeRoleAccess(constructs: readonly ConstructBlock[], facts: AccessFacts): AccessAnalysis {
  const report = roleAccessChanges(constructs, facts);
  const section = accessSection(report);
  return { ...(section ? { section } : {}), warnings: ranked(WARNING_RANK.access, accessWarnings(report)) };
}

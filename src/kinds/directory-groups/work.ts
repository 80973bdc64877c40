import { memberOperations } from '../../domo/scim/group-operations';
import type { ScimGroup } from '../../domo/scim/schemas';
import { type DesiredGroup, type MembershipMode } from './model';
import type { Domain, EngineContext } from '../../engine/context';
import { constructOf, verifiedInstance } from '../../engine/manifests';
import { notKept, notKeptField, type Outcome, type WorkResult } from '../../engine/outcome';
import { resolveMembers } from '../../engine/group-members';
import { postGroup } from './post';
import { planGroup } from './planner';
import type { Work } from '../../engine/protocol';
import { directoryGroupsManifest } from './manifest';
import { groupKey } from '../../model/identity';

/**
 * Create step of a group: makes it exist with the desired fields and members. It finds the group
 * by displayName (so it keeps its id), patches only fields that differ, and sends only the
 * membership difference, in batches. Members missing in Domo are created first when this stack
 * manages them (DomoUsers), otherwise reported after the rest is applied.
 */
export async function createDirectoryGroup(ctx: EngineContext, work: Work): Promise<WorkResult> {
  const { construct, instance } = verifiedInstance(ctx.output, work, directoryGroupsManifest);
  const { group } = instance;
  const domain = ctx.domain(construct.scim);
  const { ids, missing, names } = await resolveMembers(domain, group.members, ctx.env.DOMO_IDENTITY_CONCURRENCY);
  const desired = new Set(ids);
  const notes: string[] = [];
  const { live, created } = await findOrCreate(domain, group, desired, names, notes);
  let status: Outcome['status'] = created ? 'created' : 'unchanged';
  if (!created && (await converge(domain, live, group, desired, construct.membership, names, notes))) status = 'updated';
  const outcomes = [await readBack(domain, live.id, { group, desired, membership: construct.membership }, { names, status, notes })];
  for (const name of missing)
    outcomes.push({ identity: `${group.displayName} member ${name.userName}`, status: 'failed', error: name.reason });
  return { outcomes };
}

/**
 * The group by displayName, or created with its fields and members (in the POST when few, else
 * in batches), once per deploy: a PDP policy naming the group may have created it first. A group
 * a failed POST created after all, or another instance created, is converged like any other.
 */
async function findOrCreate(
  domain: Domain,
  group: DesiredGroup,
  desired: ReadonlySet<string>,
  names: Map<string, string>,
  notes: string[],
) {
  const { group: live, created } = await domain.groups.ensure(group.displayName, () => postGroup(domain, group, [...desired]));
  if (created) notes.push(`members ${describeIds('+', [...desired], names)}`);
  return { live, created };
}

/** Patches the fields that differ and sends only the membership difference; true when anything was sent. */
async function converge(
  domain: Domain,
  live: ScimGroup,
  group: DesiredGroup,
  desired: ReadonlySet<string>,
  membership: MembershipMode,
  names: Map<string, string>,
  notes: string[],
): Promise<boolean> {
  const current = await domain.scim.getGroup(live.id);
  for (const m of current.members ?? []) if (m.display && !names.has(m.value)) names.set(m.value, m.display);
  const plan = planGroup(current, group, desired, membership);
  if (plan.fieldOperations.length > 0) await domain.scim.patchGroup(live.id, plan.fieldOperations);
  for (const batch of memberOperations(plan.add, plan.remove)) await domain.scim.patchGroup(live.id, batch);
  for (const f of plan.fields) notes.push(`${f.field} ${JSON.stringify(f.from)} -> ${JSON.stringify(f.to)}`);
  const moved = plan.add.length + plan.remove.length > 0;
  if (moved) notes.push(`members ${describeIds('+', plan.add, names)} ${describeIds('-', plan.remove, names)}`.trim());
  return plan.fields.length > 0 || moved;
}

/** Destroy step: applies the removal policy to a group that is desired nowhere in the construct any more. */
export async function destroyDirectoryGroup(ctx: EngineContext, work: Work): Promise<WorkResult> {
  const { construct } = constructOf(ctx.output, work, directoryGroupsManifest);
  const displayName = work.arg;
  if (!ctx.env.DOMO_IDENTITY_TEARDOWN && construct.desiredGroups.includes(groupKey(displayName))) {
    return { outcomes: [{ identity: displayName, status: 'kept' }] };
  }
  if (construct.removalPolicy === 'retain') return { outcomes: [{ identity: displayName, status: 'retained' }] };
  const domain = ctx.domain(construct.scim);
  const live = await domain.groups.find(displayName);
  if (!live) return { outcomes: [{ identity: displayName, status: 'absent' }] };
  await domain.scim.deleteGroup(live.id);
  domain.groups.forget(displayName);
  return { outcomes: [{ identity: displayName, status: 'deleted', detail: `group ${live.id} deleted` }] };
}

/** What a group's create step wrote: the group as desired, with its members' Domo ids. */
interface Written {
  readonly group: DesiredGroup;
  readonly desired: ReadonlySet<string>;
  readonly membership: MembershipMode;
}

/**
 * Domo can accept a write and not apply it: only the read-back tells, so it names each field that
 * is not as written, and who is or is not a member. The planner decides, as it did before the write.
 */
async function readBack(
  domain: Domain,
  id: string,
  { group, desired, membership }: Written,
  report: { names: Map<string, string>; status: Outcome['status']; notes: readonly string[] },
): Promise<Outcome> {
  const { names, status, notes } = report;
  const after = await domain.scim.getGroup(id);
  for (const m of after.members ?? []) if (m.display && !names.has(m.value)) names.set(m.value, m.display);
  const left = planGroup(after, group, desired, membership);
  const parts = [
    ...left.fields.map((f) => notKeptField(f.field, f.to, f.from)),
    describeIds('not members: ', left.add, names),
    describeIds('still members: ', left.remove, names),
  ].filter((t) => t !== '');
  if (parts.length > 0) return notKept(group.displayName, status === 'created' ? 'create' : 'update', parts);
  return { identity: group.displayName, status, ...(notes.length > 0 ? { detail: notes.join('; ') } : {}) };
}

const LISTED = 10;

function describeIds(sign: string, ids: readonly string[], names: ReadonlyMap<string, string>): string {
  if (ids.length === 0) return '';
  const shown = ids.slice(0, LISTED).map((id) => names.get(id) ?? `id ${id}`);
  return `${sign}${ids.length} (${shown.join(', ')}${ids.length > LISTED ? `, and ${ids.length - LISTED} more` : ''})`;
}

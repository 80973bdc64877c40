import type { ScimClient } from '../domo/scim/client';
import { GROUP_PATHS, memberOperations, type GroupPatchOperation } from '../domo/scim/group-operations';
import type { ScimGroup } from '../domo/scim/schemas';
import { DOMO_GROUP } from '../domo/scim/urns';
import { groupKey, type GroupFile, type GroupsConstructFile } from '../model/directory-groups';
import { resolveUserIds } from './user-ids';
import type { Outcome } from '../engine/outcome';

export interface GroupRunOptions {
  readonly concurrency: number;
}

/**
 * Makes one directory group exist with the desired fields and members. Idempotent: it finds the
 * group by displayName (so it keeps its id), patches only fields that differ, and sends only the
 * membership difference, in batches. Members missing in Domo are reported after the rest is applied.
 */
export async function reconcileGroup(client: ScimClient, file: GroupFile, options: GroupRunOptions): Promise<Outcome[]> {
  const { group, membership } = file;
  const notes: string[] = [];
  let live = await client.findGroupByDisplayName(group.displayName);
  let status: Outcome['status'] = 'unchanged';
  if (!live) {
    live = await client.createGroup({ displayName: group.displayName, [DOMO_GROUP]: domoFields(group) });
    status = 'created';
  } else {
    const ops = fieldOperations(live, group, notes);
    if (ops.length > 0) {
      await client.patchGroup(live.id, ops);
      status = 'updated';
    }
  }
  const resolved = await resolveUserIds(client, group.members, options.concurrency);
  const desired = new Set(resolved.ids.values());
  const currentGroup = await client.getGroup(live.id);
  const current = memberIds(currentGroup);
  const add = [...desired].filter((id) => !current.has(id));
  const remove = membership === 'authoritative' ? [...current].filter((id) => !desired.has(id)) : [];
  for (const batch of memberOperations(add, remove)) await client.patchGroup(live.id, batch);
  const names = new Map<string, string>([...resolved.ids].map(([name, id]) => [id, name]));
  for (const m of currentGroup.members ?? []) if (m.display) names.set(m.value, m.display);
  if (add.length + remove.length > 0) {
    if (status === 'unchanged') status = 'updated';
    notes.push(`members ${describeIds('+', add, names)} ${describeIds('-', remove, names)}`.trim());
  }

  const outcomes: Outcome[] = [];
  // Domo can accept a write and not apply it: only the read-back tells, so it names who is wrong.
  const readBack = await client.getGroup(live.id);
  for (const m of readBack.members ?? []) if (m.display && !names.has(m.value)) names.set(m.value, m.display);
  const after = memberIds(readBack);
  const lost = [...desired].filter((id) => !after.has(id));
  const extra = membership === 'authoritative' ? [...after].filter((id) => !desired.has(id)) : [];
  if (lost.length + extra.length > 0) {
    const kept = [describeIds('not members: ', lost, names), describeIds('still members: ', extra, names)]
      .filter((t) => t !== '')
      .join('; ');
    outcomes.push({
      identity: group.displayName,
      status: 'failed',
      error: `Domo did not keep the membership (read back after the update): ${kept}`,
    });
  } else {
    outcomes.push({ identity: group.displayName, status, ...(notes.length > 0 ? { detail: notes.join('; ') } : {}) });
  }
  for (const name of resolved.missing) {
    outcomes.push({
      identity: `${group.displayName} member ${name}`,
      status: 'failed',
      error: 'not found in Domo (create the user in Domo, or remove them from the group)',
    });
  }
  return outcomes;
}

/** Applies the removal policy to a group that is desired nowhere in the construct any more. */
export async function removeGroup(
  client: ScimClient,
  construct: GroupsConstructFile,
  displayName: string,
  teardown: boolean,
): Promise<Outcome> {
  if (!teardown && construct.desiredGroups.includes(groupKey(displayName))) return { identity: displayName, status: 'kept' };
  if (construct.removalPolicy === 'retain') return { identity: displayName, status: 'retained' };
  const live = await client.findGroupByDisplayName(displayName);
  if (!live) return { identity: displayName, status: 'absent' };
  await client.deleteGroup(live.id);
  return { identity: displayName, status: 'deleted', detail: `group ${live.id} deleted` };
}

function domoFields(group: GroupFile['group']): { domoDisplayName?: string; description?: string } {
  return {
    ...(group.domoDisplayName !== undefined ? { domoDisplayName: group.domoDisplayName } : {}),
    ...(group.description !== undefined ? { description: group.description } : {}),
  };
}

function fieldOperations(live: ScimGroup, group: GroupFile['group'], notes: string[]): GroupPatchOperation[] {
  const ops: GroupPatchOperation[] = [];
  const ext = live[DOMO_GROUP] ?? {};
  const change = (label: string, path: GroupPatchOperation['path'], from: string | undefined, to: string | undefined) => {
    if (to === undefined || from === to) return;
    ops.push({ op: 'Replace', path, value: to });
    notes.push(`${label} ${JSON.stringify(from ?? '')} -> ${JSON.stringify(to)}`);
  };
  change('displayName', GROUP_PATHS.displayName, live.displayName, group.displayName);
  change('domoDisplayName', GROUP_PATHS.domoDisplayName, ext.domoDisplayName, group.domoDisplayName);
  change('description', GROUP_PATHS.description, ext.description, group.description);
  return ops;
}

function memberIds(group: ScimGroup): Set<string> {
  return new Set((group.members ?? []).map((m) => m.value));
}

const LISTED = 10;

function describeIds(sign: string, ids: readonly string[], names: ReadonlyMap<string, string>): string {
  if (ids.length === 0) return '';
  const shown = ids.slice(0, LISTED).map((id) => names.get(id) ?? `id ${id}`);
  return `${sign}${ids.length} (${shown.join(', ')}${ids.length > LISTED ? `, and ${ids.length - LISTED} more` : ''})`;
}

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ScimConnection } from './manifest';
import { userKey } from './user-attributes';

/** `authoritative`: members not listed are removed. `additive`: listed members are added, nobody is removed. */
export const MembershipMode = z.enum(['authoritative', 'additive']);
export type MembershipMode = z.infer<typeof MembershipMode>;

/** What happens in Domo to a group that leaves the data: `retain` leaves it, `delete` deletes it. */
export const GroupRemovalPolicy = z.enum(['retain', 'delete']);
export type GroupRemovalPolicy = z.infer<typeof GroupRemovalPolicy>;

/** One directory group as desired: displayName is its identity (the directory/IdP name). */
export const DesiredGroup = z.object({
  displayName: z.string(),
  /** The name shown in Domo. @default - left as Domo has it */
  domoDisplayName: z.string().optional(),
  /** @default - left as Domo has it */
  description: z.string().optional(),
  /** Members by userName (email), matched case-insensitively. */
  members: z.array(z.string()),
});
export type DesiredGroup = z.infer<typeof DesiredGroup>;

export const MEMBER_TRIGGER_PREFIX = 'member/';

/**
 * One key per field and per member, so the plan shows `+ "member/jane@acme.com"` for a joiner,
 * `- "member/bob@acme.com"` for a leaver and `~ "description" = "old" -> "new"`.
 */
export function groupTriggers(group: DesiredGroup, membership: MembershipMode): Record<string, string> {
  const triggers: Record<string, string> = { displayName: group.displayName, membership };
  if (group.domoDisplayName !== undefined) triggers.domoDisplayName = group.domoDisplayName;
  if (group.description !== undefined) triggers.description = group.description;
  for (const member of group.members) triggers[`${MEMBER_TRIGGER_PREFIX}${member}`] = 'member';
  return triggers;
}

const Settings = {
  version: z.literal(1),
  constructPath: z.string(),
  scim: ScimConnection,
  membership: MembershipMode,
  removalPolicy: GroupRemovalPolicy,
};

/** `<dir>/construct.json`: settings plus every desired group's displayName, lower-cased. */
export const GroupsConstructFile = z.object({ ...Settings, kind: z.literal('directory-groups'), desiredGroups: z.array(z.string()) });
export type GroupsConstructFile = z.infer<typeof GroupsConstructFile>;

/** `<dir>/group-<hash>.json`: one group. */
export const GroupFile = z.object({ ...Settings, kind: z.literal('directory-group'), group: DesiredGroup });
export type GroupFile = z.infer<typeof GroupFile>;

export function groupKey(displayName: string): string {
  return displayName.trim().toLowerCase();
}

/** Group names can be any text: file names use a hash of the for_each key. */
export function groupFileName(instanceKey: string): string {
  return `group-${createHash('sha256').update(instanceKey).digest('hex').slice(0, 16)}.json`;
}

export interface GroupsManifest {
  readonly constructPath: string;
  readonly scim: ScimConnection;
  readonly membership: MembershipMode;
  readonly removalPolicy: GroupRemovalPolicy;
  readonly groups: readonly DesiredGroup[];
}

export function groupManifestFiles(manifest: GroupsManifest): Map<string, GroupsConstructFile | GroupFile> {
  const { groups, ...rest } = manifest;
  const settings = { version: 1 as const, ...rest };
  const files = new Map<string, GroupsConstructFile | GroupFile>();
  files.set('construct.json', { ...settings, kind: 'directory-groups', desiredGroups: groups.map((g) => groupKey(g.displayName)) });
  for (const group of groups) files.set(groupFileName(group.displayName), { ...settings, kind: 'directory-group', group });
  return files;
}

/** Members as lower-cased userNames, for comparisons. */
export function memberKeys(group: DesiredGroup): Set<string> {
  return new Set(group.members.map(userKey));
}

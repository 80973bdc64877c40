import { z } from 'zod';
import { userKey } from '../../model/identity';

/** `authoritative`: members not listed are removed. `additive`: listed members are added, nobody is removed. */
export const MembershipMode = z.enum(['authoritative', 'additive']);
export type MembershipMode = z.infer<typeof MembershipMode>;

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

/** Members as lower-cased userNames, for comparisons. */
export function memberKeys(group: DesiredGroup): Set<string> {
  return new Set(group.members.map(userKey));
}

import { z } from 'zod';
import { DesiredGroup, groupTriggers, MembershipMode } from './model';
import { ConstructBase, RetainOrDelete, type KindManifest } from '../../model/kind';

export const GroupsConstructFile = z.object({
  ...ConstructBase,
  kind: z.literal('directory-groups'),
  membership: MembershipMode,
  /** `retain` leaves a group that leaves the data in Domo; `delete` deletes it. */
  removalPolicy: RetainOrDelete,
  /** Every desired group's displayName, lower-cased. */
  desiredGroups: z.array(z.string()),
});
export type GroupsConstructFile = z.infer<typeof GroupsConstructFile>;

export const GroupInstanceFile = z.object({ group: DesiredGroup });
export type GroupInstanceFile = z.infer<typeof GroupInstanceFile>;

export const directoryGroupsManifest: KindManifest<GroupsConstructFile, GroupInstanceFile> = {
  name: 'directory-groups',
  constructFile: GroupsConstructFile,
  instanceFile: GroupInstanceFile,
  triggers: (construct, instance) => groupTriggers(instance.group, construct.membership),
  // The group's own name is all a removal needs; members never pass through argv.
  destroyArgument: (triggers) => `\${${triggers}["displayName"]}`,
};

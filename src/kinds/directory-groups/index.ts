import { analyzeGroups } from '../../cli/plan-summary/groups';
import { collectGroups } from '../../cli/plan-summary/access-input';
import type { KindDefinition } from '../kind';
import { directoryGroupsManifest } from './manifest';
import { createDirectoryGroup, destroyDirectoryGroup } from './work';
import { groupCreator } from './post';
import { groupKey } from '../../model/identity';

export const directoryGroupsKind: KindDefinition = {
  name: directoryGroupsManifest.name,
  constructClass: 'DomoDirectoryGroups',
  manifest: directoryGroupsManifest,
  instanceNoun: 'group',
  create: createDirectoryGroup,
  destroy: destroyDirectoryGroup,
  creates: {
    groups: {
      by: 'DomoDirectoryGroups',
      records: (output, entry) =>
        output
          .instances(entry, directoryGroupsManifest)
          .map(([, file]) => [groupKey(file.group.displayName), groupCreator(file.group, entry.path)] as const),
    },
  },
  needs: (_output, entry) => ({ scim: entry.scim, groups: true }),
  addDesired(output, entry, into) {
    const construct = output.constructFile(entry, directoryGroupsManifest);
    const files = output.instances(entry, directoryGroupsManifest).map(([, f]) => f);
    into.groups.push({ constructPath: entry.path, membership: construct.membership, groups: files.map((f) => f.group) });
  },
  recognize: (keys) => keys.has('displayName') && keys.has('membership'),
  planSection: (c) => analyzeGroups(c.changed, c.manifest, c.info),
  collectAccess: collectGroups,
};

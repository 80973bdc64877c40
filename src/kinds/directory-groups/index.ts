import { analyzeGroups } from '../../cli/plan-summary/groups';
import { collectGroups } from '../../cli/plan-summary/access-input';
import type { KindDefinition } from '../kind';
import type { DriftAdapter } from '../../drift/facet';
import { groupsFacet, type DesiredGroupSet } from './drift';
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
  drift: {
    facet: groupsFacet,
    desired(output, entry) {
      const construct = output.constructFile(entry, directoryGroupsManifest);
      const groups = output.instances(entry, directoryGroupsManifest).map(([, f]) => f.group);
      return { constructPath: entry.path, membership: construct.membership, groups };
    },
  } satisfies DriftAdapter<DesiredGroupSet> as DriftAdapter,
  recognize: (keys) => keys.has('displayName') && keys.has('membership'),
  planSection: (c) => analyzeGroups(c.changed, c.manifest, c.info),
  collectAccess: collectGroups,
};

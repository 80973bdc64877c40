import type { KindDefinition } from '../kind';
import { directoryGroupsChecks } from './checks';
import { groupsExport } from './export';
import { directoryGroupsPlan } from './plan';
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
  checks: directoryGroupsChecks,
  drift: {
    facet: groupsFacet,
    desired(output, entry) {
      const construct = output.constructFile(entry, directoryGroupsManifest);
      const groups = output.instances(entry, directoryGroupsManifest).map(([, f]) => f.group);
      return { constructPath: entry.path, membership: construct.membership, groups };
    },
  } satisfies DriftAdapter<DesiredGroupSet> as DriftAdapter,
  plan: directoryGroupsPlan,
  export: groupsExport,
};

import { directoryGroupsManifest } from '../../kinds/directory-groups/manifest';
import { analyzeGroups } from '../plan-summary/groups';
import { collectGroups } from '../plan-summary/access-input';
import type { CliKind } from './adapter';

export const directoryGroupsCli: CliKind = {
  constructClass: 'DomoDirectoryGroups',
  needs: (_output, entry) => ({ scim: entry.scim, groups: true }),
  addDesired(output, entry, into) {
    const construct = output.constructFile(entry, directoryGroupsManifest);
    const files = output.instances(entry, directoryGroupsManifest).map(([, f]) => f);
    into.groups.push({ constructPath: entry.path, membership: construct.membership, groups: files.map((f) => f.group) });
  },
  planSection: (c) => analyzeGroups(c.changed, c.manifest, c.info),
  collectAccess: collectGroups,
};

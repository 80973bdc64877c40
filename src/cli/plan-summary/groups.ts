import { userKey } from '../../model/identity';
import { MEMBER_TRIGGER_PREFIX } from '../../kinds/directory-groups/model';
import type { ConstructInfo, GroupChange, GroupsSection } from './analyze';
import { byKey, fieldChanges, statusOf } from './changes';
import type { ConstructManifest } from './manifests';
import type { InstanceChange, Triggers } from './plan-json';

function splitGroup(map: Triggers | null): { fields: Map<string, string>; members: Map<string, string> } {
  const fields = new Map<string, string>();
  const members = new Map<string, string>();
  for (const [k, v] of map ?? []) {
    if (k.startsWith(MEMBER_TRIGGER_PREFIX)) {
      const member = k.slice(MEMBER_TRIGGER_PREFIX.length);
      members.set(userKey(member), member);
    } else fields.set(k, v);
  }
  return { fields, members };
}

export function analyzeGroups(
  changed: readonly InstanceChange[],
  manifest: ConstructManifest | undefined,
  info: (reruns: number) => ConstructInfo,
): GroupsSection {
  const groups: Array<[string, GroupChange]> = [];
  let reruns = 0;
  for (const instance of changed) {
    const status = statusOf(instance);
    const before = splitGroup(instance.before);
    const after = splitGroup(instance.after);
    const displayName = after.fields.get('displayName') ?? before.fields.get('displayName') ?? instance.key;
    const membership = after.fields.get('membership') ?? before.fields.get('membership') ?? manifest?.membership;
    const fields = fieldChanges(before.fields, after.fields, status === 'changed' ? ['displayName'] : ['displayName', 'membership']);
    const joining = byKey([...after.members].filter(([id]) => !before.members.has(id)));
    const leaving = status === 'removed' ? [] : byKey([...before.members].filter(([id]) => !after.members.has(id)));
    if (status === 'changed' && fields.length + joining.length + leaving.length === 0) {
      if (!instance.fromDomo) reruns++;
      continue;
    }
    groups.push([
      `${status === 'created' ? 0 : status === 'changed' ? 1 : 2}${displayName.toLowerCase()}`,
      {
        displayName,
        status,
        fields: status === 'removed' ? [] : fields,
        joining,
        leaving,
        ...(membership !== undefined ? { membership } : {}),
        membersBefore: before.members.size,
        membersAfter: after.members.size,
      },
    ]);
  }
  return {
    kind: 'directory-groups',
    ...info(reruns),
    ...(manifest?.membership !== undefined ? { membership: manifest.membership } : {}),
    groups: byKey(groups),
  };
}

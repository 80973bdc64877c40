import type { GroupDrift } from '../../src/kinds/directory-groups/drift';

/** A changed authoritative group of `s/Groups` as drift reports it, with the members that differ. */
export function groupDrift(displayName: string, members: { missing?: string[]; extra?: string[] } = {}): GroupDrift {
  return {
    displayName,
    construct: 's/Groups',
    membership: 'authoritative',
    status: 'changed',
    fields: [],
    missingMembers: members.missing ?? [],
    extraMembers: members.extra ?? [],
    membersNotInDomo: [],
  };
}

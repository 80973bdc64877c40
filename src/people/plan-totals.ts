import { userKey } from '../model/identity';
import { formatCount, plural } from '../report/words';
import type { TotalsPart } from '../plan/section';
import type { PeopleSection } from './plan-section';

/** Users are counted once however many constructs change them; a user is new when no construct had them before. */
export const peopleTotals: TotalsPart<PeopleSection> = {
  id: 'users',
  order: 0,
  phrases(sections) {
    const changedUsers = new Set<string>();
    const existingUsers = new Set<string>();
    const leaving = new Set<string>();
    let attributesChanged = 0;
    for (const s of sections) {
      for (const u of s.changed) {
        changedUsers.add(userKey(u.userName));
        existingUsers.add(userKey(u.userName));
      }
      for (const u of s.created) changedUsers.add(userKey(u.userName));
      for (const u of [...s.changed, ...s.created]) attributesChanged += u.changes.length;
      for (const u of s.leaving) leaving.add(userKey(u));
    }
    const usersNew = [...changedUsers].filter((u) => !existingUsers.has(u)).length;
    return [
      `${plural(changedUsers.size, 'user')} changed${usersNew > 0 ? ` (${formatCount(usersNew)} new)` : ''}, ${plural(attributesChanged, 'attribute')} changed, ${plural(leaving.size, 'user')} leaving`,
    ];
  },
};

import { fieldsOfUserKeys } from '../../model/triggers';
import { clears, constructName, ranked } from '../../plan/render';
import { WARNING_RANK, type PlanHooks } from '../../plan/section';
import { formatCount, plural } from '../../report/words';
import { attributeNow, usersNow } from '../../people/current';
import { analyzePeople, peopleRemovals, WARN_USERS_CLEARED, type PeopleSection } from '../../people/plan-section';
import { renderPeople } from '../../people/plan-render';
import { peopleTotals } from '../../people/plan-totals';

export const userAttributesPlan: PlanHooks<PeopleSection> = {
  recognize: (keys) => fieldsOfUserKeys(keys) !== undefined,
  section: (c) => analyzePeople({ kind: 'user-attributes', absentIsEmpty: true }, c.instances, c.info),
  render: (s) =>
    renderPeople(s, {
      title: 'user attributes',
      absent: '*(none)*',
      leavingFate(policy) {
        if (policy === 'clear') return 'their managed attributes are cleared (removal policy `clear`)';
        if (policy === 'retain') return 'Domo keeps their attributes (removal policy `retain`)';
        return "handled per the construct's removal policy (default `clear`: their managed attributes are cleared)";
      },
    }),
  warnings(s) {
    // More than WARN_USERS_CLEARED users with values cleared, leaving or not.
    const leavingCleared = s.removalPolicy === 'retain' ? 0 : s.leaving.length;
    const emptied = s.changed.filter((u) => u.changes.some(clears)).length;
    if (leavingCleared + emptied <= WARN_USERS_CLEARED) return [];
    const why = [
      leavingCleared > 0
        ? `${formatCount(leavingCleared)} leaving${s.removalPolicy === undefined ? ' (if its removal policy is `clear`, the default)' : ''}`
        : '',
      emptied > 0 ? `${formatCount(emptied)} with values emptied` : '',
    ].filter(Boolean);
    const text = `**Attributes of ${plural(leavingCleared + emptied, 'user')} cleared** by ${constructName(s)}: ${why.join(', ')}`;
    return ranked(WARNING_RANK.removal, [{ text, count: 1 }]);
  },
  totals: peopleTotals,
  current: (after, index, old) => usersNow(after, index, (field, live, desired) => attributeNow(live, field, desired), old),
  // Leaving users are cleared unless the policy is `retain` (the default is `clear`).
  removals: (s, c) => peopleRemovals(s, c.instances, s.removalPolicy !== 'retain'),
};

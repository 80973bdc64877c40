import { userKey } from '../model/identity';
import { TRIGGER_KEY_SEPARATOR } from '../model/triggers';
import type { Deployed } from '../drift/facet';
import type { PeopleDrift, PeopleSet, UserDrift } from './drift-types';

/** A user construct's instances in the state, merged: userKey -> field -> the value last deployed. */
export function deployedUsers(deployed: Deployed, constructPath: string): Map<string, Map<string, string>> {
  const users = new Map<string, Map<string, string>>();
  for (const triggers of deployed.instances(constructPath).values()) {
    for (const [key, value] of triggers) {
      const at = key.lastIndexOf(TRIGGER_KEY_SEPARATOR);
      if (at <= 0) continue;
      const id = userKey(key.slice(0, at));
      let fields = users.get(id);
      if (!fields) users.set(id, (fields = new Map()));
      fields.set(key.slice(at + 1), value);
    }
  }
  return users;
}

/**
 * The user drift that the code's own changes do not explain: a difference where Domo still holds
 * what was last deployed (the value in Terraform's state) is a data change the plan makes anyway, so
 * it is dropped; so are users the state never had (new in the data: the plan creates their instance
 * and reconciles it whole). A missing user the state had is kept. Outsiders are kept whole.
 */
export function peopleOutsideTheCode(report: PeopleDrift, deployed: Deployed, sets: readonly PeopleSet[]): PeopleDrift {
  const setOf = new Map(sets.map((s) => [s.constructPath, s]));
  const states = new Map<string, Map<string, Map<string, string>>>();
  const stateOf = (construct: string) => {
    let state = states.get(construct);
    if (!state) states.set(construct, (state = deployedUsers(deployed, construct)));
    return state;
  };
  const users: UserDrift[] = [];
  for (const u of report.users) {
    const id = userKey(u.userName);
    if (u.status === 'missing') {
      if (u.constructs.some((c) => stateOf(c).has(id))) users.push(u);
      continue;
    }
    const differences = u.differences.filter((d) => {
      const fields = stateOf(d.construct).get(id);
      const set = setOf.get(d.construct);
      return fields !== undefined && set !== undefined && !set.explained(d, (field) => fields.get(field));
    });
    if (differences.length > 0) users.push({ ...u, differences });
  }
  return { ...report, users };
}

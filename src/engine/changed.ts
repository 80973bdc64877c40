import { userDigests } from '../model/triggers';

export interface Selection<U> {
  readonly users: readonly U[];
  /** Users of the instance the change did not touch, so they were not read or written. */
  readonly untouched: number;
}

/**
 * The users of a replaced shard whose desired values changed: their per-user trigger digest
 * differs from the old instance's (passed on by its destroy step in this apply), or they are new.
 * Everyone when there is no old instance (first deploy, tainted instance), when the instance must
 * be reconciled whole (a repair), or when nothing differs: a replacement without a data change is
 * a request to reconcile (`-replace`).
 */
export function selectChanged<U extends { readonly userName: string }>(
  users: readonly U[],
  triggers: Readonly<Record<string, string>>,
  old: ReadonlyMap<string, string> | undefined,
  whole: boolean,
): Selection<U> {
  if (!old || whole) return { users, untouched: 0 };
  const current = userDigests(triggers);
  const changed = users.filter((u) => old.get(u.userName) !== current.get(u.userName));
  if (changed.length === 0) return { users, untouched: 0 };
  return { users: changed, untouched: users.length - changed.length };
}

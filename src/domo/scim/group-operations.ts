import { ConfigError } from '../../errors';
import { DOMO_GROUP } from './urns';

/** The only paths Domo's group PATCH accepts, exactly as written: they are case-sensitive. */
export const GROUP_PATHS = {
  members: 'members',
  displayName: 'displayName',
  domoDisplayName: `${DOMO_GROUP}:domoDisplayName`,
  description: `${DOMO_GROUP}:description`,
} as const;
export type GroupPath = (typeof GROUP_PATHS)[keyof typeof GROUP_PATHS];

/**
 * One operation of Domo's restricted group PatchOp: `op` spelled as the contract writes it (unlike
 * user PATCH, nothing says other casings work), `path` is required (a filter-less, whole-attribute
 * path) and only `members` can be removed; a members value is `[{ value: <user id> }]`.
 */
export interface GroupPatchOperation {
  readonly op: 'Add' | 'Replace' | 'Remove';
  readonly path: GroupPath;
  readonly value?: unknown;
}

/** Member ids per PATCH request unless told otherwise; keeps one request well under body-size limits. */
export const DEFAULT_MEMBER_BATCH_SIZE = 500;

/**
 * Member changes as batches of operations, each batch one PATCH request naming at most `batchSize`
 * member ids. Removals come first: a sync that stops halfway leaves someone without access for a
 * while rather than with access they should no longer have. Ids are de-duplicated; an id both
 * added and removed is a caller bug and throws.
 */
export function memberOperations(
  add: readonly string[],
  remove: readonly string[],
  batchSize = DEFAULT_MEMBER_BATCH_SIZE,
): GroupPatchOperation[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError(`member batchSize must be an integer >= 1, got ${batchSize}`);
  const removed = uniqueIds(remove, 'remove');
  const added = uniqueIds(add, 'add');
  const removedSet = new Set(removed);
  const conflicts = added.filter((id) => removedSet.has(id));
  if (conflicts.length > 0) throw new ConfigError(`user id(s) both added to and removed from the group: ${conflicts.join(', ')}`);

  const batches: GroupPatchOperation[][] = [];
  let batch: { op: 'Add' | 'Remove'; ids: string[] }[] = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    batches.push(batch.map(({ op, ids }) => ({ op, path: GROUP_PATHS.members, value: ids.map((value) => ({ value })) })));
    batch = [];
    size = 0;
  };
  for (const [op, ids] of [
    ['Remove', removed],
    ['Add', added],
  ] as const) {
    for (const id of ids) {
      if (size === batchSize) flush();
      const last = batch[batch.length - 1];
      if (last?.op === op) last.ids.push(id);
      else batch.push({ op, ids: [id] });
      size++;
    }
  }
  flush();
  return batches;
}

function uniqueIds(ids: readonly string[], label: string): string[] {
  for (const id of ids) {
    if (typeof id !== 'string' || id.trim() === '')
      throw new ConfigError(`member ids to ${label} must be non-empty strings, got ${JSON.stringify(id)}`);
  }
  return [...new Set(ids)];
}

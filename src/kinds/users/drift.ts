import type { DriftAdapter } from '../../drift/facet';
import { userKey } from '../../model/identity';
import { describeRole } from '../../model/roles';
import { peopleFacet } from '../../people/drift';
import type { PeopleSet, PersonFields } from '../../people/drift-types';
import { deployedValuesAre, shardedUsers } from '../../people/sets';
import { userFields } from './fields';
import { usersManifest } from './manifest';
import { CUSTOM_TRIGGER_PREFIX, type NormalizedUser, type UserField } from './model';
import { customRoleName } from '../../model/roles';
import type { RetainOrDelete } from '../../model/kind';

/** One DomoUsers construct as data. */
export interface UserSetInput {
  readonly constructPath: string;
  readonly users: readonly NormalizedUser[];
  /** userKey -> the shard holding the user. */
  readonly instanceOf: ReadonlyMap<string, string>;
  readonly removalPolicy?: RetainOrDelete;
}

/** A DomoUsers construct is its users' fields and custom attributes; `delete` recognizes former users by a marker key. */
export function userSet(input: UserSetInput): PeopleSet {
  return {
    constructPath: input.constructPath,
    users: input.users.map((u) => ({
      userName: u.userName,
      attributes: u.customAttributes,
      keys: Object.keys(u.customAttributes),
      fields: fieldsOf(u),
    })),
    instanceOf: input.instanceOf,
    ...(input.removalPolicy === 'delete' ? { removal: 'delete' as const } : {}),
    creates: 'DomoUsers',
    explained(d, deployed) {
      if (d.kind === 'attribute') return deployedValuesAre(deployed(`${CUSTOM_TRIGGER_PREFIX}${d.key}`), d.live);
      const value = deployed(d.key);
      if (value === undefined) return false;
      if (d.key === 'role') return value === (d.live === '' ? '' : describeRole(d.live));
      if (d.key === 'manager') return userKey(value) === userKey(d.live);
      return value === d.live;
    },
  };
}

export const usersDrift: DriftAdapter<PeopleSet> = {
  facet: peopleFacet,
  desired(output, entry) {
    const { removalPolicy } = output.constructFile(entry, usersManifest);
    const shards = output.instances(entry, usersManifest).map(([, s]) => s);
    return userSet({ constructPath: entry.path, removalPolicy, ...shardedUsers(shards) });
  },
};

/** The user's fields, with the role (by name) and the manager (by userName) resolved to Domo's ids for the planner. */
function fieldsOf(user: NormalizedUser): PersonFields {
  const roleRef = user.fields.role;
  const managerName = user.fields.manager;
  return {
    namesRoles: roleRef !== undefined && customRoleName(roleRef) !== undefined,
    resolve(directory) {
      const fields: Partial<Record<UserField, string>> = { ...user.fields };
      // A manager Domo does not have can never equal a live id: it always shows as a difference.
      if (managerName !== undefined) fields.manager = directory.userId(managerName) ?? `(${managerName} is not in Domo)`;
      if (roleRef !== undefined) fields.role = directory.roleId(roleRef);
      const nameOf = (id: string) => (id === '' ? '' : (directory.userNameOf(id) ?? `id ${id}`));
      return {
        planner: userFields(fields),
        show: (c) =>
          c.field === 'manager'
            ? { desired: managerName ?? '', live: nameOf(c.from) }
            : { desired: c.field === 'role' ? (roleRef ?? c.to) : c.to, live: c.from },
      };
    },
  };
}

import { removalGuardOf, type RemovalGuardProps } from '../../constructs/removal-guard';
import { Construct } from 'constructs';
import type { TerraformResource } from '../../cdk';
import { attributeKeyProblem, userKey, userNameProblem } from '../../model/identity';
import { DesiredUser, REQUIRED_FIELDS, USER_FIELDS, normalizeDate, roleId, type NormalizedUser } from './model';
import { customRoleName } from '../../model/roles';
import { RetainOrDelete } from '../../model/kind';
import { usersManifest } from './manifest';
import type { BackingResource } from '../../constructs/backing';
import { renderKind } from '../../constructs/render';
import { validateScim, type ScimTarget } from '../../constructs/scim-target';
import { Sharding, assignShards } from '../../constructs/sharding';
import type { AttributeWrite, IAttributeWriter } from '../../constructs/attribute-writer';
import * as errors from './errors';
import * as sharedErrors from '../../constructs/errors';

export interface DomoUsersProps extends RemovalGuardProps {
  /**
   * The users, e.g. mapped from a roster. A field left undefined is not managed for that user
   * (Domo keeps its value); an empty string clears it (except displayName and role).
   */
  readonly users: readonly DesiredUser[];
  /** The Domo SCIM endpoint. The token is never configuration: handlers read DOMO_SCIM_TOKEN. */
  readonly scim: ScimTarget;
  /**
   * What happens to a user who leaves the data.
   * @default 'retain' - the user stays in Domo; 'delete' deletes them (a user owning DataSets is reported and kept)
   */
  readonly removalPolicy?: RetainOrDelete;
  /** @default Sharding.hashBuckets(64) */
  readonly sharding?: Sharding;
  /** @default 'terraform_data' */
  readonly backing?: BackingResource;
}

/**
 * Domo users with upsert semantics: missing users are created, existing ones updated field by
 * field. The plan names every user and field that changes (`~ "jane@acme.com/role" = "Participant
 * (4)" -> "Editor (3)"`). Nothing here ever sends `active: false`, which deletes a user in Domo.
 */
export class DomoUsers extends Construct implements IAttributeWriter {
  readonly resource: TerraformResource;
  readonly manifestPath: string;
  /** The normalized users by shard, as the handlers receive them. */
  readonly shards: Readonly<Record<string, readonly NormalizedUser[]>>;

  constructor(scope: Construct, id: string, props: DomoUsersProps) {
    super(scope, id);
    const name = `DomoUsers "${this.node.path}"`;
    const users = normalizeUsers(name, props.users);
    this.shards = assignShards(
      name,
      users,
      (u) => ({ userName: u.userName, attributes: u.customAttributes }),
      props.sharding ?? Sharding.hashBuckets(),
    );
    const scim = validateScim(name, props.scim);
    const removalPolicy = RetainOrDelete.parse(props.removalPolicy ?? 'retain');
    const rendered = renderKind(this, {
      kind: usersManifest,
      scim,
      backing: props.backing,
      construct: () => ({
        kind: 'users',
        constructPath: this.node.path,
        scim,
        removalPolicy,
        ...removalGuardOf(name, props),
        desiredUsers: users.map((u) => userKey(u.userName)),
        customAttributeKeys: this.customAttributeKeys,
        roleIds: this.roleIds,
      }),
      instances: new Map(Object.entries(this.shards).map(([shard, members]) => [shard, { shard, users: [...members] }])),
    });
    this.resource = rendered.resource;
    this.manifestPath = rendered.manifestPath;
  }

  /** Every custom attribute key some user is given, sorted. */
  get customAttributeKeys(): string[] {
    return [...new Set(Array.from(this.attributeWrites(), (w) => w.key))].sort();
  }

  /** Every role some user is given: ids in numeric order (system roles 1-5, custom ones), then custom roles by name (`name:…`). */
  get roleIds(): string[] {
    const refs = new Set(
      Object.values(this.shards).flatMap((users) => users.map((u) => u.fields.role).filter((r): r is string => r !== undefined)),
    );
    const ids = [...refs].filter((r) => customRoleName(r) === undefined).sort((a, b) => Number(a) - Number(b));
    return [...ids, ...[...refs].filter((r) => customRoleName(r) !== undefined).sort()];
  }

  /** The custom attribute keys given for each user. */
  *attributeWrites(): Iterable<AttributeWrite> {
    for (const users of Object.values(this.shards)) {
      for (const user of users) for (const key of Object.keys(user.customAttributes)) yield { userName: user.userName, key };
    }
  }
}

function normalizeUsers(name: string, users: readonly DesiredUser[]): NormalizedUser[] {
  const seen = new Map<string, string>();
  const out = users.map((input) => {
    const parsed = DesiredUser.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      if (issue.path[0] === 'role') throw errors.invalidRole(name, input.userName, input.role);
      throw errors.invalidUserField(name, input.userName, issue.path.join('.'), issue.message);
    }
    const user = parsed.data;
    const userName = user.userName.trim();
    const userNameInvalid = userNameProblem(userName);
    if (userNameInvalid !== undefined) throw sharedErrors.invalidUserName(name, userNameInvalid);
    const first = seen.get(userKey(userName));
    if (first !== undefined) throw sharedErrors.duplicateUser(name, first, userName);
    seen.set(userKey(userName), userName);

    const fields: Record<string, string> = {};
    for (const field of USER_FIELDS) {
      const value = field === 'role' ? roleId(user.role) : user[field];
      if (value === undefined) continue;
      if (REQUIRED_FIELDS.has(field) && value.trim() === '') throw errors.requiredFieldEmpty(name, userName, field);
      fields[field] = value;
    }
    if (fields.hireDate) {
      const date = normalizeDate(fields.hireDate);
      if (!date) throw errors.unreadableDate(name, userName, fields.hireDate);
      fields.hireDate = date;
    }
    const managerInvalid = fields.manager ? userNameProblem(fields.manager.trim()) : undefined;
    if (managerInvalid !== undefined) throw errors.invalidManager(name, userName, managerInvalid);
    if (fields.manager && userKey(fields.manager) === userKey(userName)) throw errors.selfManager(name, userName);
    const customAttributes: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(user.customAttributes ?? {})) {
      const keyInvalid = attributeKeyProblem(key);
      if (keyInvalid !== undefined) throw errors.invalidCustomKey(name, userName, keyInvalid);
      customAttributes[key] = [...values];
    }
    return { userName, fields, customAttributes };
  });
  return out.sort((a, b) => (userKey(a.userName) < userKey(b.userName) ? -1 : 1));
}

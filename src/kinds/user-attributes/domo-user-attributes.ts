import { Construct } from 'constructs';
import type { TerraformResource } from '../../cdk';
import { attributeKeyProblem, userKey, userNameProblem } from '../../model/identity';
import { type DesiredUserAttributes } from './model';
import { userAttributesManifest, type RemovalPolicy } from './manifest';
import type { BackingResource } from '../../constructs/backing';
import { Sharding, assignShards } from '../../constructs/sharding';
import { renderKind } from '../../constructs/render';
import { validateScim, type ScimTarget } from '../../constructs/scim-target';
import type { AttributeWrite, IAttributeWriter } from '../../constructs/attribute-writer';
import * as errors from './errors';
import { removalGuardOf, type RemovalGuardProps } from '../../constructs/removal-guard';
import * as sharedErrors from '../../constructs/errors';
import { AttributeValues } from '../../model/attribute-values';

export interface DomoUserAttributesProps extends RemovalGuardProps {
  /** Desired custom attributes per user, e.g. from `mapUserAttributes(readCsvFile(...), mapping)`. */
  readonly users: readonly DesiredUserAttributes[];
  /**
   * The custom attribute keys this construct owns, exactly as defined in Domo (case-sensitive).
   * Keys not listed are never read into the plan and never written.
   */
  readonly managedKeys: readonly string[];
  /** The Domo SCIM endpoint. The token is never configuration: handlers read DOMO_SCIM_TOKEN. */
  readonly scim: ScimTarget;
  /**
   * What happens to the managed keys of a user who leaves the data.
   * @default 'clear' - the user's managed keys are cleared; 'retain' leaves Domo as it is
   */
  readonly removalPolicy?: RemovalPolicy;
  /** How users are grouped into Terraform instances. @default Sharding.hashBuckets(64) */
  readonly sharding?: Sharding;
  /** @default 'terraform_data' */
  readonly backing?: BackingResource;
}

/**
 * Keeps Domo users' custom attributes equal to a dataset. The plan names every user and key that
 * changes (old -> new); apply reconciles each changed shard through SCIM with minimal PATCHes.
 */
export class DomoUserAttributes extends Construct implements IAttributeWriter {
  /** The `for_each` resource block holding one instance per shard. */
  readonly resource: TerraformResource;
  /** Manifest folder relative to the stack folder, as the handlers see it. */
  readonly manifestPath: string;
  /** The exact, case-sensitive keys this construct owns. */
  readonly managedKeys: readonly string[];
  /** The users by shard (the Terraform instance key), each with every managed key. */
  readonly shards: Readonly<Record<string, readonly DesiredUserAttributes[]>>;

  constructor(scope: Construct, id: string, props: DomoUserAttributesProps) {
    super(scope, id);
    const name = `DomoUserAttributes "${this.node.path}"`;
    const managedKeys = validateManagedKeys(name, props.managedKeys);
    const users = normalizeUsers(name, props.users, managedKeys);
    const shards = assignShards(name, users, (u) => u, props.sharding ?? Sharding.hashBuckets());

    const scim = validateScim(name, props.scim);
    const removalPolicy = props.removalPolicy ?? 'clear';
    this.managedKeys = managedKeys;
    this.shards = shards;
    const rendered = renderKind(this, {
      kind: userAttributesManifest,
      scim,
      backing: props.backing,
      construct: () => ({
        kind: 'user-attributes',
        constructPath: this.node.path,
        scim,
        managedKeys,
        removalPolicy,
        ...removalGuardOf(name, props),
        desiredUsers: users.map((u) => userKey(u.userName)),
      }),
      instances: new Map(Object.entries(shards).map(([shard, members]) => [shard, { shard, users: members }])),
    });
    this.resource = rendered.resource;
    this.manifestPath = rendered.manifestPath;
  }

  /** Every user is written every managed key (an empty list clears it). */
  *attributeWrites(): Iterable<AttributeWrite> {
    for (const users of Object.values(this.shards)) {
      for (const user of users) for (const key of this.managedKeys) yield { userName: user.userName, key };
    }
  }
}

function validateManagedKeys(name: string, keys: readonly string[]): string[] {
  if (keys.length === 0) throw errors.noManagedKeys(name);
  const seen = new Set<string>();
  for (const key of keys) {
    const problem = attributeKeyProblem(key);
    if (problem !== undefined) throw errors.invalidManagedKey(name, problem);
    if (seen.has(key)) throw errors.duplicateManagedKey(name, key);
    seen.add(key);
  }
  return [...keys];
}

function normalizeUsers(name: string, users: readonly DesiredUserAttributes[], managedKeys: readonly string[]): DesiredUserAttributes[] {
  const byKey = new Map<string, DesiredUserAttributes>();
  for (const user of users) {
    const problem = userNameProblem(user.userName);
    if (problem !== undefined) throw sharedErrors.invalidUserName(name, problem);
    const existing = byKey.get(userKey(user.userName));
    if (existing) throw sharedErrors.duplicateUser(name, existing.userName, user.userName);
    for (const key of Object.keys(user.attributes)) {
      if (!managedKeys.includes(key)) throw errors.unmanagedKeyInUser(name, user.userName, key, managedKeys);
    }
    const attributes: Record<string, string[]> = {};
    for (const key of managedKeys) {
      const values = user.attributes[key] ?? [];
      if (!AttributeValues.safeParse(values).success) throw errors.emptyValue(name, user.userName, key);
      attributes[key] = [...values];
    }
    byKey.set(userKey(user.userName), { userName: user.userName, attributes });
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, u]) => u);
}

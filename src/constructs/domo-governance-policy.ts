import { Construct } from 'constructs';
import { TerraformStack } from '../cdk';
import { attributeKeyProblem, userKey } from '../model/identity';
import { isAttributeWriter } from './attribute-writer';
import * as errors from './errors';

export type GovernedValueSource = 'managed' | 'grant' | 'idp';

export interface GovernedKey {
  /**
   * Where the key's value comes from in Domo (Admin > Governance > Attributes). Only `managed`
   * and `grant` keys may be written by this project: Domo overwrites `idp` keys at every sign-in.
   */
  readonly source: GovernedValueSource;
  /** Ids or paths of the constructs allowed to write the key. @default - any construct in the stack */
  readonly writers?: readonly string[];
}

export interface DomoGovernancePolicyProps {
  /** Every custom attribute key this stack may write, with its value source and writers. */
  readonly keys: Readonly<Record<string, GovernedKey>>;
}

/**
 * The one place where "who may change what" is decided for a stack. At synth it checks every
 * construct that writes custom attributes: undeclared keys, IdP-sourced keys, writers not
 * allowed for a key, and one key written by two constructs for the same user all fail synth
 * with the key, construct and user named.
 */
export class DomoGovernancePolicy extends Construct {
  readonly keys: Readonly<Record<string, GovernedKey>>;

  constructor(scope: Construct, id: string, props: DomoGovernancePolicyProps) {
    super(scope, id);
    for (const key of Object.keys(props.keys)) {
      const problem = attributeKeyProblem(key);
      if (problem !== undefined) throw errors.invalidGovernedKey(`DomoGovernancePolicy "${this.node.path}"`, problem);
    }
    this.keys = props.keys;
    this.node.addValidation({ validate: () => this.violations() });
  }

  /**
   * Every violation in the stack, as messages; empty when the stack complies. Each names the key,
   * the construct and a user: the first affected one (by lower-cased userName, so the message does
   * not depend on sharding), plus how many more, so a stack of thousands fails with one line per
   * problem instead of one per user.
   */
  violations(): string[] {
    const problems: string[] = [];
    /** `${key}\0${userKey}` -> the first construct path writing it. */
    const owners = new Map<string, string>();
    /** `${key}\0${owner}\0${path}` -> users both constructs write the key for. */
    const shared = new Map<string, { key: string; owner: string; path: string; users: string[] }>();
    for (const construct of TerraformStack.of(this).node.findAll()) {
      if (!isAttributeWriter(construct)) continue;
      const path = construct.node.path;
      const usersByKey = new Map<string, string[]>();
      for (const { userName, key } of construct.attributeWrites()) {
        const list = usersByKey.get(key) ?? [];
        list.push(userName);
        usersByKey.set(key, list);
        const slot = `${key}\u0000${userKey(userName)}`;
        const owner = owners.get(slot);
        if (owner === undefined) owners.set(slot, path);
        else if (owner !== path) {
          const pair = `${key}\u0000${owner}\u0000${path}`;
          const entry = shared.get(pair) ?? { key, owner, path, users: [] };
          entry.users.push(userName);
          shared.set(pair, entry);
        }
      }
      for (const [key, users] of usersByKey) {
        const who = `for ${describeUsers(users)}`;
        const rule = Object.prototype.hasOwnProperty.call(this.keys, key) ? this.keys[key] : undefined;
        if (!rule) {
          problems.push(
            `${path} writes custom attribute "${key}" ${who}, which the governance policy ${this.node.path} does not declare. Declare it with its value source, or stop writing it.`,
          );
          continue;
        }
        if (rule.source === 'idp') {
          problems.push(
            `${path} writes custom attribute "${key}" ${who}, whose value source is IdP: Domo overwrites it at every sign-in. Only managed or grant keys may be written.`,
          );
        }
        if (rule.writers && !rule.writers.some((w) => w === construct.node.id || w === path)) {
          problems.push(
            `${path} writes custom attribute "${key}" ${who}, but the governance policy allows only ${rule.writers.join(', ')} to write it.`,
          );
        }
      }
    }
    for (const { key, owner, path, users } of shared.values()) {
      problems.push(
        `custom attribute "${key}" of ${describeUsers(users)} is written by both ${owner} and ${path}. One construct must own it.`,
      );
    }
    return problems;
  }
}

/** `user jane@acme.com`, or `user jane@acme.com and 2 more`: the first by lower-cased userName. */
function describeUsers(userNames: readonly string[]): string {
  const distinct = [...new Map(userNames.map((n) => [userKey(n), n])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const [, first] = distinct[0]!;
  return distinct.length === 1 ? `user ${first}` : `user ${first} and ${distinct.length - 1} more`;
}

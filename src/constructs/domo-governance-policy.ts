import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { userKey } from '../model/user-attributes';
import { isAttributeWriter } from './attribute-writer';

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
    this.keys = props.keys;
    this.node.addValidation({ validate: () => this.violations() });
  }

  /** Every violation in the stack, as messages; empty when the stack complies. */
  violations(): string[] {
    const problems: string[] = [];
    const reported = new Set<string>();
    const report = (message: string) => {
      if (!reported.has(message)) problems.push(message);
      reported.add(message);
    };
    const owners = new Map<string, string>();
    for (const construct of TerraformStack.of(this).node.findAll()) {
      if (!isAttributeWriter(construct)) continue;
      const path = construct.node.path;
      for (const { userName, key } of construct.attributeWrites()) {
        const rule = Object.prototype.hasOwnProperty.call(this.keys, key) ? this.keys[key] : undefined;
        if (!rule) {
          report(`${path} writes custom attribute "${key}", which the governance policy ${this.node.path} does not declare. Declare it with its value source, or stop writing it.`);
          continue;
        }
        if (rule.source === 'idp') {
          report(`${path} writes custom attribute "${key}", whose value source is IdP: Domo overwrites it at every sign-in. Only managed or grant keys may be written.`);
        }
        if (rule.writers && !rule.writers.some((w) => w === construct.node.id || w === path)) {
          report(`${path} writes custom attribute "${key}", but the governance policy allows only ${rule.writers.join(', ')} to write it.`);
        }
        const slot = `${userKey(userName)}\u0000${key}`;
        const owner = owners.get(slot);
        if (owner !== undefined && owner !== path) {
          report(`custom attribute "${key}" of user ${userName} is written by both ${owner} and ${path}. One construct must own it.`);
        }
        owners.set(slot, path);
      }
    }
    return problems;
  }
}

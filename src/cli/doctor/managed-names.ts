import * as path from 'node:path';
import { customRoleName } from '../../model/roles';
import { SynthOutput } from '../../synth/reader';
import { subdirectories } from '../folders';
import type { KindDefinition } from '../../kinds/kind';
import { KINDS } from '../../kinds/registry';
import { kindNamed } from '../../model/kind';

export interface ManagedNamesFound {
  /** Every custom attribute key the constructs write, once, in the order found. */
  readonly keys: string[];
  /** Every role (a Domo role id) the constructs give users, once, in the order found. */
  readonly roles: string[];
  /** Some construct manages custom roles and their grants. */
  readonly manageRoles: boolean;
  /** The construct files that named keys or roles. */
  readonly files: string[];
}

/**
 * The managed keys and roles of a synthesized project, read through the synth output of every
 * stack under `dir/cdktf.out/stacks`: keys that must be defined and writable (DomoUserAttributes'
 * managed keys, the keys DomoUsers writes) and roles that must exist (DomoUsers' roles). Constructs
 * naming neither (directory groups, definitions) are passed over; no synth output means none.
 */
export function readManagedNames(dir: string, kinds: readonly KindDefinition[] = KINDS): ManagedNamesFound {
  const stacksDir = path.join(dir, 'cdktf.out', 'stacks');
  const keys = new Set<string>();
  const roles = new Set<string>();
  const files: string[] = [];
  const defined = new Set<string>();
  let manageRoles = false;
  for (const stack of subdirectories(stacksDir)) {
    const output = SynthOutput.open(path.join(stacksDir, stack));
    for (const entry of output.constructs) {
      const kind = kindNamed(kinds, entry.kind);
      const needs = kind.needs(output, entry);
      manageRoles ||= needs.roles === true;
      for (const r of needs.definesRoles ?? []) defined.add(r.trim().toLowerCase());
      const written = kind.writes?.(output, entry);
      if (!written) continue;
      written.keys.forEach((k) => keys.add(k));
      written.roles.forEach((r) => roles.add(customRoleName(r) ?? r));
      files.push(path.join(output.stackDir, entry.manifestDir, 'construct.json'));
    }
  }
  // Roles a DomoRoles construct of the project creates need not exist before its deploy.
  return { keys: [...keys], roles: [...roles].filter((r) => !defined.has(r.trim().toLowerCase())), manageRoles, files };
}

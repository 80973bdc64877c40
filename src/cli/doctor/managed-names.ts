import * as path from 'node:path';
import { userAttributesManifest } from '../../kinds/user-attributes/manifest';
import { usersManifest } from '../../kinds/users/manifest';
import { customRoleName } from '../../model/users';
import { SynthOutput } from '../../synth/reader';
import { subdirectories } from '../folders';

export interface ManagedNamesFound {
  /** Every custom attribute key the constructs write, once, in the order found. */
  readonly keys: string[];
  /** Every role (a Domo role id) the constructs give users, once, in the order found. */
  readonly roles: string[];
  /** The construct files that named keys or roles. */
  readonly files: string[];
}

/**
 * The managed keys and roles of a synthesized project, read through the synth output of every
 * stack under `dir/cdktf.out/stacks`: keys that must be defined and writable (DomoUserAttributes'
 * managed keys, the keys DomoUsers writes) and roles that must exist (DomoUsers' roles). Constructs
 * naming neither (directory groups, definitions) are passed over; no synth output means none.
 */
export function readManagedNames(dir: string): ManagedNamesFound {
  const stacksDir = path.join(dir, 'cdktf.out', 'stacks');
  const keys = new Set<string>();
  const roles = new Set<string>();
  const files: string[] = [];
  for (const stack of subdirectories(stacksDir)) {
    const output = SynthOutput.open(path.join(stacksDir, stack));
    for (const entry of output.constructs) {
      const file = path.join(output.stackDir, entry.manifestDir, 'construct.json');
      if (entry.kind === 'user-attributes') {
        output.constructFile(entry, userAttributesManifest).managedKeys.forEach((k) => keys.add(k));
        files.push(file);
      } else if (entry.kind === 'users') {
        const construct = output.constructFile(entry, usersManifest);
        construct.customAttributeKeys.forEach((k) => keys.add(k));
        construct.roleIds.forEach((r) => roles.add(customRoleName(r) ?? r));
        files.push(file);
      }
    }
  }
  return { keys: [...keys], roles: [...roles], files };
}

import { ConfigError } from '../errors';
import { loadHandlerEnv } from '../engine/env';
import { runUserAttributes } from './run-user-attributes';
import { runDirectoryGroups } from './run-directory-groups';
import { runUsers } from './run-users';
import { runCustomAttributes } from './run-custom-attributes';

const USAGE =
  'usage: handler.js <user-attributes|directory-groups|users|custom-attributes> <create|destroy|verify> <manifest-dir> <instance-key> <digest|old-instance>';
const PHASES = new Set(['create', 'destroy', 'verify']);

/**
 * Entry of the bundled handler that local-exec starts with `node` (no shell). Arguments come
 * from Terraform: the construct kind, phase, manifest folder and instance key from config, the
 * last one from `self`. `verify` does everything `create` does before the first SCIM call.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [kind, phase, manifestDir, key, arg] = argv;
  if (!phase || !PHASES.has(phase) || !manifestDir || key === undefined || arg === undefined) throw new ConfigError(USAGE);
  const context = { phase, manifestDir, key, arg, env: loadHandlerEnv() };
  switch (kind) {
    case 'user-attributes':
      return runUserAttributes(context);
    case 'directory-groups':
      return runDirectoryGroups(context);
    case 'users':
      return runUsers(context);
    case 'custom-attributes':
      return runCustomAttributes(context);
    default:
      throw new ConfigError(USAGE);
  }
}

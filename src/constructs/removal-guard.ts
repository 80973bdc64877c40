import { ConfigError } from '../errors';

/** The mass-removal guard's prop, shared by every construct that manages users. */
export interface RemovalGuardProps {
  /**
   * Most users one change may clear the managed values of, delete, or remove from groups or
   * policies. `domo-identity plan` and `deploy` refuse more (exit 4) unless run with
   * `--allow-mass-removal`, so a truncated dataset or a wrong column mapping stops before it
   * empties Domo.
   * @default - 10 % of the construct's users, at least 5 and at most 500
   */
  readonly maxUsersRemoved?: number;
}

/** The prop as the construct file holds it (absent: the default), or a ConfigError naming the construct. */
export function removalGuardOf(construct: string, props: RemovalGuardProps): { maxUsersRemoved?: number } {
  const value = props.maxUsersRemoved;
  if (value === undefined) return {};
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(`${construct}: maxUsersRemoved must be a whole number of users, 0 or more; got ${String(value)}.`);
  return { maxUsersRemoved: value };
}

import { ConfigError } from '../../errors';

/** The errors of DomoPdpPolicies, each naming the dataset and policy, the bad value and the fix. */

/** Where a policy problem is: the construct, the dataset and, once known, the policy. */
export interface PolicyAt {
  readonly construct: string;
  readonly dataset: string;
  readonly policy?: string;
}

/** `DomoPdpPolicies "stack/Sales": dataset "7c3e…", policy "North"`. */
function where({ construct, dataset, policy }: PolicyAt): string {
  return `${construct}: dataset ${JSON.stringify(dataset)}${policy === undefined ? '' : `, policy ${JSON.stringify(policy)}`}`;
}

export function invalidDatasetId(construct: string, dataset: string): ConfigError {
  return new ConfigError(
    `${construct}: dataset id ${JSON.stringify(dataset)} is invalid; use the id from the dataset's URL in Domo (no spaces, "/", "?" or "#"), e.g. 7c3e5a10-…`,
  );
}

export function emptyPolicyName(at: PolicyAt, index: number): ConfigError {
  return new ConfigError(`${where(at)}: policy #${index + 1} has an empty name; every PDP policy needs a name.`);
}

export function duplicatePolicy(at: PolicyAt, first: string, second: string): ConfigError {
  return new ConfigError(
    `${where(at)}: policy ${JSON.stringify(second)} is named twice` +
      (first === second ? '' : ` (as ${JSON.stringify(first)} too; Domo compares policy names ignoring case)`) +
      '. Give each policy of a dataset its own name, or merge them.',
  );
}

export function systemPolicyName(at: PolicyAt): ConfigError {
  return new ConfigError(
    `${where(at)}: "All Rows" is the name of Domo's own system policy, which is never managed; name the policy differently.`,
  );
}

export function noPolicyFilters(at: PolicyAt): ConfigError {
  return new ConfigError(
    `${where(at)}: filters is empty. Give at least one filter, e.g. { column: 'Franchise', values: ['Sunbelt Tacos North'] }, ` +
      'or set allRows: true for a policy that shows every row.',
  );
}

export function allRowsWithFilters(at: PolicyAt): ConfigError {
  return new ConfigError(
    `${where(at)}: allRows is true but filters are given; a policy shows every row or the rows its filters match, not both.`,
  );
}

export function emptyFilterColumn(at: PolicyAt, index: number): ConfigError {
  return new ConfigError(`${where(at)}: filters[${index}].column is empty; name a column of the dataset.`);
}

export function emptyFilterValues(at: PolicyAt, index: number, column: string): ConfigError {
  return new ConfigError(`${where(at)}: filters[${index}] (column ${JSON.stringify(column)}) has no values; give at least one value.`);
}

export function invalidFilterValue(at: PolicyAt, index: number, value: unknown): ConfigError {
  return new ConfigError(
    `${where(at)}: filters[${index}].values holds ${JSON.stringify(value)}; values are text, whatever the column's type (e.g. "101").`,
  );
}

export function invalidOperator(at: PolicyAt, index: number, operator: unknown, operators: readonly string[]): ConfigError {
  const upper =
    typeof operator === 'string' && operators.includes(operator.toUpperCase())
      ? ` (operators are upper case: ${operator.toUpperCase()})`
      : '';
  return new ConfigError(
    `${where(at)}: filters[${index}].operator ${JSON.stringify(operator)} is not a PDP operator${upper}; ` +
      `use one of ${operators.join(', ')}, and not: true to negate.`,
  );
}

export function duplicateFilter(at: PolicyAt, column: string, operator: string): ConfigError {
  return new ConfigError(
    `${where(at)}: two filters on column ${JSON.stringify(column)} with operator ${operator}; merge their values into one filter.`,
  );
}

export function repeatedFilterValue(at: PolicyAt, column: string, value: string): ConfigError {
  return new ConfigError(
    `${where(at)}: value ${JSON.stringify(value)} appears in two filters on column ${JSON.stringify(column)}; keep it in one.`,
  );
}

export function invalidPolicyUser(at: PolicyAt, problem: string): ConfigError {
  return new ConfigError(`${where(at)}: users: ${problem}.`);
}

export function emptyPolicyGroup(at: PolicyAt, position: number): ConfigError {
  return new ConfigError(`${where(at)}: groups[${position}] is empty; give the directory group's displayName or remove it.`);
}

export function duplicatePolicyMember(at: PolicyAt, field: string, first: string, second: string): ConfigError {
  return new ConfigError(
    `${where(at)}: ${field} lists ${JSON.stringify(second)} twice` +
      (first === second ? '.' : ` (as ${JSON.stringify(first)} too; names match ignoring case).`),
  );
}

export function policyNamesTooLarge(at: PolicyAt, bytes: number, limit: number): ConfigError {
  return new ConfigError(
    `${where(at)}: the removal step's argument (Terraform's jsonencode of every policy's name) would be ${bytes} bytes, over the ${limit}-byte budget that keeps it ` +
      "under Linux's 128 KiB argument limit. Use shorter names, or split the policies over more datasets.",
  );
}

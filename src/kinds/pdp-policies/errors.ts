import { ConfigError } from '../../errors';

/** The errors of DomoPdpPolicies, each naming the dataset and policy, the bad value and the fix. */

/** `DomoPdpPolicies "stack/Sales": dataset "7c3e…", policy "North"`: where a policy problem is. */
function policyAt(construct: string, dataset: string, policy?: string): string {
  return `${construct}: dataset ${JSON.stringify(dataset)}${policy === undefined ? '' : `, policy ${JSON.stringify(policy)}`}`;
}

export function invalidDatasetId(construct: string, dataset: string): ConfigError {
  return new ConfigError(
    `${construct}: dataset id ${JSON.stringify(dataset)} is invalid; use the id from the dataset's URL in Domo (no spaces, "/", "?" or "#"), e.g. 7c3e5a10-…`,
  );
}

export function emptyPolicyName(construct: string, dataset: string, index: number): ConfigError {
  return new ConfigError(`${policyAt(construct, dataset)}: policy #${index + 1} has an empty name; every PDP policy needs a name.`);
}

export function duplicatePolicy(construct: string, dataset: string, first: string, second: string): ConfigError {
  return new ConfigError(
    `${policyAt(construct, dataset)}: policy ${JSON.stringify(second)} is named twice` +
      (first === second ? '' : ` (as ${JSON.stringify(first)} too; Domo compares policy names ignoring case)`) +
      '. Give each policy of a dataset its own name, or merge them.',
  );
}

export function systemPolicyName(construct: string, dataset: string, name: string): ConfigError {
  return new ConfigError(
    `${policyAt(construct, dataset, name)}: "All Rows" is the name of Domo's own system policy, which is never managed; name the policy differently.`,
  );
}

export function noPolicyFilters(construct: string, dataset: string, policy: string): ConfigError {
  return new ConfigError(
    `${policyAt(construct, dataset, policy)}: filters is empty. Give at least one filter, e.g. { column: 'Franchise', values: ['Sunbelt Tacos North'] }, ` +
      'or set allRows: true for a policy that shows every row.',
  );
}

export function allRowsWithFilters(construct: string, dataset: string, policy: string): ConfigError {
  return new ConfigError(
    `${policyAt(construct, dataset, policy)}: allRows is true but filters are given; a policy shows every row or the rows its filters match, not both.`,
  );
}

export function emptyFilterColumn(construct: string, dataset: string, policy: string, index: number): ConfigError {
  return new ConfigError(`${policyAt(construct, dataset, policy)}: filters[${index}].column is empty; name a column of the dataset.`);
}

export function emptyFilterValues(construct: string, dataset: string, policy: string, index: number, column: string): ConfigError {
  return new ConfigError(
    `${policyAt(construct, dataset, policy)}: filters[${index}] (column ${JSON.stringify(column)}) has no values; give at least one value.`,
  );
}

export function invalidFilterValue(construct: string, dataset: string, policy: string, index: number, value: unknown): ConfigError {
  return new ConfigError(
    `${policyAt(construct, dataset, policy)}: filters[${index}].values holds ${JSON.stringify(value)}; values are text, whatever the column's type (e.g. "101").`,
  );
}

export function invalidOperator(
  construct: string,
  dataset: string,
  policy: string,
  index: number,
  operator: unknown,
  operators: readonly string[],
): ConfigError {
  const upper =
    typeof operator === 'string' && operators.includes(operator.toUpperCase())
      ? ` (operators are upper case: ${operator.toUpperCase()})`
      : '';
  return new ConfigError(
    `${policyAt(construct, dataset, policy)}: filters[${index}].operator ${JSON.stringify(operator)} is not a PDP operator${upper}; ` +
      `use one of ${operators.join(', ')}, and not: true to negate.`,
  );
}

export function duplicateFilter(construct: string, dataset: string, policy: string, column: string, operator: string): ConfigError {
  return new ConfigError(
    `${policyAt(construct, dataset, policy)}: two filters on column ${JSON.stringify(column)} with operator ${operator}; merge their values into one filter.`,
  );
}

export function repeatedFilterValue(construct: string, dataset: string, policy: string, column: string, value: string): ConfigError {
  return new ConfigError(
    `${policyAt(construct, dataset, policy)}: value ${JSON.stringify(value)} appears in two filters on column ${JSON.stringify(column)}; keep it in one.`,
  );
}

export function invalidPolicyUser(construct: string, dataset: string, policy: string, problem: string): ConfigError {
  return new ConfigError(`${policyAt(construct, dataset, policy)}: users: ${problem}.`);
}

export function emptyPolicyGroup(construct: string, dataset: string, policy: string, position: number): ConfigError {
  return new ConfigError(
    `${policyAt(construct, dataset, policy)}: groups[${position}] is empty; give the directory group's displayName or remove it.`,
  );
}

export function duplicatePolicyMember(
  construct: string,
  dataset: string,
  policy: string,
  field: string,
  first: string,
  second: string,
): ConfigError {
  return new ConfigError(
    `${policyAt(construct, dataset, policy)}: ${field} lists ${JSON.stringify(second)} twice` +
      (first === second ? '.' : ` (as ${JSON.stringify(first)} too; names match ignoring case).`),
  );
}

export function policyNamesTooLarge(construct: string, dataset: string, bytes: number, limit: number): ConfigError {
  return new ConfigError(
    `${policyAt(construct, dataset)}: the removal step's argument (Terraform's jsonencode of every policy's name) would be ${bytes} bytes, over the ${limit}-byte budget that keeps it ` +
      "under Linux's 128 KiB argument limit. Use shorter names, or split the policies over more datasets.",
  );
}

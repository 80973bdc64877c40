import { z } from 'zod';

/*
 * Personalized Data Permissions (PDP): row policies of a dataset, as Domo's public API
 * (`/v1/datasets/{id}/policies`) carries them. A policy lets its users and groups see the rows its
 * filters match.
 */

/**
 * Filter operators accepted. Domo's examples use only EQUALS (with `not` to negate). Its Java SDK
 * names EQUALS, LIKE, GREATER_THAN, LESS_THAN, GREATER_THAN_EQUAL, LESS_THAN_EQUAL, BETWEEN,
 * BEGINS_WITH, ENDS_WITH and CONTAINS; its API reference spells two of them GREAT_THAN_EQUALS_TO and
 * LESS_THAN_EQUALS_TO; NOT_EQUALS is in this project's contract notes. Every spelling is accepted,
 * none is evaluated (the service never filters rows), and clients should send EQUALS and `not`.
 */
export const PDP_OPERATORS = [
  'EQUALS',
  'NOT_EQUALS',
  'LIKE',
  'GREATER_THAN',
  'LESS_THAN',
  'GREATER_THAN_EQUAL',
  'LESS_THAN_EQUAL',
  'GREAT_THAN_EQUALS_TO',
  'LESS_THAN_EQUALS_TO',
  'BETWEEN',
  'BEGINS_WITH',
  'ENDS_WITH',
  'CONTAINS',
] as const;

/** The name Domo gives the system policy of a dataset with PDP enabled. */
export const ALL_ROWS = 'All Rows';

export const SeedPolicyFilter = z.strictObject({
  /** A column of the dataset's schema, exactly as named there. */
  column: z.string().min(1),
  /** Values are strings whatever the column's type. */
  values: z.array(z.string()).min(1),
  operator: z.enum(PDP_OPERATORS),
  /** Negates the filter. @default false */
  not: z.boolean().default(false),
});
export type SeedPolicyFilter = z.infer<typeof SeedPolicyFilter>;

/** Domo ids (users, groups, policies) are numbers in this API, unlike SCIM's strings. */
const DomoNumber = z.number().int().positive();

const PolicyName = z.string().refine((s) => s.trim() !== '', 'must not be blank');
const PolicyFilters = z.array(SeedPolicyFilter);
const PolicyMembers = z.array(DomoNumber);

/** What a policy says, without its id and type: the body of a create. */
const policyFields = {
  name: PolicyName,
  /** Rows the policy's users and groups see; none: every row. @default [] */
  filters: PolicyFilters.default([]),
  /** Domo user ids. @default [] */
  users: PolicyMembers.default([]),
  /** Domo group ids. @default [] */
  groups: PolicyMembers.default([]),
};

export const SeedPolicy = z.strictObject({
  id: DomoNumber,
  /** `system`: the All Rows policy Domo keeps on every dataset with PDP enabled. @default 'user' */
  type: z.enum(['user', 'system']).default('user'),
  ...policyFields,
});
export type SeedPolicy = z.infer<typeof SeedPolicy>;
export type SeedPolicyInput = z.input<typeof SeedPolicy>;

/**
 * Body fields that are not the policy's content: an `id` is ignored, as SDKs send one (Domo's Java
 * SDK sends 0); `type` may only be "user", since system policies are Domo's.
 */
const bodyExtras = {
  id: z.unknown().optional(),
  type: z.literal('user', { error: 'only "user" policies can be written; the system policy is Domo\'s own' }).optional(),
};

/** The body of `POST /policies`: a name, the rest defaulted. */
export const PolicyBody = z.strictObject({ ...bodyExtras, ...policyFields });

/** The body of `PUT /policies/{id}`: the fields sent replace the policy's, absent ones stay (no defaults). */
export const PolicyUpdate = z.strictObject({
  ...bodyExtras,
  name: PolicyName.optional(),
  filters: PolicyFilters.optional(),
  users: PolicyMembers.optional(),
  groups: PolicyMembers.optional(),
});

/** What a policy names that the instance does not have; empty when everything exists. */
export function policyProblems(
  policy: Pick<SeedPolicy, 'filters' | 'users' | 'groups'>,
  columns: readonly string[],
  isUser: (id: number) => boolean,
  isGroup: (id: number) => boolean,
): string[] {
  const problems: string[] = [];
  const unknown = <T>(items: readonly T[], known: (item: T) => boolean) => [...new Set(items.filter((i) => !known(i)))];
  const columnsMissing = unknown(
    policy.filters.map((f) => f.column),
    (c) => columns.includes(c),
  );
  if (columnsMissing.length > 0)
    problems.push(`unknown column(s) ${columnsMissing.map((c) => `"${c}"`).join(', ')} (the dataset's columns: ${columns.join(', ')})`);
  const usersMissing = unknown(policy.users, isUser);
  if (usersMissing.length > 0) problems.push(`unknown user id(s) ${usersMissing.join(', ')}`);
  const groupsMissing = unknown(policy.groups, isGroup);
  if (groupsMissing.length > 0) problems.push(`unknown group id(s) ${groupsMissing.join(', ')}`);
  return problems;
}

/** A seed's datasets as the policy check needs them. */
interface DatasetPolicies {
  readonly columns: readonly { readonly name: string }[];
  readonly pdpEnabled?: boolean;
  readonly policies?: readonly SeedPolicy[];
}

/**
 * The seed rules of policies: only on datasets with PDP enabled, at most one system policy (named
 * All Rows), names unique per dataset (case-insensitively), ids unique across the instance, and
 * every column, user and group a policy names exists.
 */
export function checkSeedPolicies(
  datasets: readonly DatasetPolicies[],
  userIds: ReadonlySet<string>,
  groupIds: ReadonlySet<string>,
  ctx: z.RefinementCtx,
): void {
  const ids = new Set<number>();
  datasets.forEach((ds, i) => {
    const at = (...path: (string | number)[]) => ['datasets', i, 'policies', ...path];
    const policies = ds.policies ?? [];
    if (policies.length > 0 && !ds.pdpEnabled) ctx.addIssue({ code: 'custom', path: at(), message: 'policies need "pdpEnabled": true' });
    const names = new Set<string>();
    let systems = 0;
    policies.forEach((p, j) => {
      const issue = (message: string, ...path: string[]) => ctx.addIssue({ code: 'custom', path: at(j, ...path), message });
      if (ids.has(p.id)) issue(`duplicate policy id ${p.id} (ids are unique across datasets)`, 'id');
      ids.add(p.id);
      if (names.has(p.name.toLowerCase())) issue(`duplicate policy name "${p.name}" (compared case-insensitively)`, 'name');
      names.add(p.name.toLowerCase());
      if (p.type === 'system' && (++systems > 1 || p.name !== ALL_ROWS))
        issue(`a dataset has one system policy, named "${ALL_ROWS}"`, 'type');
      const columns = ds.columns.map((c) => c.name);
      for (const problem of policyProblems(
        p,
        columns,
        (id) => userIds.has(String(id)),
        (id) => groupIds.has(String(id)),
      ))
        issue(problem);
    });
  });
}

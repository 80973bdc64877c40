import { z } from 'zod';
import { userKey, groupKey } from '../../model/identity';

/**
 * PDP (Personalized Data Permissions) policies as desired: per dataset, policies identified by
 * name (case-insensitively, as Domo keeps names unique per dataset), each letting its users and
 * the members of its groups see the rows its filters match.
 */

/**
 * The filter operators Domo documents for PDP policies: its Java SDK's names, and the two other
 * spellings of its API reference. Negate with `not: true` (Domo's examples use EQUALS and `not`).
 */
export const PDP_OPERATORS = [
  'EQUALS',
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
export const PdpOperator = z.enum(PDP_OPERATORS);
export type PdpOperator = z.infer<typeof PdpOperator>;

/** The name of Domo's own policy on every dataset with PDP enabled: never ours to write. */
export const ALL_ROWS_POLICY = 'All Rows';

export const DesiredPdpFilter = z.object({
  /** A column of the dataset, exactly as Domo names it (case-sensitive). */
  column: z.string(),
  /** The values, distinct and sorted: Domo compares a filter's values as a set. */
  values: z.array(z.string()),
  operator: PdpOperator,
  not: z.boolean(),
});
export type DesiredPdpFilter = z.infer<typeof DesiredPdpFilter>;

/** One policy, normalized by the construct: filters sorted, members sorted and distinct. */
export const DesiredPdpPolicy = z.object({
  name: z.string(),
  /** Every row: a policy without filters, which must be asked for by name. */
  allRows: z.boolean(),
  filters: z.array(DesiredPdpFilter),
  /** userNames (emails), matched case-insensitively. */
  users: z.array(z.string()),
  /** Directory group displayNames, matched case-insensitively. */
  groups: z.array(z.string()),
});
export type DesiredPdpPolicy = z.infer<typeof DesiredPdpPolicy>;

/** A policy's identity within its dataset. */
export function policyKey(name: string): string {
  return name.trim().toLowerCase();
}

/** A policy's identity across datasets, as construct files list them. */
export function datasetPolicyKey(datasetId: string, name: string): string {
  return `${datasetId}\n${policyKey(name)}`;
}

/*
 * Trigger keys: `<policy>/rows` once per policy ("filtered" or "all"), `<policy>/filter/<column>/<value>`
 * per filter value (the operator as the value), `<policy>/user/<userName>` and
 * `<policy>/group/<displayName>` per member. Names can hold any text, so within each part `\` and
 * `/` are written `\\` and `\/`: the plan stays readable for ordinary names and every key parses
 * back to its parts (plan-summary rebuilds the policies a plan had before).
 */

const MEMBER = 'member';

/** One part of a trigger key. */
export function escapeKeyPart(part: string): string {
  return part.replace(/[\\/]/g, (ch) => `\\${ch}`);
}

/** The parts of a trigger key; undefined when it is not one (a lone backslash at the end). */
export function splitTriggerKey(key: string): string[] | undefined {
  const parts: string[] = [];
  let part = '';
  for (let i = 0; i < key.length; i++) {
    const ch = key[i]!;
    if (ch === '\\') {
      if (i + 1 >= key.length) return undefined;
      part += key[++i];
    } else if (ch === '/') {
      parts.push(part);
      part = '';
    } else part += ch;
  }
  parts.push(part);
  return parts;
}

/** How a filter's operator reads in the plan: `EQUALS`, or `not EQUALS` when negated. */
export function operatorLabel(filter: Pick<FilterLike, 'operator' | 'not'>): string {
  return filter.not ? `not ${filter.operator}` : filter.operator;
}

/**
 * One key per filter value and member, so `terraform plan` names exactly who joins or leaves
 * which policy (`+ "North/group/Franchise - North" = "member"`) and which filter value changes
 * (`- "North/filter/Franchise/Sunbelt Tacos North" = "EQUALS"`).
 */
export function policyTriggers(policies: readonly DesiredPdpPolicy[]): Record<string, string> {
  const triggers: Record<string, string> = {};
  for (const p of policies) {
    const base = escapeKeyPart(p.name);
    triggers[`${base}/rows`] = p.allRows ? 'all' : 'filtered';
    for (const f of p.filters) {
      for (const v of f.values) triggers[`${base}/filter/${escapeKeyPart(f.column)}/${escapeKeyPart(v)}`] = operatorLabel(f);
    }
    for (const u of p.users) triggers[`${base}/user/${escapeKeyPart(u)}`] = MEMBER;
    for (const g of p.groups) triggers[`${base}/group/${escapeKeyPart(g)}`] = MEMBER;
  }
  return triggers;
}

/** True when a trigger map looks like a policy instance's (every key parses, and some policy has its `rows` key). */
export function isPolicyTriggerMap(keys: Iterable<string>): boolean {
  let rows = false;
  for (const key of keys) {
    const parts = splitTriggerKey(key);
    if (!parts) return false;
    if (parts.length === 2 && parts[1] === 'rows') rows = true;
    else if (!((parts.length === 4 && parts[1] === 'filter') || (parts.length === 3 && (parts[1] === 'user' || parts[1] === 'group'))))
      return false;
  }
  return rows;
}

/**
 * The policies of a trigger map (as a plan shows it before or after), by policyKey. Filters are
 * rebuilt from their values: the construct allows one filter per column and operator, and a
 * value once per column, so nothing is lost. Keys that are not a policy's are ignored.
 */
export function policiesOfTriggers(
  triggers: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): Map<string, DesiredPdpPolicy> {
  const entries = triggers instanceof Map ? [...triggers] : Object.entries(triggers);
  const policies = new Map<
    string,
    { name: string; allRows: boolean; filters: Map<string, DesiredPdpFilter>; users: string[]; groups: string[] }
  >();
  const policyOf = (name: string) => {
    let p = policies.get(policyKey(name));
    if (!p) policies.set(policyKey(name), (p = { name, allRows: false, filters: new Map(), users: [], groups: [] }));
    return p;
  };
  for (const [key, value] of entries) {
    const parts = splitTriggerKey(key);
    if (!parts) continue;
    const [name, what] = parts as [string, string];
    if (parts.length === 2 && what === 'rows') policyOf(name).allRows = value === 'all';
    else if (parts.length === 3 && what === 'user') policyOf(name).users.push(parts[2]!);
    else if (parts.length === 3 && what === 'group') policyOf(name).groups.push(parts[2]!);
    else if (parts.length === 4 && what === 'filter') {
      const not = value.startsWith('not ');
      const operator = PdpOperator.safeParse(not ? value.slice(4) : value);
      if (!operator.success) continue;
      const filters = policyOf(name).filters;
      const id = `${parts[2]}\n${value}`;
      const filter = filters.get(id) ?? { column: parts[2]!, values: [] as string[], operator: operator.data, not };
      filter.values = [...filter.values, parts[3]!];
      filters.set(id, filter);
    }
  }
  return new Map(
    [...policies].map(([k, p]) => [
      k,
      normalizePolicy({ name: p.name, allRows: p.allRows, filters: [...p.filters.values()], users: p.users, groups: p.groups }),
    ]),
  );
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Filters sorted by column, operator and negation, values distinct and sorted; members distinct (ignoring case) and sorted. */
export function normalizePolicy(policy: DesiredPdpPolicy): DesiredPdpPolicy {
  const distinct = (items: readonly string[], key: (s: string) => string) => {
    const seen = new Map<string, string>();
    for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
    return [...seen.values()].sort((a, b) => compare(key(a), key(b)) || compare(a, b));
  };
  return {
    name: policy.name,
    allRows: policy.allRows,
    filters: policy.filters
      .map((f) => ({ column: f.column, values: [...new Set(f.values)].sort(compare), operator: f.operator, not: f.not }))
      .sort((a, b) => compare(a.column, b.column) || compare(operatorLabel(a), operatorLabel(b))),
    users: distinct(policy.users, userKey),
    groups: distinct(policy.groups, groupKey),
  };
}

/** A filter as read from Domo too, whose operator may be a spelling this project does not send. */
export interface FilterLike {
  readonly column: string;
  readonly values: readonly string[];
  readonly operator: string;
  readonly not: boolean;
}

const SYMBOLS: Readonly<Record<string, string>> = {
  GREATER_THAN: '>',
  LESS_THAN: '<',
  GREATER_THAN_EQUAL: '≥',
  GREAT_THAN_EQUALS_TO: '≥',
  LESS_THAN_EQUAL: '≤',
  LESS_THAN_EQUALS_TO: '≤',
  LIKE: 'like',
  BETWEEN: 'between',
  BEGINS_WITH: 'begins with',
  ENDS_WITH: 'ends with',
  CONTAINS: 'contains',
};

/**
 * A filter for people: `Franchise = Sunbelt Tacos North`, `Franchise in (A, B)`, `Region ≠ West`,
 * `Sales > 1000`. `quote` shows a column or value (a code span in Markdown, JSON in text).
 */
export function describeFilter(filter: FilterLike, quote: (s: string) => string): string {
  const column = quote(filter.column);
  const values = filter.values.map(quote);
  if (filter.operator === 'EQUALS') {
    if (values.length === 1) return `${column} ${filter.not ? '≠' : '='} ${values[0]}`;
    return `${column} ${filter.not ? 'not in' : 'in'} (${values.join(', ')})`;
  }
  const text = `${column} ${SYMBOLS[filter.operator] ?? filter.operator} ${filter.operator === 'BETWEEN' ? values.join(' and ') : values.join(', ')}`;
  return filter.not ? `not (${text})` : text;
}

/** The rows a policy lets its members see: its filters joined by "and", or "all rows". */
export function describeRows(
  policy: { readonly allRows?: boolean; readonly filters: readonly FilterLike[] },
  quote: (s: string) => string,
): string {
  if (policy.allRows || policy.filters.length === 0) return 'all rows';
  return policy.filters.map((f) => describeFilter(f, quote)).join(' and ');
}

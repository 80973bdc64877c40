import { userKey, userNameProblem, groupKey } from '../../model/identity';
import {
  ALL_ROWS_POLICY,
  escapeKeyPart,
  normalizePolicy,
  operatorLabel,
  PDP_OPERATORS,
  PdpOperator,
  policyKey,
  type DesiredPdpFilter,
  type DesiredPdpPolicy,
} from './model';
import type { PdpPolicySpec } from './derivation';
import { SHARD_ARGUMENT_BUDGET } from '../../constructs/sharding';
import { terraformJsonString } from '../../model/terraform-json';
import * as errors from './errors';
import { datasetIdProblem } from '../../domo/api/paths';

/**
 * Checks and normalizes the policies of every dataset, throwing a ConfigError that names the
 * construct, dataset, policy and field: an invalid dataset id, an empty or repeated policy name
 * (ignoring case), Domo's "All Rows", no filters without allRows, an empty column or value list,
 * an unknown operator, two filters of one column and operator, a value in two filters of a
 * column, a member that is not a userName, empty or repeated members.
 */
export function validatePdpPolicies(
  construct: string,
  datasets: Readonly<Record<string, readonly PdpPolicySpec[]>>,
): Map<string, DesiredPdpPolicy[]> {
  const result = new Map<string, DesiredPdpPolicy[]>();
  for (const [dataset, policies] of Object.entries(datasets)) {
    if (datasetIdProblem(dataset) !== undefined) throw errors.invalidDatasetId(construct, dataset);
    const names = new Map<string, string>();
    const inDataset: errors.PolicyAt = { construct, dataset };
    const validated = policies.map((spec, index) => {
      const name = (spec.name ?? '').trim();
      if (name === '') throw errors.emptyPolicyName(inDataset, index);
      if (policyKey(name) === policyKey(ALL_ROWS_POLICY)) throw errors.systemPolicyName({ ...inDataset, policy: name });
      const first = names.get(policyKey(name));
      if (first !== undefined) throw errors.duplicatePolicy(inDataset, first, name);
      names.set(policyKey(name), name);
      return validatePolicy({ ...inDataset, policy: name }, spec);
    });
    // The removal step's argument exactly: Terraform's jsonencode of the `<name>/rows` keys (manifest.ts destroyArgument).
    const bytes = Buffer.byteLength(`[${validated.map((p) => terraformJsonString(`${escapeKeyPart(p.name)}/rows`)).join(',')}]`);
    if (bytes > SHARD_ARGUMENT_BUDGET) throw errors.policyNamesTooLarge(inDataset, bytes, SHARD_ARGUMENT_BUDGET);
    result.set(dataset, validated);
  }
  return result;
}

function validatePolicy(at: errors.PolicyAt & { readonly policy: string }, spec: PdpPolicySpec): DesiredPdpPolicy {
  const name = at.policy;
  const allRows = spec.allRows === true;
  const specFilters = spec.filters ?? [];
  if (allRows && specFilters.length > 0) throw errors.allRowsWithFilters(at);
  if (!allRows && specFilters.length === 0) throw errors.noPolicyFilters(at);
  const filters: DesiredPdpFilter[] = specFilters.map((f, index) => {
    const column = typeof f.column === 'string' ? f.column : '';
    if (column.trim() === '') throw errors.emptyFilterColumn(at, index);
    const values = f.values ?? [];
    if (values.length === 0) throw errors.emptyFilterValues(at, index, column);
    for (const v of values) if (typeof v !== 'string') throw errors.invalidFilterValue(at, index, v);
    const operator = PdpOperator.safeParse(f.operator ?? 'EQUALS');
    if (!operator.success) throw errors.invalidOperator(at, index, f.operator, PDP_OPERATORS);
    return { column, values: [...values], operator: operator.data, not: f.not === true };
  });
  const seenFilters = new Set<string>();
  const seenValues = new Set<string>();
  for (const f of filters) {
    const id = JSON.stringify([f.column, operatorLabel(f)]);
    if (seenFilters.has(id)) throw errors.duplicateFilter(at, f.column, operatorLabel(f));
    seenFilters.add(id);
    for (const v of new Set(f.values)) {
      const valueId = JSON.stringify([f.column, v]);
      if (seenValues.has(valueId)) throw errors.repeatedFilterValue(at, f.column, v);
      seenValues.add(valueId);
    }
  }
  const users = distinctMembers(at, { field: 'users', members: spec.users ?? [], key: userKey }, (u) => {
    const problem = userNameProblem(u);
    if (problem !== undefined) throw errors.invalidPolicyUser(at, problem);
  });
  const groups = distinctMembers(at, { field: 'groups', members: spec.groups ?? [], key: groupKey }, (g, position) => {
    if (g === '') throw errors.emptyPolicyGroup(at, position);
  });
  return normalizePolicy({ name, allRows, filters, users, groups });
}

/** One member list of a policy: its field name, its members, and the key names are matched by. */
interface MemberList {
  readonly field: 'users' | 'groups';
  readonly members: readonly string[];
  readonly key: (name: string) => string;
}

function distinctMembers(
  at: errors.PolicyAt,
  { field, members, key }: MemberList,
  check: (member: string, position: number) => void,
): string[] {
  const seen = new Map<string, string>();
  members.forEach((raw, position) => {
    const member = typeof raw === 'string' ? raw.trim() : '';
    check(member, position);
    const first = seen.get(key(member));
    if (first !== undefined) throw errors.duplicatePolicyMember(at, field, first, member);
    seen.set(key(member), member);
  });
  return [...seen.values()];
}

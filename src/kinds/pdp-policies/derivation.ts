import type { Dataset, DatasetRow } from '../../sources/dataset';
import { InputErrors } from '../../errors';
import { groupRows, requireColumns } from '../../model/row-groups';
import type { PdpOperator } from './model';

/** One filter of a policy as a stack writes it: rows whose `column` matches one of `values`. */
export interface PdpFilterSpec {
  /** A column of the dataset, exactly as Domo names it (case-sensitive). */
  readonly column: string;
  /** At least one value; values are text whatever the column's type. */
  readonly values: readonly string[];
  /** @default 'EQUALS' */
  readonly operator?: PdpOperator;
  /** Negates the filter: rows that do NOT match. @default false */
  readonly not?: boolean;
}

/** One PDP policy as a stack writes it. */
export interface PdpPolicySpec {
  /** The policy's name: its identity within the dataset, unique ignoring case. */
  readonly name: string;
  /** The rows its members see: every filter must match. Required (non-empty) unless `allRows`. */
  readonly filters?: readonly PdpFilterSpec[];
  /** A policy without filters that shows every row; must be asked for explicitly. @default false */
  readonly allRows?: boolean;
  /** Members by userName (email). @default [] */
  readonly users?: readonly string[];
  /** Members by directory group displayName. @default [] */
  readonly groups?: readonly string[];
}

export interface PolicyDerivation {
  /** The column whose value makes a policy (e.g. 'franchise'), or a function of the row. */
  readonly groupBy: string | ((row: DatasetRow) => string | undefined);
  /** The policy's name for a groupBy value. @default - the value itself */
  readonly name?: (value: string) => string;
  /** The policy's filters for a groupBy value, e.g. `(f) => [{ column: 'Franchise', values: [f] }]`. */
  readonly filter: (value: string) => readonly PdpFilterSpec[];
  /** Directory groups (displayNames) given the policy, e.g. `(f) => [\`Franchise - ${f}\`]`. @default - none */
  readonly groups?: (value: string) => readonly string[];
  /**
   * Users given the policy directly: a column of userNames (every row of the value is a member),
   * or a function of the value and its rows. @default - none
   */
  readonly users?: string | ((value: string, rows: readonly DatasetRow[]) => readonly string[]);
  /** Only rows for which this holds count. @default - every row */
  readonly where?: (row: DatasetRow) => boolean;
}

/**
 * Dataset rows -> PDP policies, one per groupBy value (rows with an empty value make none), in the
 * order values first appear. Missing columns and userNames the identity rule refuses are reported
 * with file, row and column, all at once; the construct checks the policies themselves.
 */
export function derivePolicies(dataset: Dataset, derivation: PolicyDerivation): PdpPolicySpec[] {
  const userColumn = typeof derivation.users === 'string' ? derivation.users : undefined;
  requireColumns(dataset, [...(typeof derivation.groupBy === 'string' ? [derivation.groupBy] : []), ...(userColumn ? [userColumn] : [])]);
  const { byValue, problems } = groupRows(dataset, { groupBy: derivation.groupBy, where: derivation.where, userNameColumn: userColumn });
  if (problems.length > 0) throw new InputErrors(problems);
  const usersOf = (value: string, rows: readonly DatasetRow[]): readonly string[] => {
    if (derivation.users === undefined) return [];
    if (typeof derivation.users === 'function') return derivation.users(value, rows);
    return rows.map((r) => r.values[derivation.users as string]!.trim());
  };
  return [...byValue].map(([value, rows]) => ({
    name: derivation.name ? derivation.name(value) : value,
    filters: derivation.filter(value),
    users: [...usersOf(value, rows)],
    groups: [...(derivation.groups?.(value) ?? [])],
  }));
}

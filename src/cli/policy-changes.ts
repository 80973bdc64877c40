/** What a summary reads of PDP policies: each dataset's, as the local service's snapshot has them. */
export interface PolicyState {
  readonly datasets?: ReadonlyArray<{
    readonly id: string;
    readonly name?: string;
    readonly policies?: ReadonlyArray<{ readonly name: string; readonly [field: string]: unknown }>;
  }>;
}

/** Policies by `<dataset name>: <policy name>`, created, changed (filters or members) or deleted. */
export interface PolicyChanges {
  readonly created: string[];
  readonly changed: string[];
  readonly deleted: string[];
}

/** Policies matched by dataset id and name; any difference in filters or members is a change. */
export function policyChanges(before: PolicyState, after: PolicyState): PolicyChanges {
  const old = policiesOf(before);
  const now = policiesOf(after);
  const label = (key: string) => (now.get(key) ?? old.get(key))!.label;
  return {
    created: [...now.keys()].filter((k) => !old.has(k)).map(label),
    changed: [...now.keys()].filter((k) => old.has(k) && old.get(k)!.body !== now.get(k)!.body).map(label),
    deleted: [...old.keys()].filter((k) => !now.has(k)).map(label),
  };
}

function policiesOf(state: PolicyState): Map<string, { label: string; body: string }> {
  return new Map(
    (state.datasets ?? []).flatMap((d) =>
      (d.policies ?? []).map(
        (p) => [JSON.stringify([d.id, p.name]), { label: `${d.name ?? d.id}: ${p.name}`, body: JSON.stringify(p) }] as const,
      ),
    ),
  );
}

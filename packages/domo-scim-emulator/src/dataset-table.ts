import { SeedDataset } from './dataset-seed';
import { ALL_ROWS, SeedPolicy, SeedPolicyInput } from './pdp-seed';

/** The seed's datasets and, for those with PDP enabled, their policies, which are the part that changes. */
export class DatasetTable {
  private readonly byId: Map<string, SeedDataset>;
  /** Dataset id -> its PDP policies by id, for the datasets with PDP enabled. */
  private readonly policiesByDataset = new Map<string, Map<number, SeedPolicy>>();

  /** `seeded` is kept as given (undefined: none given), so a snapshot round-trips the seed. */
  constructor(private readonly seeded: SeedDataset[] | undefined) {
    this.byId = new Map((seeded ?? []).map((d) => [d.id, d]));
    this.loadPolicies(seeded ?? []);
  }

  /** Not copied (datasets can be large): callers must not change it. */
  get(id: string): Readonly<SeedDataset> | undefined {
    return this.byId.get(id);
  }

  pdpEnabled(datasetId: string): boolean {
    return this.policiesByDataset.has(datasetId);
  }

  policies(datasetId: string): SeedPolicy[] {
    return structuredClone([...(this.policiesByDataset.get(datasetId)?.values() ?? [])].sort((a, b) => a.id - b.id));
  }

  policy(datasetId: string, id: number): SeedPolicy | undefined {
    const policy = this.policiesByDataset.get(datasetId)?.get(id);
    return policy && structuredClone(policy);
  }

  /** Stores the parsed policy itself: callers copy it before handing it out. */
  putPolicy(datasetId: string, input: SeedPolicyInput): SeedPolicy {
    const policies = this.policiesByDataset.get(datasetId);
    if (!policies) throw new Error(`Dataset ${datasetId} does not exist or does not have PDP enabled`);
    const policy = SeedPolicy.parse(input);
    policies.set(policy.id, policy);
    return policy;
  }

  deletePolicy(datasetId: string, id: number): boolean {
    return this.policiesByDataset.get(datasetId)?.delete(id) ?? false;
  }

  /** Above the largest policy id of any dataset: Domo's policy ids are unique across the instance. */
  nextPolicyId(): number {
    let max = 0;
    for (const policies of this.policiesByDataset.values()) for (const id of policies.keys()) max = Math.max(max, id);
    return max + 1;
  }

  /** A deleted user or group leaves every policy that named it, as in Domo. */
  forget(field: 'users' | 'groups', id: string): void {
    for (const policies of this.policiesByDataset.values()) {
      for (const p of policies.values()) p[field] = p[field].filter((member) => String(member) !== id);
    }
  }

  /** Seed format, each PDP dataset with its current policies; undefined when the seed gave no datasets. */
  snapshot(): SeedDataset[] | undefined {
    return this.seeded?.map((d) => (this.pdpEnabled(d.id) ? { ...d, policies: this.policies(d.id) } : d));
  }

  /** Seed policies, plus the All Rows policy of each PDP dataset whose seed has none (ids above the seed's). */
  private loadPolicies(datasets: readonly SeedDataset[]): void {
    for (const d of datasets) {
      if (d.pdpEnabled) this.policiesByDataset.set(d.id, new Map((d.policies ?? []).map((p) => [p.id, structuredClone(p)])));
    }
    for (const policies of this.policiesByDataset.values()) {
      if ([...policies.values()].some((p) => p.type === 'system')) continue;
      const allRows = SeedPolicy.parse({ id: this.nextPolicyId(), type: 'system', name: ALL_ROWS });
      policies.set(allRows.id, allRows);
    }
  }
}

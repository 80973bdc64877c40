import type { PdpPolicy } from '../../domo/api/pdp';
import type { Domain } from '../../engine/context';
import type { Outcome } from '../../engine/outcome';
import { userKey, groupKey } from '../../model/identity';
import type { DesiredPdpPolicy } from './model';
import { policyIdentity } from './describe';

export interface Checked {
  readonly problems: Outcome[];
  /** The dataset's policies as Domo has them (empty when the dataset is unknown). */
  readonly live: PdpPolicy[];
}

/**
 * Reads the dataset, its policies and every member, and lists every problem: an unknown dataset,
 * PDP not enabled, a filter column the dataset lacks, a user or group that is neither in Domo nor
 * a record of this stack (which would be created). No write happens before this returns none.
 */
export async function check(domain: Domain, datasetId: string, policies: readonly DesiredPdpPolicy[]): Promise<Checked> {
  const problems: Outcome[] = [];
  const problem = (identity: string, error: string) => problems.push({ identity, status: 'failed', error });
  const dataset = await domain.pdp.dataset(datasetId);
  if (!dataset)
    problem(`dataset ${datasetId}`, "Domo has no dataset with this id: check the id (the last part of the dataset's URL in Domo)");
  else if (dataset.pdpEnabled === false)
    problem(`dataset ${datasetId}`, 'Personalized Data Permissions are not enabled on this dataset: enable PDP on it in Domo first');
  if (dataset) {
    const columns = new Set(dataset.columns);
    for (const p of policies) {
      for (const column of new Set(p.filters.map((f) => f.column).filter((c) => !columns.has(c))))
        problem(
          policyIdentity(p.name),
          `filter column ${JSON.stringify(column)} is not a column of dataset ${datasetId} (its columns: ${dataset.columns.join(', ')})`,
        );
    }
  }
  const users = await domain.users.find(policies.flatMap((p) => p.users));
  const groups = new Map<string, boolean>();
  for (const name of new Set(policies.flatMap((p) => p.groups.map(groupKey)))) {
    const displayName = policies.flatMap((p) => p.groups).find((g) => groupKey(g) === name)!;
    groups.set(name, (await domain.groups.find(displayName)) !== undefined || domain.groups.recordOf(displayName).record !== undefined);
  }
  for (const p of policies) {
    for (const u of p.users)
      if (!users.get(userKey(u)) && !domain.people.isCreatable(u))
        problem(policyIdentity(p.name), `user ${JSON.stringify(u)} is neither a Domo user nor ${creatorOf(domain.people.creator, 'user')}`);
    for (const g of p.groups)
      if (!groups.get(groupKey(g)))
        problem(
          policyIdentity(p.name),
          `group ${JSON.stringify(g)} is neither a Domo directory group nor ${creatorOf(domain.groups.recordOf(g).by, 'group')}`,
        );
  }
  const live = dataset && dataset.pdpEnabled !== false ? await domain.pdp.listPolicies(datasetId) : [];
  return { problems, live };
}

/** `a user of this stack's DomoUsers`, or `a user this stack creates` when no construct of it creates any. */
function creatorOf(by: string | undefined, what: string): string {
  return by === undefined ? `a ${what} this stack creates` : `a ${what} of this stack's ${by}`;
}

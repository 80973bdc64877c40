import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Dispatcher } from 'undici';
import { validatePdpPolicies } from '../../kinds/pdp-policies/domo-pdp-policies';
import { PdpClient, type PdpPolicy, type PublicApiAccess } from '../../domo/api/pdp';
import type { RetryPolicy } from '../../domo/retry';
import { ScimClient } from '../../domo/scim/client';
import { ConfigError, InputError } from '../../errors';
import { isUserName, userKey, groupKey } from '../../model/identity';
import { PDP_OPERATORS } from '../../kinds/pdp-policies/model';
import type { PdpFilterSpec, PdpPolicySpec } from '../../kinds/pdp-policies/derivation';
import { listProblems } from './problems';

export interface PolicyExportOptions {
  readonly scimUrl: string;
  readonly token: string;
  /** @default 'bearer' */
  readonly authScheme?: 'bearer' | 'developer-token';
  readonly publicApi: PublicApiAccess;
  /** Dataset ids whose policies to export. */
  readonly datasets: readonly string[];
  readonly dispatcher?: Dispatcher;
  readonly retry?: Partial<RetryPolicy>;
}

export interface ExportedPolicies {
  /** By dataset id, in the shape DomoPdpPolicies' `datasets` prop takes; policies by name, members sorted. */
  readonly datasets: Record<string, PdpPolicySpec[]>;
  readonly warnings: readonly string[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Reads the `user` policies of the datasets (never the system All Rows policy) with their members
 * as userNames and group displayNames (one listing of users' userNames, one of groups without
 * members), checked with the construct's own rules so that a stack reading the file deploys
 * without a change. A policy that cannot be written so (a member id no user or group has, an
 * operator this project does not send) stops the export, naming it, before anything is written.
 */
export async function readPolicyExport(options: PolicyExportOptions): Promise<ExportedPolicies> {
  if (options.datasets.length === 0) throw new ConfigError('--datasets needs at least one dataset id, e.g. --datasets 7c3e5a10-sales');
  const scim = new ScimClient({
    baseUrl: options.scimUrl,
    token: options.token,
    authScheme: options.authScheme,
    dispatcher: options.dispatcher,
    retry: options.retry,
  });
  const pdp = PdpClient.standalone(options.publicApi, { dispatcher: options.dispatcher, retry: options.retry });
  try {
    const warnings: string[] = [];
    const live = await readDatasetPolicies(pdp, options.datasets, warnings);
    const datasets = exportDatasets(live, await readNames(scim));
    // The construct's own rules: what they refuse here, a stack reading the file would refuse too.
    validatePdpPolicies('the exported policies', datasets);
    return { datasets, warnings };
  } finally {
    await pdp.close();
    await scim.close();
  }
}

/** Each dataset's `user` policies; a dataset Domo lacks stops the export. */
async function readDatasetPolicies(pdp: PdpClient, ids: readonly string[], warnings: string[]): Promise<Map<string, PdpPolicy[]>> {
  const live = new Map<string, PdpPolicy[]>();
  for (const id of ids) {
    const dataset = await pdp.dataset(id);
    if (!dataset)
      throw new InputError(
        { file: `dataset:${id}` },
        "Domo has no dataset with this id; check the id, the last part of the dataset's URL in Domo",
      );
    if (dataset.pdpEnabled === false) warnings.push(`dataset ${id}: PDP is not enabled, so it has no policies to export`);
    live.set(
      id,
      (await pdp.listPolicies(id)).filter((p) => p.type !== 'system'),
    );
  }
  return live;
}

/** Domo's names for the numeric ids policies hold members by. */
interface Names {
  readonly userNames: ReadonlyMap<number, string>;
  readonly groupNames: ReadonlyMap<number, string>;
}

async function readNames(scim: ScimClient): Promise<Names> {
  const userNames = new Map<number, string>();
  for await (const page of scim.listUsers({ attributes: ['userName'], pageSize: 1000 }))
    for (const u of page) if (/^\d+$/.test(u.id)) userNames.set(Number(u.id), u.userName.trim());
  const groupNames = new Map<number, string>();
  for await (const page of scim.listGroups({ excludeMembers: true, pageSize: 1000 }))
    for (const g of page) if (/^\d+$/.test(g.id)) groupNames.set(Number(g.id), g.displayName);
  return { userNames, groupNames };
}

/** The policies as specs, by name; throws, listing every policy that cannot be written so. */
function exportDatasets(live: ReadonlyMap<string, PdpPolicy[]>, { userNames, groupNames }: Names): Record<string, PdpPolicySpec[]> {
  const problems: string[] = [];
  const datasets: Record<string, PdpPolicySpec[]> = {};
  for (const [id, policies] of live) {
    datasets[id] = policies
      .map((p) =>
        exportPolicy(p, userNames, groupNames, (problem) => problems.push(`dataset ${id}, policy ${JSON.stringify(p.name)}: ${problem}`)),
      )
      .sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()));
  }
  if (problems.length > 0) {
    throw new Error(
      `${problems.length} polic${problems.length === 1 ? 'y' : 'ies'} cannot be exported so that a deploy from the file keeps ${problems.length === 1 ? 'it' : 'them'} as ${problems.length === 1 ? 'it is' : 'they are'}; nothing was written:\n${listProblems(problems)}`,
    );
  }
  return datasets;
}

function exportPolicy(
  policy: PdpPolicy,
  userNames: ReadonlyMap<number, string>,
  groupNames: ReadonlyMap<number, string>,
  problem: (text: string) => void,
): PdpPolicySpec {
  const filters: PdpFilterSpec[] = policy.filters.map((f) => {
    if (!(PDP_OPERATORS as readonly string[]).includes(f.operator))
      problem(`operator ${JSON.stringify(f.operator)} is not one this project sends (${PDP_OPERATORS.join(', ')})`);
    return {
      column: f.column,
      values: [...new Set(f.values)].sort(compare),
      operator: f.operator as PdpFilterSpec['operator'],
      ...(f.not ? { not: true } : {}),
    };
  });
  const users = policy.users.flatMap((id) => {
    const name = userNames.get(id);
    if (name === undefined || !isUserName(name)) {
      problem(
        name === undefined ? `user id ${id} is no Domo user's` : `user ${id} has userName ${JSON.stringify(name)}, which is not an email`,
      );
      return [];
    }
    return [name];
  });
  const groups = policy.groups.flatMap((id) => {
    const name = groupNames.get(id);
    if (name === undefined) problem(`group id ${id} is no directory group's`);
    return name === undefined ? [] : [name];
  });
  return {
    name: policy.name,
    ...(filters.length === 0 ? { allRows: true } : { filters }),
    users: [...new Set(users)].sort((a, b) => compare(userKey(a), userKey(b))),
    groups: [...new Set(groups)].sort((a, b) => compare(groupKey(a), groupKey(b))),
  };
}

/** Writes the policies as JSON next to `file` and renames it into place, so a failed run leaves no half-written file. */
export function writePoliciesFile(data: ExportedPolicies, file: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, `${JSON.stringify(data.datasets, null, 2)}\n`);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new ConfigError(`cannot write ${file}: ${(e as Error).message}`, { cause: e });
  }
}

import * as path from 'node:path';
import { validatePdpPolicies } from './validate';
import type { PdpClient, PdpPolicy } from '../../domo/api/pdp';
import type { LiveReads } from '../../drift/live-reads';
import { writeJsonFile, type ExportHooks } from '../export';
import { bulletList, ConfigError, InputError } from '../../errors';
import { isUserName, userKey, groupKey } from '../../model/identity';
import { PDP_OPERATORS } from './model';
import type { PdpFilterSpec, PdpPolicySpec } from './derivation';

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
export async function readPolicyExport(reads: LiveReads, datasetIds: readonly string[]): Promise<ExportedPolicies> {
  if (datasetIds.length === 0) throw new ConfigError('--datasets needs at least one dataset id, e.g. --datasets 7c3e5a10-sales');
  const warnings: string[] = [];
  const live = await readDatasetPolicies(reads.pdp('export --policies-out reads PDP policies'), datasetIds, warnings);
  const datasets = exportDatasets(live, await readNames(reads));
  // The construct's own rules: what they refuse here, a stack reading the file would refuse too.
  validatePdpPolicies('the exported policies', datasets);
  return { datasets, warnings };
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

async function readNames(reads: LiveReads): Promise<Names> {
  const userNames = new Map<number, string>();
  for (const u of await reads.userNames()) if (/^\d+$/.test(u.id)) userNames.set(Number(u.id), u.userName.trim());
  const groupNames = new Map<number, string>();
  for (const g of await reads.groups()) if (/^\d+$/.test(g.id)) groupNames.set(Number(g.id), g.displayName);
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
      `${problems.length} polic${problems.length === 1 ? 'y' : 'ies'} cannot be exported so that a deploy from the file keeps ${problems.length === 1 ? 'it' : 'them'} as ${problems.length === 1 ? 'it is' : 'they are'}; nothing was written:\n${bulletList(problems, 20)}`,
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

/** Writes the policies as JSON, renamed into place whole. */
export function writePoliciesFile(data: ExportedPolicies, file: string): void {
  writeJsonFile(file, data.datasets);
}

/** `--policies-out FILE --datasets id1,id2`: the datasets' PDP policies as JSON, in the shape DomoPdpPolicies' datasets prop takes. */
export const policiesExport: ExportHooks<{ readonly out: string; readonly datasets: readonly string[] }> = {
  flags: [
    ['--policies-out <file>', "write the datasets' PDP policies as JSON, in the shape DomoPdpPolicies' datasets prop takes"],
    ['--datasets <id1,id2>', 'dataset ids whose PDP policies to export (with --policies-out)'],
  ],
  what: '--policies-out FILE (PDP policies)',
  readBack: 'Read the policies with new DomoPdpPolicies(stack, id, { datasets: readPdpPoliciesFile(file), scim }).',
  options(raw) {
    const out = raw['policiesOut'];
    const datasets =
      typeof raw['datasets'] === 'string'
        ? raw['datasets']
            .split(',')
            .map((d) => d.trim())
            .filter((d) => d !== '')
        : undefined;
    if (out === undefined)
      return raw['datasets'] === undefined
        ? { asked: false }
        : { problems: ['--datasets is for --policies-out: give the file to write the policies to'] };
    if (typeof out !== 'string' || out === '') return { problems: ['--policies-out needs a file name'] };
    if (raw['datasets'] === undefined) return { problems: ['--policies-out needs --datasets: the dataset ids whose policies to export'] };
    if (!datasets || datasets.length === 0) return { problems: ['--datasets needs at least one value, e.g. --datasets 7c3e5a10-sales'] };
    return { asked: true, options: { out, datasets } };
  },
  async read(options, { reads, cwd }) {
    const policies = await readPolicyExport(reads, options.datasets);
    const file = path.resolve(cwd, options.out);
    return {
      warnings: policies.warnings,
      async write() {
        writePoliciesFile(policies, file);
        const count = Object.values(policies.datasets).reduce((n, list) => n + list.length, 0);
        return [`Wrote ${count} PDP polic${count === 1 ? 'y' : 'ies'} of ${Object.keys(policies.datasets).length} dataset(s) to ${file}`];
      },
    };
  },
};
